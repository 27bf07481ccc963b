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
}
