package pmapsim.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pmapsim.actors.run.EventSink;
import pmapsim.report.Json;
import pmapsim.report.RunReport;
import pmapsim.report.Runs;
import pmapsim.report.TextReport;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Rebuild a recorded run's report from its journal alone: its events, merged into the run's "
                + "order, go through the same fold and every monitor again. No model actor runs. The JSON equals "
                + "the live run's except wall_ms."},
        footerHeading = "%nExit codes (the run's outcome, as run gave it):%n",
        footer = {"  0  completed", "  3  panic", "  4  a safety monitor fired", "  5  stalled",
                "  7  the journal cannot be read, or no such run", "  8  incomplete (the run was killed)"})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "a run id (pmapsim runs lists them)")
    String runId;

    @Mixin
    JournalOptions journal;

    @Option(names = "--json", description = "print one JSON object on stdout instead of the text report")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (pmapsim.cluster.ClusterReplay.isClusterRun(journal.settings(), runId)) {
            return replayCluster();
        }
        Progress progress = Progress.forTerminal(json);
        Runs.Replayed replayed;
        try {
            replayed = Runs.replayed(journal.settings(), runId, reading -> {
                progress.start("replaying run " + runId, reading.eventsIfKnown());
                return List.<EventSink>of(e -> progress.advance(1));
            });
        } finally {
            progress.done();
        }
        RunReport report = replayed.report();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.toJson(report));
        } else {
            out.print(TextReport.render(report, replayed.scenario().machine().pageSize()));
        }
        out.flush();
        return report.outcome().exitCode();
    }

    @Option(names = "--timeline", paramLabel = "N", defaultValue = "0",
            description = "a cluster run: also print the last N events of the merged timeline")
    int timeline;

    /** A cluster run: every machine's report, the shared server's, and the machines' merged timeline. */
    private int replayCluster() throws Exception {
        java.util.ArrayDeque<pmapsim.cluster.ClusterReplay.Entry> tail = new java.util.ArrayDeque<>();
        pmapsim.cluster.ClusterReplay.Replayed r = pmapsim.cluster.ClusterReplay.replay(journal.settings(), runId,
                e -> {
                    if (timeline > 0) {
                        tail.addLast(e);
                        if (tail.size() > timeline) {
                            tail.removeFirst();
                        }
                    }
                });
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("cluster_run", runId);
            java.util.List<Object> machines = new java.util.ArrayList<>();
            for (int i = 0; i < r.machines().size(); i++) {
                java.util.Map<String, Object> x = new java.util.LinkedHashMap<>();
                x.put("machine", r.machines().get(i));
                x.put("report", Json.tree(r.reports().get(i).report()));
                machines.add(x);
            }
            m.put("machines", machines);
            m.put("nfs_server", r.server().json());
            m.put("timeline_events", r.timelineEvents());
            out.println(Json.toJson(m));
        } else {
            out.println("cluster run " + runId + ": " + r.machines().size() + " machines, replayed from the journal");
            for (int i = 0; i < r.machines().size(); i++) {
                Runs.Replayed x = r.reports().get(i);
                out.println();
                out.println("=== machine " + r.machines().get(i) + " (run " + x.report().runId() + ") ===");
                out.print(TextReport.render(x.report(), x.scenario().machine().pageSize()));
            }
            out.println();
            out.print(r.server().text());
            out.printf("%nmerged timeline: %d events of %d machines and the server, simulated %.3f s to %.3f s%n",
                    r.timelineEvents(), r.machines().size(), r.firstTime() / 1e6, r.lastTime() / 1e6);
            for (pmapsim.cluster.ClusterReplay.Entry e : tail) {
                out.printf("  t=%.3fms %-10s %-12s %s%n", e.event().time() / 1e3, e.machine(), e.event().actor(),
                        e.event().body());
            }
        }
        out.flush();
        return r.exitCode();
    }
}
