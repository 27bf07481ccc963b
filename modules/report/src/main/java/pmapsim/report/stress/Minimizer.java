package pmapsim.report.stress;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import pmapsim.actors.control.ReplayStrategy;
import pmapsim.actors.control.Strategy;
import pmapsim.actors.run.Journaling;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;

/**
 * Shrinks a failing controlled run while it keeps failing the same way (the same {@link OutcomeClass}): delta
 * debugging (Zeller and Hildebrandt, ddmin) over the workload's processes, then fewer CPUs, then less memory, then
 * the schedule's decisions — each non-zero decision put back to the FIFO choice when the failure survives without it.
 * The seed stays; what is left is a scenario text and, when the schedule shrank, a schedule of decisions.
 */
public final class Minimizer {
    /** What a run of a candidate gives: its class and sizes. */
    public record Trial(OutcomeClass outcome, long events, List<Integer> decisions) {
    }

    /** The sizes of a scenario and its run. */
    public record Size(int processes, int cpus, long memoryBytes, long events, int decisions, long nonZero) {
        @Override
        public String toString() {
            return processes + " processes, " + cpus + " CPUs, " + (memoryBytes >> 20) + " MiB, " + events
                    + " events, " + decisions + " scheduling decisions (" + nonZero + " not FIFO)";
        }
    }

    /** The result: the class kept, sizes before and after, the smallest scenario's text and its schedule. */
    public record Result(OutcomeClass outcome, Size before, Size after, String scenarioText, List<Integer> schedule,
                         int trials) {
    }

    private final String strategy;
    private final String source;
    private final Consumer<String> log;
    private final int maxTrials;
    private int trials;

    public Minimizer(String strategy, String source, int maxTrials, Consumer<String> log) {
        this.strategy = strategy;
        this.source = source;
        this.maxTrials = maxTrials;
        this.log = log;
    }

    private Trial trial(Config c, Strategy s) {
        trials++;
        Scenario sc;
        try {
            sc = ScenarioLoader.fromText(render(c), source);
        } catch (ScenarioException e) {
            return null; // not a valid scenario: it does not fail "the same way"
        }
        Campaign.Outcome o = Campaign.runOne(sc, s == null ? Strategy.of(strategy, sc.seed()) : s, List.of(),
                Journaling.inMemory());
        return new Trial(o.outcome(), o.events(), o.decisions());
    }

    private static String render(Config c) {
        return c.root().render(ConfigRenderOptions.concise());
    }

    private Size size(Config c, Trial t, List<Integer> schedule) {
        long nonZero = schedule == null ? t.decisions().stream().filter(d -> d != 0).count()
                : schedule.stream().filter(d -> d != 0).count();
        return new Size(c.getList("workload.processes").size(), c.getInt("machine.cpus"),
                c.getMemorySize("machine.memory").toBytes(), t.events(), t.decisions().size(), nonZero);
    }

    public Result minimize(ScenarioLoader.Loaded loaded) {
        Config config = ConfigFactory.parseString(loaded.text());
        Trial base = trial(config, null);
        if (base == null || !base.outcome().failure()) {
            throw new IllegalArgumentException("seed " + loaded.scenario().seed() + " completes under "
                    + strategy + ": there is no failure to minimise");
        }
        OutcomeClass goal = base.outcome();
        Size before = size(config, base, null);
        log.accept("failure " + goal.key() + " with " + before);

        // 1. processes (ddmin over the list; the boot processes are processes like any other)
        List<ConfigValue> procs = new ArrayList<>(config.getList("workload.processes"));
        List<ConfigValue> kept = ddmin(procs, sub -> fails(with(config, sub), goal));
        Config c = with(config, kept);
        log.accept("processes: " + procs.size() + " -> " + kept.size());
        // 2. CPUs: the fewest that still fail
        for (int n = 1; n < c.getInt("machine.cpus") && budget(); n++) {
            Config fewer = c.withValue("machine.cpus", ConfigValueFactory.fromAnyRef(n));
            if (fails(fewer, goal)) {
                c = fewer;
                break;
            }
        }
        log.accept("cpus: " + config.getInt("machine.cpus") + " -> " + c.getInt("machine.cpus"));
        // 3. memory: halve while it still fails the same way
        long mem = c.getMemorySize("machine.memory").toBytes();
        while (mem > (2L << 20) && budget()) {
            Config less = c.withValue("machine.memory", ConfigValueFactory.fromAnyRef((mem / 2 >> 10) + " KiB"));
            if (!fails(less, goal)) {
                break;
            }
            c = less;
            mem /= 2;
        }
        log.accept("memory: " + (config.getMemorySize("machine.memory").toBytes() >> 20) + " MiB -> "
                + (mem >> 20) + " MiB");
        // 4. the schedule: put non-zero decisions back to FIFO where the failure survives it
        Trial now = trial(c, null);
        List<Integer> schedule = new ArrayList<>(now.decisions());
        List<Integer> nonZero = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            if (schedule.get(i) != 0) {
                nonZero.add(i);
            }
        }
        final Config fc = c;
        List<Integer> keep = ddmin(nonZero, sub -> {
            int[] d = new int[schedule.size()];
            for (int i : sub) {
                d[i] = schedule.get(i);
            }
            Trial t = trial(fc, new ReplayStrategy(d));
            return t != null && t.outcome() == goal;
        });
        int[] smallest = new int[schedule.size()];
        for (int i : keep) {
            smallest[i] = schedule.get(i);
        }
        List<Integer> out = new ArrayList<>();
        for (int d : smallest) {
            out.add(d);
        }
        while (!out.isEmpty() && out.get(out.size() - 1) == 0) {
            out.remove(out.size() - 1);
        }
        Trial fin = trial(c, ReplayStrategy.of(out));
        if (fin == null || fin.outcome() != goal) { // cannot happen: ddmin kept a failing set; say so if it does
            throw new IllegalStateException("the minimised run no longer fails as " + goal.key());
        }
        log.accept("schedule: " + nonZero.size() + " -> " + keep.size() + " non-FIFO decisions");
        return new Result(goal, before, size(c, fin, out), c.root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true)), out, trials);
    }

    private boolean fails(Config c, OutcomeClass goal) {
        if (!budget()) {
            return false;
        }
        Trial t = trial(c, null);
        return t != null && t.outcome() == goal;
    }

    private boolean budget() {
        return trials < maxTrials;
    }

    private static Config with(Config c, List<ConfigValue> processes) {
        ConfigList list = ConfigValueFactory.fromIterable(processes);
        return c.withValue("workload.processes", list);
    }

    /** Zeller's ddmin: a 1-minimal subset (within the trial budget) of {@code items} for which {@code test} holds. */
    private <T> List<T> ddmin(List<T> items, java.util.function.Predicate<List<T>> test) {
        List<T> current = new ArrayList<>(items);
        int n = 2;
        while (current.size() >= 2 && budget()) {
            int chunk = (int) Math.ceil(current.size() / (double) n);
            boolean reduced = false;
            for (int start = 0; start < current.size() && budget(); start += chunk) {
                List<T> complement = new ArrayList<>(current.subList(0, start));
                complement.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                if (!complement.isEmpty() && test.test(complement)) {
                    current = complement;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= current.size()) {
                    break;
                }
                n = Math.min(current.size(), n * 2);
            }
        }
        if (current.size() == 1 && budget() && test.test(List.of())) {
            return List.of();
        }
        return current;
    }
}
