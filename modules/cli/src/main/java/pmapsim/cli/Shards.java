package pmapsim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import pmapsim.report.stress.Campaign;
import pmapsim.report.stress.OutcomeClass;

/**
 * {@code stress --parallel K}: the seeds are cut into K contiguous ranges, each run by a child JVM ({@code stress
 * --json} on its range: a controlled world is one per JVM), and the tables merged. The merged table equals the
 * single-process table for the same seeds: every run is the same run, whichever process ran it.
 */
final class Shards {
    private Shards() {
    }

    static List<Campaign.Table> run(StressCommand c, List<String> policies, int k, boolean bar) throws Exception {
        long start = System.nanoTime();
        List<Process> children = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        List<Path> errors = new ArrayList<>();
        int base = c.runs / k;
        int extra = c.runs % k;
        long seed = c.firstSeed;
        for (int i = 0; i < k; i++) {
            int n = base + (i < extra ? 1 : 0);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xss4m", "-XX:+UseParallelGC"));
            String conf = System.getProperty("config.file");
            if (conf != null) {
                cmd.add("-Dconfig.file=" + conf);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "stress",
                    c.scenario.file.toString(), "--runs", String.valueOf(n), "--first-seed", String.valueOf(seed),
                    "--strategy", c.strategy, "--max-events", String.valueOf(c.maxEvents), "--json",
                    "--journal", "none")); // the parent records each class's first run once the tables are merged
            if (c.checkDeterminism) {
                cmd.add("--check-determinism");
            }
            if (c.policy != null) {
                cmd.addAll(List.of("--policy", c.policy));
            }
            if (c.scenario.cpus != null) {
                cmd.addAll(List.of("--cpus", String.valueOf(c.scenario.cpus)));
            }
            if (c.scenario.memory != null) {
                cmd.addAll(List.of("--memory", c.scenario.memory));
            }
            Path o = Files.createTempFile("pmapsim-shard", ".json");
            Path e = Files.createTempFile("pmapsim-shard", ".err");
            outputs.add(o);
            errors.add(e);
            children.add(new ProcessBuilder(cmd).redirectOutput(o.toFile()).redirectError(e.toFile()).start());
            seed += n;
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<OutcomeClass, Campaign.Row>> merged = new java.util.LinkedHashMap<>();
        Map<String, Long> mismatches = new java.util.TreeMap<>();
        policies.forEach(p -> merged.put(p, new EnumMap<>(OutcomeClass.class)));
        try {
            for (int i = 0; i < k; i++) {
                int code = children.get(i).waitFor();
                if (bar) {
                    System.err.print("\r" + (i + 1) + "/" + k + " processes done");
                    System.err.flush();
                }
                if (code != 0) {
                    throw new IllegalStateException("stress process " + (i + 1) + " of " + k + " exited " + code
                            + ": " + Files.readString(errors.get(i)).strip());
                }
                JsonNode root = json.readTree(outputs.get(i).toFile());
                for (String p : policies) {
                    JsonNode pol = root.get("policies").get(p);
                    if (pol.has("determinism_mismatches")) {
                        mismatches.merge(p, pol.get("determinism_mismatches").asLong(), Long::sum);
                    }
                    JsonNode classes = pol.get("classes");
                    for (var it = classes.fields(); it.hasNext(); ) {
                        var f = it.next();
                        OutcomeClass oc = OutcomeClass.byKey(f.getKey());
                        JsonNode r = f.getValue();
                        Campaign.Row row = new Campaign.Row(oc, r.get("runs").asLong(), r.get("first_seed").asLong(),
                                r.get("story").asText());
                        merged.get(p).merge(oc, row, (a, b) -> new Campaign.Row(oc, a.count() + b.count(),
                                Math.min(a.firstSeed(), b.firstSeed()),
                                a.firstSeed() <= b.firstSeed() ? a.story() : b.story()));
                    }
                }
            }
        } finally {
            children.forEach(Process::destroyForcibly);
            for (Path p : outputs) {
                Files.deleteIfExists(p);
            }
            for (Path p : errors) {
                Files.deleteIfExists(p);
            }
            if (bar) {
                System.err.print("\r\033[K");
                System.err.flush();
            }
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        List<Campaign.Table> tables = new ArrayList<>();
        merged.forEach((p, rows) -> tables.add(new Campaign.Table(p, c.runs, rows, wall,
                mismatches.getOrDefault(p, 0L), -1, null)));
        return tables;
    }
}
