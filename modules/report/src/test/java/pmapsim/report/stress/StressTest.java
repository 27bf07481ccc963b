package pmapsim.report.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pmapsim.actors.run.Journaling;
import pmapsim.journal.Databases;
import pmapsim.journal.JournalSettings;
import pmapsim.report.EventDigest;
import pmapsim.report.Json;
import pmapsim.report.RunReport;
import pmapsim.report.Runs;

/** Stress campaigns in controlled mode, on fixed seeds: what they find and that every run replays exactly. */
class StressTest {
    static final Path CLEANDIR = Scenarios.scenario("alpha-nfs-libc-cleandir.conf");

    static Campaign.Settings settings(String cpus, String strategy, long first, int runs) {
        // a schedule that starves an actor livelocks the model: such a run stops at 100,000 events, as stalled
        return new Campaign.Settings(CLEANDIR, Map.of("machine.cpus", cpus, "limits.max-events", "100000"), strategy,
                first, runs);
    }

    /** Runs seeds from 1 until {@code cls} is found or {@code max} runs are spent; returns the seed or -1. */
    static long firstSeedOf(OutcomeClass cls, String cpus, String strategy, String policy, int max) throws Exception {
        for (long seed = 1; seed <= max; seed++) {
            var s = Campaign.scenario(settings(cpus, strategy, seed, 1), policy, seed).scenario();
            if (Campaign.runOne(s, strategy, List.of(), Journaling.inMemory()).outcome() == cls) {
                return seed;
            }
        }
        return -1;
    }

    /**
     * pct finds collect-active within 200 runs under netbsd-1998; checked-collect, whose victim refuses a Collect while
     * it is active, shows none on that seed nor on the 20 before it.
     */
    @Test
    void pctFindsCollectActiveWithin200RunsOnTwoCpusAndCheckedCollectPreventsIt() throws Exception {
        long seed = firstSeedOf(OutcomeClass.COLLECT_ACTIVE, "2", "pct", "netbsd-1998", 200);
        assertTrue(seed > 0, "pct found no collect-active in 200 runs of the seed scenario on 2 CPUs");
        long from = Math.max(1, seed - 20);
        Campaign.Table checked = Campaign.run(settings("2", "pct", from, (int) (seed - from + 1)), "checked-collect",
                o -> { });
        assertFalse(checked.rows().containsKey(OutcomeClass.COLLECT_ACTIVE), "seeds " + from + ".." + seed + ": "
                + checked.rows());
    }

    @Test
    void withOneCpuNeitherCollectActiveNorDoubleCollectEverOccurs() throws Exception {
        for (String strategy : List.of("random", "pct")) {
            Campaign.Table t = Campaign.run(settings("1", strategy, 1, 12), "netbsd-1998", o -> { });
            assertFalse(t.rows().containsKey(OutcomeClass.COLLECT_ACTIVE), strategy + ": " + t.rows());
            assertFalse(t.rows().containsKey(OutcomeClass.DOUBLE_COLLECT), strategy + ": " + t.rows());
            assertTrue(t.rows().containsKey(OutcomeClass.PANIC_OOM) || t.rows().containsKey(OutcomeClass.PANIC_SPURIOUS),
                    "the 1998 panic still happens on one CPU: " + t.rows());
        }
    }

    @Test
    void twoCpusShowTheRacesThatOneCannot() throws Exception {
        Campaign.Table t = Campaign.run(settings("2", "random", 1, 12), "netbsd-1998", o -> { });
        assertTrue(t.rows().containsKey(OutcomeClass.DOUBLE_COLLECT), "random on 2 CPUs, 12 seeds: " + t.rows());
        Campaign.Row row = t.rows().get(OutcomeClass.DOUBLE_COLLECT);
        assertTrue(row.story().matches("cpu\\d starts collecting pmap-\\d+ .* while cpu\\d still collects it.*"),
                row.story());
    }

    /** Every seed run twice gives the same event stream, byte for byte (and a different seed a different one). */
    @Test
    void seedsDoubleRunWithoutAMismatch() throws Exception {
        java.util.Set<String> distinct = new java.util.TreeSet<>();
        int seeds = 15;
        for (long seed = 1; seed <= seeds; seed++) {
            String strategy = seed % 2 == 0 ? "pct" : "random";
            var s = Campaign.scenario(settings("2", strategy, seed, 1), "netbsd-1998", seed).scenario();
            EventDigest a = new EventDigest();
            EventDigest b = new EventDigest();
            Campaign.runOne(s, strategy, List.of(a), Journaling.inMemory());
            Campaign.runOne(s, strategy, List.of(b), Journaling.inMemory());
            assertNull(EventDigest.firstDifference(a, b), "seed " + seed);
            distinct.add(a.sha256());
        }
        assertTrue(distinct.size() >= seeds - 2, "distinct streams: " + distinct.size());
    }

    /**
     * A thousand seeds, each run twice in this JVM after every earlier one, give twin event streams, byte for byte.
     * The runs stop at 400 events: twins that parted, when a Pekko start-up race let them, parted during the boot.
     */
    @Test
    void aThousandSeedsDoubleRunWithoutAMismatch() throws Exception {
        for (String strategy : List.of("random", "pct")) {
            var s = new Campaign.Settings(CLEANDIR, Map.of("machine.cpus", "2", "limits.max-events", "400"), strategy,
                    1, 500, true);
            Campaign.Table t = Campaign.run(s, "netbsd-1998", o -> { });
            assertEquals(0, t.mismatches(), strategy + ": seed " + t.firstMismatch() + " " + t.firstMismatchWhere());
        }
    }

    /** A double-collect shrinks to fewer processes, less memory and fewer events, and the result still fails so. */
    @Test
    void aMinimisedScenarioIsSmallerAndStillFailsTheSameWay() throws Exception {
        long seed = firstSeedOf(OutcomeClass.DOUBLE_COLLECT, "2", "random", "netbsd-1998", 30);
        assertTrue(seed > 0, "random on 2 CPUs found no double-collect in 30 seeds");
        var loaded = Campaign.scenario(settings("2", "random", seed, 1), "netbsd-1998", seed);
        Minimizer.Result r = new Minimizer("random", "minimized.conf", 40, line -> { }).minimize(loaded);
        assertEquals(OutcomeClass.DOUBLE_COLLECT, r.outcome());
        assertTrue(r.after().events() < r.before().events(), r.before() + " -> " + r.after());
        assertTrue(r.after().processes() < r.before().processes() || r.after().memoryBytes() < r.before().memoryBytes()
                || r.after().cpus() < r.before().cpus(), r.before() + " -> " + r.after());
        var again = pmapsim.model.scenario.ScenarioLoader.fromText(r.scenarioText(), "minimized.conf");
        Campaign.Outcome o = Campaign.runOne(again, pmapsim.actors.control.ReplayStrategy.of(r.schedule()), List.of(),
                Journaling.inMemory());
        assertEquals(OutcomeClass.DOUBLE_COLLECT, o.outcome(), o.story());
    }

    /** A controlled run recorded to a real journal replays to its report and reproduces exactly. */
    @Test
    void aControlledFailingRunIsJournaledAndReplaysAndReproduces() throws Exception {
        JournalSettings js = Databases.of("h2");
        var loaded = Campaign.scenario(settings("2", "random", 2, 1), "netbsd-1998", 2);
        RunReport live = Runs.runControlled(Runs.newRunId(), loaded, js, "random", List.of());
        assertTrue(live.outcome() != RunReport.Outcome.COMPLETED, live.outcome().toString());
        String a = Json.toJson(live).replaceAll("\"wall_ms\"\\s*:\\s*\\d+", "");
        String b = Json.toJson(Runs.replay(js, live.runId())).replaceAll("\"wall_ms\"\\s*:\\s*\\d+", "");
        assertEquals(a, b);
        Runs.Reproduced rep = Runs.reproduce(js, live.runId());
        assertNull(rep.divergence(), rep.divergence());
        assertEquals(live.events(), rep.events());
    }
}
