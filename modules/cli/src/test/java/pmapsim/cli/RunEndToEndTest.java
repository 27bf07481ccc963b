package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code pmapsim run} on the real actors, as a user types it: the seed scenario, exit code and report. */
class RunEndToEndTest {

    /**
     * Two CPUs in controlled mode: the seed picks the schedule, so this run panics every time (a live run on two CPUs
     * takes whatever schedule its threads give it, and in about one in a hundred make completes).
     */
    @Test
    void theSeedScenarioEndsInThe1998PanicWithExitThreeAndTheContractKeys() throws Exception {
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--cpus", "2", "--mode", "controlled", "--seed", "1",
                "--json");

        assertEquals(3, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String k : List.of("run_id", "scenario", "seed", "policy", "cpus", "outcome", "panic", "violations",
                "memory", "collected", "backtrace", "counters", "events", "sim_time_ms", "wall_ms")) {
            assertTrue(j.has(k), "run --json lacks " + k);
        }
        assertEquals("panic", j.get("outcome").asText());
        assertEquals("pmap_alloc_physpage: no pages available after 5 tries", j.get("panic").asText());
        assertEquals(2, j.get("cpus").asInt());
        assertTrue(j.get("collected").size() > 0);
        JsonNode first = j.get("collected").get(0);
        for (String k : List.of("victim", "by_cpu", "event", "pages_freed")) {
            assertTrue(first.has(k), "a collection lacks " + k + ": " + first);
        }
        for (String k : List.of("faults", "page_allocs", "emergencies", "pageouts", "nfs_retransmits",
                "context_switches")) {
            assertTrue(j.get("counters").has(k), "counters lack " + k);
        }
        assertTrue(j.get("counters").get("faults").asLong() > 1000);
    }

    @Test
    void theTextReportSaysWhereTheMemoryWentAndWhatWasCollected() {
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR));

        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().startsWith("panic: pmap_alloc_physpage: no pages available after 5 tries"), r.out());
        for (String section : List.of("Causal backtrace", "Where the memory went", "Emergency collections")) {
            assertTrue(r.out().contains(section), "no " + section + " in:\n" + r.out());
        }
    }
}
