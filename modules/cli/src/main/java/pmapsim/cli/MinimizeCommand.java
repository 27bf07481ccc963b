package pmapsim.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pmapsim.actors.control.Strategy;
import pmapsim.model.policy.Policies;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.stress.Minimizer;

/** {@code pmapsim minimize}: the smallest scenario and schedule that still fail the same way. */
@Command(name = "minimize", mixinStandardHelpOptions = true,
        description = {"Shrink a failing controlled run (delta debugging over the workload's processes, the CPUs, "
                + "the memory and the schedule's decisions) while it keeps the same outcome class; write the "
                + "smallest scenario and its schedule, which reproduce the failure."})
final class MinimizeCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--seed", paramLabel = "S", required = true, description = "the failing run's seed")
    long seed;

    @Option(names = "--policy", paramLabel = "P", description = "the policy (default: the scenario's)")
    String policy;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "pct",
            description = "the strategy the failure was found with (default pct)")
    String strategy;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "minimized.conf",
            description = "where to write the smallest scenario (default minimized.conf); its schedule goes next "
                    + "to it, as FILE with .schedule for .conf")
    Path output;

    @Option(names = "--max-trials", paramLabel = "N", defaultValue = "300",
            description = "runs to spend at most (default 300)")
    int maxTrials;

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "300000",
            description = "a run that reaches N events counts as stalled (default 300,000)")
    long maxEvents;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            Strategy.of(strategy, 0);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput(e.getMessage());
        }
        ReportCommand.writable(output.toAbsolutePath().getParent(), output); // before the trials, not after them
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("seed", String.valueOf(seed));
        extra.put("limits.max-events", String.valueOf(maxEvents));
        if (policy != null) {
            if (Policies.byName(policy).isEmpty()) {
                throw new Main.BadInput("unknown policy '" + policy + "'; policies: "
                        + String.join(", ", Policies.names()));
            }
            extra.put("machine.policy", policy);
        }
        ScenarioLoader.Loaded loaded = scenario.loadToRun(extra);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Minimizer m = new Minimizer(strategy, output.toString(), maxTrials, line -> {
            err.println("minimize: " + line);
            err.flush();
        });
        Minimizer.Result r;
        try {
            r = m.minimize(loaded);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput(e.getMessage());
        }
        String name = output.getFileName().toString();
        Path schedule = output.resolveSibling((name.endsWith(".conf") ? name.substring(0, name.length() - 5) : name)
                + ".schedule");
        Files.writeString(output, "# pmapsim minimize: " + r.outcome().key() + ", from " + scenario.file + " seed "
                + seed + " (" + strategy + ")\n" + r.scenarioText());
        Files.writeString(schedule, r.schedule().stream().map(String::valueOf).collect(Collectors.joining(","))
                + "\n");
        out.println("class:  " + r.outcome().key());
        out.println("before: " + r.before());
        out.println("after:  " + r.after());
        out.println("trials: " + r.trials());
        out.println("wrote " + output + " and " + schedule + "; reproduce with:");
        out.println("  ./pmapsim run " + output + " --mode controlled --strategy replay:" + schedule);
        out.flush();
        return 0;
    }
}
