package pmapsim.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pmapsim.cluster.ClusterException;
import pmapsim.cluster.ClusterRun;
import pmapsim.cluster.ClusterScenario;
import pmapsim.cluster.SequentialLab;
import pmapsim.cluster.Node;
import pmapsim.cluster.machine.MachineEntity;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalSettings;
import pmapsim.report.Json;

/** {@code pmapsim cluster run}: a cluster scenario's machines spread over cluster nodes, sharing one NFS server. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Cluster scenarios on Pekko Cluster: several machines sharing one NFS server across JVMs.",
        subcommands = {ClusterCommand.Run.class})
final class ClusterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("pmapsim: which cluster command? (run)");
        spec.commandLine().usage(err);
        return Main.EXIT_BAD_INPUT;
    }

    static void checkAddress(String a, String option) throws Main.BadInput {
        if (!a.matches("[^:\\s]+:\\d{1,5}")) {
            throw new Main.BadInput(option + " wants HOST:PORT, not \"" + a + "\"");
        }
    }

    /** Where a command's own node joins, and the local nodes it starts. */
    static final class Connection implements AutoCloseable {
        final Node node;
        final LocalNodes locals;

        private Connection(Node node, LocalNodes locals) {
            this.node = node;
            this.locals = locals;
        }

        /**
         * @param seed  HOST:PORT of a cluster to join, or null with {@code local > 0}: this process seeds a new
         *              cluster and starts {@code local} node processes
         */
        static Connection open(String host, String seed, int local, JournalSettings journal, Path scenario,
                               String sha) throws Exception {
            if (journal.durable()) {
                try (JournalDb db = JournalDb.open(journal)) {
                    // the schema exists before any node writes
                }
            }
            int port = seed == null ? Node.freePort(host) : 0;
            Node node = Node.start(new Node.Settings(host, port, seed == null ? List.of() : List.of(seed), false,
                    journal, sha, Duration.ofSeconds(15)));
            LocalNodes locals = null;
            try {
                if (local > 0) {
                    locals = LocalNodes.start(local, host, node.address(), journal, scenario);
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (node.hostsUp() < local) {
                        locals.check();
                        if (System.nanoTime() > deadline) {
                            throw new ClusterException("only " + node.hostsUp() + " of " + local
                                    + " local nodes joined within 120 s");
                        }
                        Thread.sleep(100);
                    }
                } else {
                    node.awaitHosts(1, Duration.ofSeconds(30));
                }
                return new Connection(node, locals);
            } catch (Exception e) {
                if (locals != null) {
                    locals.close();
                }
                node.close();
                throw e;
            }
        }

        @Override
        public void close() {
            node.close();
            if (locals != null) {
                locals.close();
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a cluster scenario: its machines (Cluster Sharding entities) spread over the nodes, "
                    + "its NFS server a Cluster Singleton. Prints one report per machine and the server's: queue "
                    + "depth over time, requests served, dropped, retransmits."},
            footerHeading = "%nExit codes:%n",
            footer = {"  0  every machine completed", "  3/5/4  a machine panicked / stalled / fired a monitor "
                    + "(first of those)", "  2  bad input: scenario, a seed node that does not answer, a taken "
                    + "port, nodes that disagree on the scenario", "  7  the journal"})
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SCENARIO", description = "a cluster scenario file")
        Path scenario;

        @Option(names = "--local", paramLabel = "K", description = "start K node processes on this machine")
        Integer local;

        @Option(names = "--seed-node", paramLabel = "HOST:PORT", description = "join the cluster of this node "
                + "(nodes started with pmapsim node)")
        String seed;

        @Option(names = "--sequential", description = "run the machines one after another in this JVM, each in "
                + "controlled mode, sharing one server calendar: the same lab, seeds and --strategy give the same "
                + "reports, byte for byte (no cluster, nothing journaled)")
        boolean sequential;

        @Option(names = "--strategy", paramLabel = "S", description = "with --sequential: the scheduler of each "
                + "machine's controlled run, seeded with the machine's seed: random, pct or pct:DEPTH (default random)")
        String strategy;

        @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
                description = "the address remoting binds (default 127.0.0.1)")
        String host;

        @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "30",
                description = "give up on a machine after this (default 30)")
        int timeout;

        @Option(names = "--json", description = "print one JSON object: the machines' reports and the server's")
        boolean json;

        @Mixin
        JournalOptions journal;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (sequential && (local != null || seed != null)) {
                throw new Main.BadInput("cluster run --sequential runs in this JVM: it takes no --local or "
                        + "--seed-node");
            }
            if (strategy != null && !sequential) {
                throw new Main.BadInput("--strategy goes with --sequential (a cluster's machines run live)");
            }
            if (!sequential && (local == null) == (seed == null)) {
                throw new Main.BadInput("cluster run wants --local K or --seed-node HOST:PORT (one of them), or "
                        + "--sequential");
            }
            if (local != null && (local < 1 || local > 16)) {
                throw new Main.BadInput("--local wants a number of nodes from 1 to 16, not " + local);
            }
            if (seed != null) {
                checkAddress(seed, "--seed-node");
            }
            ClusterScenario lab = ClusterScenario.load(scenario);
            JournalSettings js = journal.settings();
            String runId = ClusterRun.newRunId();
            PrintWriter err = spec.commandLine().getErr();
            ClusterRun.Result r;
            if (sequential) {
                String st = strategy == null ? "random" : strategy;
                try {
                    pmapsim.actors.control.Strategy.of(st, 1);
                } catch (IllegalArgumentException e) {
                    throw new Main.BadInput("--strategy: " + e.getMessage());
                }
                r = SequentialLab.run(runId, lab, st, d -> {
                    err.println("pmapsim: " + d.machine() + ": " + d.outcome());
                    err.flush();
                });
                return print(lab, r, false);
            }
            try (Connection c = Connection.open(host, seed, local == null ? 0 : local, js, scenario, null)) {
                err.println("pmapsim: cluster run " + runId + ": " + lab.machines().size() + " machines on "
                        + c.node.hostsUp() + " nodes");
                err.flush();
                r = ClusterRun.run(c.node, runId, lab, Duration.ofMinutes(timeout), d -> {
                    err.println("pmapsim: " + d.machine() + " on " + d.node() + ": "
                            + (d.outcome() != null ? d.outcome() : d.error()));
                    err.flush();
                });
            }
            for (MachineEntity.MachineDone d : r.machines()) {
                if (d.error() != null) {
                    throw new pmapsim.journal.JournalException(d.error());
                }
            }
            return print(lab, r, js.durable());
        }

        private int print(ClusterScenario lab, ClusterRun.Result r, boolean recorded) throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cluster_run", r.runId());
                m.put("scenario", lab.name());
                List<Object> machines = new ArrayList<>();
                for (MachineEntity.MachineDone d : r.machines()) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("machine", d.machine());
                    x.put("node", d.node());
                    x.put("report", new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.json()));
                    machines.add(x);
                }
                m.put("machines", machines);
                m.put("nfs_server", r.server().json());
                m.put("wall_ms", r.wallMs());
                out.println(Json.toJson(m));
            } else {
                out.println("cluster run " + r.runId() + ": " + lab.name() + ", " + r.machines().size()
                        + " machines, " + (r.wallMs() / 1000.0) + " s");
                for (MachineEntity.MachineDone d : r.machines()) {
                    out.println();
                    out.println("=== machine " + d.machine() + " (run " + d.runId() + ", node " + d.node() + ") ===");
                    out.print(d.text());
                }
                out.println();
                out.print(r.server().text());
                if (recorded) {
                    out.println();
                    out.println("recorded as cluster run " + r.runId() + ": ./pmapsim replay " + r.runId());
                }
            }
            out.flush();
            return r.exitCode();
        }
    }
}
