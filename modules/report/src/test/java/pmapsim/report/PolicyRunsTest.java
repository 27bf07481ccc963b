package pmapsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.RunReport.Outcome;

/**
 * The seed scenario (make cleandir on the 16 MiB Alpha) under NetBSD's later designs and pmapsim's own, end to end
 * on the live dispatcher, as a user of {@code pmapsim run --policy} sees them. Live runs interleave differently each
 * time, so each test states what every interleaving must give. The conservation and double-free monitors watch
 * every event: a policy's page accounting must keep them quiet.
 */
class PolicyRunsTest {
    static final Set<String> PANICS_2000 = Set.of("pmap_enter: unable to create lev1map",
            "pmap_enter: unable to create L2 PT page", "pmap_enter: unable to create L3 PT page",
            "pmap_enter: unable to enter mapping in PV table");

    static RunReport run(String policy, int cpus, long seed, Map<String, String> more) {
        Map<String, String> o = new HashMap<>(more);
        o.put("machine.policy", policy);
        o.put("machine.cpus", Integer.toString(cpus));
        o.put("seed", Long.toString(seed));
        return assertTimeoutPreemptively(Duration.ofSeconds(90), () -> Runs.run(ScenarioLoader.load(
                ScenarioRunsTest.SCENARIOS.resolve("alpha-nfs-libc-cleandir.conf"), o)), "the run must end");
    }

    private static void assertAccountingHeld(RunReport r) {
        List<String> broken = r.violations().stream().map(RunReport.Violation::monitor)
                .filter(m -> m.equals("conservation") || m.equals("double-free")).toList();
        assertEquals(List.of(), broken, r.violations().toString());
        long sum = r.memory().entrySet().stream().filter(e -> !e.getKey().equals("npages"))
                .mapToLong(Map.Entry::getValue).sum();
        assertEquals(r.memory().get("npages"), sum, "every page is in one pool: " + r.memory());
    }

    @Test
    void underNetbsd2000TheSmallAlphaSurvivesOrPanicsWithPmapEntersOwnString() {
        RunReport r = run("netbsd-2000", 1, 1, Map.of());

        String what = r.outcome() + " " + r.endReason();
        assertTrue(r.outcome() == Outcome.COMPLETED || r.outcome() == Outcome.PANIC, what);
        if (r.outcome() == Outcome.PANIC) { // never 1998's "no pages available after 5 tries"
            assertTrue(PANICS_2000.contains(r.panic()), what);
            assertTrue(r.backtrace().get(0).contains("panic: " + r.panic()), r.backtrace().get(0));
        }
        assertEquals(0, r.counters().get("collections"), "1.124 has no emergency collection: " + what);
        assertAccountingHeld(r);
    }

    @Test
    void underCanfailTheSmallAlphaNeverPanics() {
        RunReport r = run("canfail", 1, 1, Map.of());

        assertTrue(r.outcome() == Outcome.COMPLETED || r.outcome() == Outcome.STALLED, r.endReason());
        assertNull(r.panic());
        assertEquals(0, r.counters().get("emergencies"));
        assertAccountingHeld(r);
    }

    @Test
    void underCanfailWithoutSwapProcessesGetEnomemAndTheRestWedgeTheRunEndsStalled() {
        RunReport r = run("canfail", 1, 1, Map.of("swap.size", "0"));

        assertEquals(Outcome.STALLED, r.outcome(), r.endReason());
        assertEquals(5, r.outcome().exitCode());
        assertNull(r.panic());
        assertTrue(r.counters().get("killed") >= 1, "swap is full from the start: " + r.counters());
        assertTrue(r.endReason().startsWith("no progress") || r.endReason().startsWith("deadlock"), r.endReason());
        assertAccountingHeld(r);
    }

    @Test
    void underCheckedCollectTwoCpusNeverCollectAnActivePmapOrOneTwice() {
        RunReport r = run("checked-collect", 2, 1, Map.of());

        assertTrue(r.violations().stream().noneMatch(v -> v.monitor().equals("collect-active")), r.violations()
                .toString());
        assertTrue(r.outcome() == Outcome.COMPLETED || r.outcome() == Outcome.PANIC, r.endReason());
        assertAccountingHeld(r);
    }
}
