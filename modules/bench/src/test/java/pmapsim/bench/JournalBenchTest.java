package pmapsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal benchmark measures and reports, one round on H2. No speed is asserted: only that figures came out. */
class JournalBenchTest {

    @Test
    void oneRoundOnH2GivesPositiveFiguresAndTheTable() throws Exception {
        JournalBench.Results r = JournalBench.measure(JournalBench.Db.H2, 1, 0);

        assertEquals(1, r.databases().size());
        JournalBench.DbResults h2 = r.on(JournalBench.Db.H2);
        assertTrue(h2.journalEventsPerSecond().median() > 0, "journal events/s");
        assertTrue(h2.journalRecordsPerSecond().median() > 0, "journal records/s");
        assertTrue(h2.aloneRecordsPerSecond().median() > 0, "journal alone records/s (it checks its rows itself)");
        assertTrue(h2.rawInsertRowsPerSecond().median() > 0, "raw insert rows/s (it checks its rows itself)");
        assertTrue(h2.meanInsertRowsPerSecond().median() > 0, "raw insert of rows of the average size, rows/s");
        assertTrue(h2.replayEventsPerSecond().median() > 0, "replay events/s");
        assertTrue(h2.rawSelectRowsPerSecond().median() > 0, "raw select rows/s");
        assertTrue(h2.records().median() >= h2.events().median(), "every event is a record in the journal");
        assertTrue(h2.payloadBytes().median() > 0, "payload size");
        assertTrue(Double.isFinite(h2.writeRatio()) && h2.writeRatio() > 0);
        assertTrue(Double.isFinite(h2.aloneRatio()) && h2.aloneRatio() > 0);
        assertTrue(Double.isFinite(h2.meanWriteRatio()) && h2.meanWriteRatio() > 0);
        assertTrue(Double.isFinite(h2.replayRatio()) && h2.replayRatio() > 0);
        assertEquals(1, h2.outcomes().values().stream().mapToInt(Integer::intValue).sum());
        assertNotNull(r.inMemory());
        assertTrue(r.inMemory().eventsPerSecond().median() > 0, "events/s in memory");

        String table = JournalBench.table(r);
        for (String figure : List.of("journal write", "journal alone", "raw JDBC batch insert",
                "rows of the average size", "replay", "raw JDBC select", "--journal none", "H2")) {
            assertTrue(table.contains(figure), figure + " in\n" + table);
        }
    }

    @Test
    void theCommandLineIsReadAndBadOnesAreRefusedBeforeAnythingRuns() throws Exception {
        JournalBench.Settings quick = JournalBench.parse(new String[] {"--quick"});
        assertEquals(2, quick.rounds());
        assertEquals(1, quick.warmups());
        assertEquals(List.of(JournalBench.Db.H2, JournalBench.Db.POSTGRESQL), quick.databases());
        JournalBench.Settings some = JournalBench.parse(new String[] {"--rounds", "3", "--warmup", "0", "--db", "h2"});
        assertEquals(3, some.rounds());
        assertEquals(0, some.warmups());
        assertEquals(List.of(JournalBench.Db.H2), some.databases());
        JournalBench.Settings standard = JournalBench.parse(new String[0]);
        assertEquals(5, standard.rounds());
        assertEquals(2, standard.warmups());

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, JournalBench.run(new String[] {"--rounds", "0"}, quiet, errors));
        assertEquals(2, JournalBench.run(new String[] {"--warmup"}, quiet, errors));
        assertEquals(2, JournalBench.run(new String[] {"--db", "oracle"}, quiet, errors));
        assertEquals(2, JournalBench.run(new String[] {"--frobnicate"}, quiet, errors));
        assertFalse(err.toString(StandardCharsets.UTF_8).isEmpty());
    }
}
