package pmapsim.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pmapsim.model.scenario.Problem;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.model.scenario.Sizes;

/**
 * A cluster scenario: several machines, each a single-machine scenario file with overrides, sharing one NFS server
 * with a finite service rate and queue. The file's only top-level key is {@code cluster}; see
 * src/docs/scenarios.md, "Cluster scenarios".
 *
 * @param sha256 the digest of everything the run depends on (the cluster file and every machine's resolved
 *               scenario): nodes that were given the scenario compare it with the run's
 */
public record ClusterScenario(String name, String description, String source, ServerSpec server,
                              List<MachineEntry> machines, String sha256) {

    /** The shared NFS server: a fixed cost per RPC, a bandwidth, and how many requests it holds at once. */
    public record ServerSpec(long rpcMicros, long bytesPerSecond, int queue) implements pmapsim.actors.run.Cbor {
        public long serviceMicros(long bytes) {
            return rpcMicros + (bytes * 1_000_000L) / bytesPerSecond;
        }
    }

    /** One machine: its name in the lab, and its scenario with the overrides applied (text: see ScenarioLoader). */
    public record MachineEntry(String name, String scenarioText, String source) {
    }

    private static final Set<String> TOP = Set.of("name", "description", "nfs-server", "machines");
    private static final Set<String> SERVER = Set.of("rpc-time", "bandwidth", "queue");
    private static final Set<String> MACHINE = Set.of("name", "scenario", "memory", "cpus", "policy", "seed", "set");

    /** Whether the file is a cluster scenario (its top level has {@code cluster}); false when it cannot be read. */
    public static boolean isCluster(Path file) {
        try {
            return Files.isRegularFile(file) && ConfigFactory.parseFile(file.toFile()).hasPath("cluster");
        } catch (ConfigException e) {
            return false;
        }
    }

    public static ClusterScenario load(Path file) throws ScenarioException {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(List.of(new Problem(file.toString(), 0, "",
                    Files.exists(file) ? "not a regular file" : "no such file")));
        }
        Config root;
        try {
            root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve(ConfigResolveOptions.noSystem());
        } catch (ConfigException e) {
            throw new ScenarioException(List.of(new Problem(file.toString(), line(e.origin()), "", e.getMessage())));
        }
        if (!root.hasPath("cluster")) {
            throw new ScenarioException(List.of(new Problem(file.toString(), 0, "cluster",
                    "not a cluster scenario: it has no cluster { ... } section")));
        }
        for (String k : root.root().keySet()) {
            if (!k.equals("cluster")) {
                problems.add(problem(file, root.getValue(k), k, "unknown key in a cluster scenario (only cluster)"));
            }
        }
        Config c = root.getConfig("cluster");
        unknown(file, c, "cluster.", TOP, problems);
        String name = string(file, c, "name", "cluster.name", problems, file.getFileName().toString());
        String description = c.hasPath("description") ? c.getString("description") : "";
        ServerSpec server = null;
        if (!c.hasPath("nfs-server")) {
            problems.add(new Problem(file.toString(), 0, "cluster.nfs-server", "missing: the shared NFS server"));
        } else {
            Config s = c.getConfig("nfs-server");
            unknown(file, s, "cluster.nfs-server.", SERVER, problems);
            try {
                long rpc = s.getDuration("rpc-time").toNanos() / 1000;
                long bw = Sizes.parse(s.getString("bandwidth"));
                int q = s.getInt("queue");
                if (rpc < 0) {
                    problems.add(problem(file, s.getValue("rpc-time"), "cluster.nfs-server.rpc-time",
                            "must not be negative"));
                }
                if (bw <= 0) {
                    problems.add(problem(file, s.getValue("bandwidth"), "cluster.nfs-server.bandwidth",
                            "must be a positive size per second"));
                }
                if (q < 1 || q > 1_000_000) {
                    problems.add(problem(file, s.getValue("queue"), "cluster.nfs-server.queue",
                            "wants a number of requests from 1 to 1,000,000"));
                }
                server = new ServerSpec(rpc, bw, q);
            } catch (ConfigException | IllegalArgumentException e) {
                problems.add(new Problem(file.toString(), e instanceof ConfigException ce ? line(ce.origin()) : 0,
                        "cluster.nfs-server", oneLine(e)));
            }
        }
        List<MachineEntry> machines = new ArrayList<>();
        List<? extends Config> list = List.of();
        try {
            list = c.getConfigList("machines");
        } catch (ConfigException e) {
            problems.add(new Problem(file.toString(), line(e.origin()), "cluster.machines",
                    "wants a list of machines: " + oneLine(e)));
        }
        Set<String> names = new TreeSet<>();
        Path dir = file.toAbsolutePath().getParent();
        for (int i = 0; i < list.size(); i++) {
            Config m = list.get(i);
            String key = "cluster.machines[" + i + "]";
            unknown(file, m, key + ".", MACHINE, problems);
            String mname = string(file, m, "name", key + ".name", problems, null);
            String scen = string(file, m, "scenario", key + ".scenario", problems, null);
            if (mname == null || scen == null) {
                continue;
            }
            if (!mname.matches("[a-z0-9][a-z0-9-]{0,30}")) {
                problems.add(problem(file, m.getValue("name"), key + ".name",
                        "a machine's name is lower-case letters, digits and '-', at most 31"));
                continue;
            }
            if (!names.add(mname)) {
                problems.add(problem(file, m.getValue("name"), key + ".name", "two machines named " + mname));
                continue;
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            if (m.hasPath("memory")) {
                overrides.put("machine.memory", "\"" + m.getString("memory") + "\"");
            }
            if (m.hasPath("cpus")) {
                overrides.put("machine.cpus", m.getValue("cpus").render());
            }
            if (m.hasPath("policy")) {
                overrides.put("machine.policy", m.getString("policy"));
            }
            if (m.hasPath("seed")) {
                overrides.put("seed", m.getValue("seed").render());
            }
            if (m.hasPath("set")) {
                for (Map.Entry<String, ConfigValue> e : m.getConfig("set").entrySet()) {
                    overrides.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise()));
                }
            }
            Path scenarioFile = dir.resolve(scen);
            try {
                ScenarioLoader.Loaded loaded = ScenarioLoader.loadWithText(scenarioFile, overrides);
                machines.add(new MachineEntry(mname, loaded.text(), scenarioFile.toString()));
            } catch (ScenarioException e) {
                for (Problem p : e.problems()) {
                    problems.add(new Problem(p.file(), p.line(), p.key(), p.message() + " (machine " + mname + ")"));
                }
            }
        }
        if (list.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(file.toString(), 0, "cluster.machines", "a cluster scenario needs a machine"));
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        StringBuilder all = new StringBuilder(root.root().render(ConfigRenderOptions.concise()));
        machines.forEach(m -> all.append('\n').append(m.name()).append('\n').append(m.scenarioText()));
        return new ClusterScenario(name, description, file.toString(), server, List.copyOf(machines),
                sha256(all.toString()));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void unknown(Path file, Config c, String prefix, Set<String> known, List<Problem> problems) {
        for (String k : c.root().keySet()) {
            if (!known.contains(k)) {
                problems.add(problem(file, c.root().get(k), prefix + k, "unknown key; known: "
                        + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    private static String string(Path file, Config c, String path, String key, List<Problem> problems, String dflt) {
        if (!c.hasPath(path)) {
            if (dflt == null) {
                problems.add(new Problem(file.toString(), line(c.origin()), key, "missing"));
            }
            return dflt;
        }
        try {
            return c.getString(path);
        } catch (ConfigException e) {
            problems.add(problem(file, c.getValue(path), key, "wants a string"));
            return dflt;
        }
    }

    private static Problem problem(Path file, ConfigValue v, String key, String message) {
        return new Problem(file.toString(), line(v.origin()), key, message);
    }

    private static int line(com.typesafe.config.ConfigOrigin o) {
        return o == null || o.lineNumber() < 0 ? 0 : o.lineNumber();
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
