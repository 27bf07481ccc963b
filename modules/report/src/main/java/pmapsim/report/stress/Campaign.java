package pmapsim.report.stress;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import pmapsim.actors.control.Strategy;
import pmapsim.actors.control.World;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Journaling;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.EventDigest;
import pmapsim.report.RunReport;
import pmapsim.report.RunSummary;

/**
 * A stress campaign: the same scenario under controlled mode for a range of seeds, per policy, each run classified.
 * A seed fixes both the scenario's seed and the strategy's, so one number replays a run exactly.
 */
public final class Campaign {
    private Campaign() {
    }

    /**
     * @param scenario  the scenario file
     * @param overrides command-line overrides (CPUs, memory) applied to every run
     * @param strategy  the strategy's spec ({@code random}, {@code pct}, {@code pct:D})
     */
    public record Settings(java.nio.file.Path scenario, Map<String, String> overrides, String strategy,
                           long firstSeed, int runs, boolean checkDeterminism) {
        public Settings(java.nio.file.Path scenario, Map<String, String> overrides, String strategy, long firstSeed,
                        int runs) {
            this(scenario, overrides, strategy, firstSeed, runs, false);
        }
    }

    /** One controlled run and what it found. */
    public record Outcome(long seed, String policy, OutcomeClass outcome, String story, long events, long steps,
                          List<Integer> decisions, RunReport report) {
    }

    /** A class's line in the table: how many runs, the first seed that showed it, and that run's story. */
    public record Row(OutcomeClass outcome, long count, long firstSeed, String story) {
    }

    /**
     * One policy's results; with {@code --check-determinism}, how many seeds' twin runs differed, the first such seed
     * and where its twins parted (null when none did).
     */
    public record Table(String policy, int runs, Map<OutcomeClass, Row> rows, long wallMs, long mismatches,
                        long firstMismatch, String firstMismatchWhere) {
        public Table(String policy, int runs, Map<OutcomeClass, Row> rows, long wallMs) {
            this(policy, runs, rows, wallMs, 0, -1, null);
        }

        public double runsPerSecond() {
            return wallMs == 0 ? 0 : runs * 1000.0 / wallMs;
        }
    }

    /** The scenario of one run: the file, the overrides, the policy and the seed. */
    public static ScenarioLoader.Loaded scenario(Settings s, String policy, long seed) throws ScenarioException {
        return scenario(ScenarioLoader.parsed(s.scenario()), s, policy, seed);
    }

    /** The same, from the scenario file parsed once for the whole campaign. */
    static ScenarioLoader.Loaded scenario(ScenarioLoader.Parsed file, Settings s, String policy, long seed)
            throws ScenarioException {
        Map<String, String> o = new LinkedHashMap<>(s.overrides());
        o.put("machine.policy", policy);
        o.put("seed", String.valueOf(seed));
        return file.load(o);
    }

    /** One controlled run of {@code scenario} with {@code strategy} seeded by the scenario's seed. */
    public static Outcome runOne(Scenario scenario, String strategy, List<? extends EventSink> extraSinks,
                                 Journaling journaling) {
        return runOne(scenario, Strategy.of(strategy, scenario.seed()), extraSinks, journaling);
    }

    public static Outcome runOne(Scenario scenario, Strategy strategy, List<? extends EventSink> extraSinks,
                                 Journaling journaling) {
        RunSummary summary = new RunSummary(scenario);
        Classifier classifier = new Classifier();
        List<EventSink> sinks = new ArrayList<>(List.of(summary, classifier));
        sinks.addAll(extraSinks);
        String runId = "stress-" + scenario.machine().policy() + "-" + scenario.seed();
        Simulation.Controlled c = Simulation.runControlled(runId, scenario, sinks, strategy, journaling);
        if (!c.leaks().isEmpty()) {
            throw new IllegalStateException("controlled run of seed " + scenario.seed() + " leaked: "
                    + String.join("; ", c.leaks()));
        }
        RunReport report = summary.report(runId, c.result().end(), c.result().events(), c.result().wallMs());
        Classifier.Finding f = classifier.classify(c.result().end(), report.violations());
        return new Outcome(scenario.seed(), scenario.machine().policy(), f.outcome(), f.story(), c.result().events(),
                c.steps(), c.decisions(), report);
    }

    /** Runs the campaign for one policy; {@code progress} sees each run as it ends. */
    public static Table run(Settings s, String policy, Consumer<Outcome> progress) throws ScenarioException {
        Map<OutcomeClass, Row> rows = new EnumMap<>(OutcomeClass.class);
        long start = System.nanoTime();
        long mismatches = 0;
        long firstMismatch = -1;
        String where = null;
        ScenarioLoader.Parsed file = ScenarioLoader.parsed(s.scenario()); // once, not 0.45 ms a seed
        for (int i = 0; i < s.runs(); i++) {
            long seed = s.firstSeed() + i;
            Scenario scenario = scenario(file, s, policy, seed).scenario();
            // the digest serializes every event (a fifth of a campaign's CPU): only a campaign that compares twins pays
            EventDigest first = s.checkDeterminism() ? new EventDigest() : null;
            Outcome o = runOne(scenario, s.strategy(), first == null ? List.of() : List.of(first),
                    Journaling.inMemory());
            if (first != null) { // the same seed again: the same events, byte for byte
                List<String> trace = World.get().trace();
                EventDigest second = new EventDigest();
                runOne(scenario, s.strategy(), List.of(second), Journaling.inMemory());
                if (!first.sha256().equals(second.sha256())) {
                    mismatches++;
                    if (firstMismatch < 0) {
                        firstMismatch = seed;
                        where = whereTwinsPart(trace, World.get().trace(), first, second);
                    }
                }
            }
            rows.merge(o.outcome(), new Row(o.outcome(), 1, seed, o.story()),
                    (a, b) -> new Row(a.outcome(), a.count() + 1, a.firstSeed(), a.story()));
            progress.accept(o);
        }
        return new Table(policy, s.runs(), rows, (System.nanoTime() - start) / 1_000_000, mismatches, firstMismatch,
                where);
    }

    /** The first step at which two runs of one seed chose among different runnable actors, and their first event. */
    private static String whereTwinsPart(List<String> t1, List<String> t2, EventDigest a, EventDigest b) {
        String step = "";
        for (int k = 0; k < Math.min(t1.size(), t2.size()); k++) {
            if (!t1.get(k).equals(t2.get(k))) {
                step = "schedules part at step " + t1.get(k) + " | " + t2.get(k) + "; ";
                break;
            }
        }
        String diff = EventDigest.firstDifference(a, b);
        return step + (diff == null ? "" : diff.substring(0, Math.min(diff.length(), 600)));
    }
}
