package pmapsim.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import pmapsim.model.policy.Policies;
import pmapsim.journal.JournalSettings;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.Json;
import pmapsim.report.RunReport;
import pmapsim.report.TextReport;

/** {@code pmapsim run}: one run of a scenario; the exit code says how it ended. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario on the actors and report how it ended: the causal backtrace, where the memory "
                + "went, and which pmaps the emergency path collected."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  completed", "  1  internal error", "  2  bad input (options, scenario, missing file)",
                "  3  panic", "  4  a safety monitor fired", "  5  stalled (no progress with work pending)",
                "  7  the journal failed (unreachable, wrong password, write error)"})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--seed", paramLabel = "N", description = "the run's seed (overrides seed)")
    Long seed;

    @Option(names = "--policy", paramLabel = "NAME", completionCandidates = PolicyNames.class,
            description = "the emergency policy (overrides machine.policy): ${COMPLETION-CANDIDATES}")
    String policy;

    @Option(names = "--json", description = "print one JSON object on stdout instead of the text report")
    boolean json;

    @Mixin
    JournalOptions journal;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> extra = new LinkedHashMap<>();
        if (policy != null) {
            extra.put("machine.policy", policy);
        }
        if (seed != null) {
            extra.put("seed", String.valueOf(seed));
        }
        ScenarioLoader.Loaded loaded = scenario.loadWithText(extra);
        Scenario s = loaded.scenario();
        JournalSettings js = journal.settings();
        RunReport report = main.runner().run(loaded, js);
        if (report == null || report.outcome() == null) {
            throw new IllegalStateException("the run produced no outcome");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.toJson(report));
        } else {
            out.print(TextReport.render(report, s.machine().pageSize()));
            if (js.durable()) {
                out.println();
                out.println("Recorded as run " + report.runId() + " in " + js.describe()
                        + ": pmapsim replay " + report.runId() + ", pmapsim reproduce " + report.runId());
            }
        }
        out.flush();
        return report.outcome().exitCode();
    }

    /** The registered policies, for --help. */
    static final class PolicyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Policies.names().iterator();
        }
    }
}
