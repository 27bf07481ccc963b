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

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "live",
            description = "live (Pekko's threads, real races; default) or controlled (one actor turn at a time, chosen "
                    + "by --strategy seeded with --seed: the same seed gives the same run, byte for byte)")
    String mode;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "random",
            description = "controlled mode's scheduler: random, pct or pct:DEPTH (default random)")
    String strategy;

    @Option(names = "--check-determinism", description = "controlled mode: run twice and compare the event streams "
            + "byte for byte (exit 6 when they differ)")
    boolean checkDeterminism;

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
        ScenarioLoader.Loaded loaded = scenario.loadToRun(extra);
        Scenario s = loaded.scenario();
        JournalSettings js = journal.settings();
        if (!mode.equals("live") && !mode.equals("controlled")) {
            throw new Main.BadInput("--mode is live or controlled, not '" + mode + "'");
        }
        boolean controlled = mode.equals("controlled") || checkDeterminism;
        if (controlled) {
            try {
                pmapsim.actors.control.Strategy.of(strategy, 0);
            } catch (IllegalArgumentException e) {
                throw new Main.BadInput(e.getMessage());
            }
        }
        RunReport report;
        String determinism = null;
        if (!controlled) {
            report = main.runner().run(loaded, js);
        } else if (!checkDeterminism) {
            report = pmapsim.report.Runs.runControlled(pmapsim.report.Runs.newRunId(), loaded, js, strategy,
                    java.util.List.of());
        } else {
            pmapsim.report.EventDigest first = new pmapsim.report.EventDigest();
            report = pmapsim.report.Runs.runControlled(pmapsim.report.Runs.newRunId(), loaded, js, strategy,
                    java.util.List.of(first));
            pmapsim.report.EventDigest second = new pmapsim.report.EventDigest();
            pmapsim.report.Runs.runControlled(pmapsim.report.Runs.newRunId(), loaded, JournalSettings.none(),
                    strategy, java.util.List.of(second));
            String diff = pmapsim.report.EventDigest.firstDifference(first, second);
            determinism = diff == null ? "deterministic: two runs gave the same " + first.events()
                    + " events, byte for byte (sha256 " + first.sha256() + ")"
                    : "NOT deterministic: " + diff;
            if (diff != null) {
                spec.commandLine().getErr().println("pmapsim: " + determinism);
                spec.commandLine().getErr().flush();
                return Main.EXIT_DIVERGED;
            }
        }
        if (report == null || report.outcome() == null) {
            throw new IllegalStateException("the run produced no outcome");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (determinism != null) {
            spec.commandLine().getErr().println("pmapsim: " + determinism);
            spec.commandLine().getErr().flush();
        }
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
