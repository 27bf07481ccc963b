package pmapsim.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import pmapsim.report.Runs;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Re-execute a recorded run exactly: the actors run again, each forced to take its messages "
                + "in the order its journal recorded, and every actor's new events are compared with the recorded "
                + "ones. Works for runs recorded live on the multi-threaded dispatcher, races included."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  identical", "  6  diverged (the first divergence is printed)",
                "  7  the journal cannot be read, or no such run"})
final class ReproduceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "a run id (pmapsim runs lists them)")
    String runId;

    @Mixin
    JournalOptions journal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var js = journal.settings();
        if (pmapsim.cluster.ClusterReplay.isClusterRun(js, runId)) { // every machine of a cluster run
            PrintWriter out = spec.commandLine().getOut();
            int code = Main.EXIT_OK;
            for (pmapsim.cluster.ClusterReproduce.Machine m : pmapsim.cluster.ClusterReproduce.reproduce(js, runId)) {
                Runs.Reproduced r = m.result();
                if (r.divergence() == null) {
                    out.printf("%s: identical: %d events (%d turns re-executed in the recorded order, %d ms)%n",
                            m.machine(), r.events(), r.turns(), r.wallMs());
                } else {
                    out.println(m.machine() + ": diverged: " + r.divergence());
                    code = Main.EXIT_DIVERGED;
                }
            }
            out.flush();
            return code;
        }
        int dash = runId.indexOf('-');
        Runs.Reproduced r;
        if (dash > 0 && pmapsim.cluster.ClusterReplay.isClusterRun(js, runId.substring(0, dash))) {
            // one machine of a cluster run: its shared server's answers come from its records
            String cluster = runId.substring(0, dash);
            r = Runs.reproduce(js, runId, recorded -> pmapsim.cluster.nfs.RecordedServer.mount(recorded, cluster,
                    runId.substring(dash + 1)));
        } else {
            r = Runs.reproduce(js, runId);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (r.divergence() == null) {
            out.printf("identical: %d events (%d turns re-executed in the recorded order, %d ms)%n", r.events(),
                    r.turns(), r.wallMs());
            out.flush();
            return Main.EXIT_OK;
        }
        out.println("diverged: " + r.divergence());
        out.flush();
        return Main.EXIT_DIVERGED;
    }
}
