package pmapsim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmapsim.cluster.ClusterException;
import pmapsim.cluster.Node;
import pmapsim.journal.JournalSettings;

/**
 * {@code --local K}: K cluster nodes as child JVM processes on this machine ({@code pmapsim node}), joined to the
 * node of the process that starts them. They stop when it stops: it destroys them, and each exits by itself if its
 * parent dies ({@code --exit-with-parent}).
 */
final class LocalNodes implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    /**
     * @param seed     HOST:PORT of the node to join
     * @param scenario the scenario file each node checks a run against, or null
     */
    static LocalNodes start(int k, String host, String seed, JournalSettings journal, Path scenario)
            throws IOException {
        LocalNodes nodes = new LocalNodes();
        for (int i = 0; i < k; i++) {
            int port = Node.freePort(host);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xss4m", "-XX:+UseParallelGC", "-Xmx1g"));
            String conf = System.getProperty("config.file");
            if (conf != null) {
                cmd.add("-Dconfig.file=" + conf);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "node",
                    "--host", host, "--port", String.valueOf(port), "--seed-node", seed, "--exit-with-parent",
                    "--join-timeout", "60", // a busy machine starts JVMs slowly
                    "--journal", journal.durable() ? journal.url() : "none"));
            if (scenario != null) {
                cmd.addAll(List.of("--scenario", scenario.toString()));
            }
            Path log = Files.createTempFile("pmapsim-node-" + port + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = pb.environment(); // the password never goes on a command line
            env.put(JournalSettings.USER_ENV, journal.user());
            env.put(JournalSettings.PASSWORD_ENV, journal.password());
            nodes.processes.add(pb.start());
            nodes.logs.add(log);
            nodes.ports.add(port);
        }
        return nodes;
    }

    List<Process> processes() {
        return processes;
    }

    List<Integer> ports() {
        return ports;
    }

    /** Throws with the first line a node wrote if one has already exited (a taken port, a bad journal, ...). */
    void check() throws ClusterException {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                String first = "";
                try {
                    first = Files.readAllLines(logs.get(i)).stream().filter(l -> l.startsWith("pmapsim:"))
                            .findFirst().orElse("exit " + processes.get(i).exitValue());
                } catch (IOException ignored) {
                    // the exit code says enough
                }
                throw new ClusterException("local node " + (i + 1) + " (port " + ports.get(i) + ") stopped: "
                        + first.replaceFirst("^pmapsim: ", ""));
            }
        }
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (Path l : logs) {
            try {
                Files.deleteIfExists(l);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
