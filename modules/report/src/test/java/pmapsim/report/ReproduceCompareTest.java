package pmapsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.ModelEvent;
import pmapsim.journal.RecordedRun;
import org.junit.jupiter.api.Test;

/**
 * How {@code reproduce} compares an actor's records with the recorded ones: a record that differs inside the run is
 * a divergence; what an actor does after every recorded record, past the run's end (the machine stops a moment
 * after its event budget, in the live run as in the reproduction), is not.
 */
class ReproduceCompareTest {
    record Dispatched(int pid) implements ModelEvent {
    }

    private static Journaled event(long stamp, String msg, int pid) {
        return new Journaled("r", stamp, "scheduler", msg, 0, -1, 10 * stamp, 10 * stamp, 0, new Dispatched(pid));
    }

    private static Journaled marker(String msg) {
        return new Journaled("r", -1, "scheduler", msg, 0, -1, 0, 0, 0, new Journaled.Took());
    }

    private static Map<String, List<RecordedRun.Row>> recorded(Journaled... records) {
        List<RecordedRun.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            rows.add(new RecordedRun.Row(i + 1, i + 1, records[i]));
        }
        return Map.of("scheduler", rows);
    }

    @Test
    void afterTheRunsEndAnActorMayDoMoreButNotInsideIt() {
        Map<String, List<RecordedRun.Row>> rec = recorded(event(0, "cpu0#1", 12), event(1, "cpu0#2", 19));
        assertNull(Runs.compare(rec, Map.of("scheduler", List.of(event(0, "cpu0#1", 12), event(1, "cpu0#2", 19))), 2));

        // seen in a cluster machine's reproduction: one more dispatch, stamped past the 2 events of the run
        assertNull(Runs.compare(rec, Map.of("scheduler", List.of(event(0, "cpu0#1", 12), event(1, "cpu0#2", 19),
                event(2, "cpu0#3", 12), marker("cpu0#4"))), 2));

        String inside = Runs.compare(rec, Map.of("scheduler", List.of(event(0, "cpu0#1", 12), event(1, "cpu0#2", 19),
                event(1, "cpu0#3", 12))), 3);
        assertTrue(inside != null && inside.startsWith("actor scheduler did more than recorded: "), inside);

        String differs = Runs.compare(rec, Map.of("scheduler", List.of(event(0, "cpu0#1", 12), event(1, "cpu0#2", 4))),
                2);
        assertTrue(differs != null && differs.startsWith("first divergence at event 1, actor scheduler, its record 2"),
                differs);
        String shorter = Runs.compare(rec, Map.of("scheduler", List.of(event(0, "cpu0#1", 12))), 2);
        assertEquals(true, shorter != null && shorter.contains("nothing (the actor stopped short)"), shorter);
    }
}
