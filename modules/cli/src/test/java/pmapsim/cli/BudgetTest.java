package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets (issue 7): a scenario that would go beyond the configured event budget ({@code limits.max-events}) or the
 * memory budget (the JVM's heap, {@code -Xmx} in {@code JAVA_OPTS}) stops with a sentence that says so, never with an
 * {@code OutOfMemoryError}. Too large to start: refused before it runs (exit 2), nothing written. Growing beyond it
 * while it runs: stopped, its report says why (exit 5, like the event budget).
 */
class BudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path scenario(String name, String extra) throws Exception {
        Path d = dir.resolve("scenarios");
        Child.longScenario(d); // copies the seed scenario and its base
        return Files.writeString(d.resolve(name), "include \"" + Cli.CLEANDIR + "\"\n" + extra);
    }

    @Test
    void theEventBudgetStopsTheRunSayingSo() throws Exception {
        Path s = scenario("budget.conf", "limits.max-events = 5000\n");
        Cli r = Cli.exec("run", s.toString(), "--json", "--journal", "none");
        assertEquals(5, r.code(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals("stalled", j.get("outcome").asText());
        assertEquals("event budget of 5000 events reached", j.get("end_reason").asText());
        assertEquals(5000, j.get("events").asLong());
    }

    @Test
    void moreFramesThanTheModelCanIndexIsRefusedBeforeItRuns() throws Exception {
        Path s = scenario("huge.conf", "machine { memory = 1 TiB, page-size = 512 }\n");
        String j = "h2:" + dir.resolve("huge");
        Cli r = Cli.exec("run", s.toString(), "--journal", j);
        assertEquals(2, r.code(), r.err());
        BadJournalTest.assertOneLine(r);
        assertTrue(r.err().contains("has more pages than the model can index (2,147,483,648 page frames"), r.err());
        assertFalse(Files.exists(dir.resolve("huge.mv.db")), "nothing written: the journal was not even opened");
    }

    /** A child JVM with a 256 MiB heap is asked for a 64 GiB machine: 8 million frames, more than it can hold. */
    @Test
    void aMachineLargerThanTheHeapIsRefusedBeforeItRuns() throws Exception {
        Path s = scenario("big.conf", "machine.memory = 64 GiB\n");
        try (Child c = Child.start(dir, "big", java.util.List.of("-Xmx256m"), "run", s.toString(), "--journal",
                "h2:" + dir.resolve("big"))) {
            assertEquals(2, c.waitFor(60), c.err());
            String err = c.err().strip();
            assertTrue(err.startsWith("pmapsim: scenario alpha-nfs-libc-cleandir is too large for this JVM's memory "
                    + "budget: its machine takes about "), err);
            assertTrue(err.contains("(8,388,608 page frames") && err.contains("JAVA_OPTS=\"-Xss4m -Xmx"), err);
            assertEquals(1, err.lines().count(), err);
        }
        assertFalse(Files.exists(dir.resolve("big.mv.db")), "nothing written");
    }

    /**
     * {@code reproduce} holds the whole recorded run (issue 8's note): in a heap too small for it, it says so and how
     * to give the JVM more, rather than "internal error: OutOfMemoryError". The run: about 170,000 events, recorded
     * here in this JVM; its reproduction in a child JVM with 64 MiB.
     */
    @Test
    void reproducingARunLargerThanTheHeapSaysHowToGiveItMore() throws Exception {
        Path s = Child.longScenario(dir.resolve("scenarios"));
        String journal = "h2:" + dir.resolve("reproduce-journal");
        Cli run = Cli.exec("run", s.toString(), "--json", "--journal", journal);
        String runId = JSON.readTree(run.out()).get("run_id").asText();
        try (Child c = Child.start(dir, "reproduce", java.util.List.of("-Xmx64m"), "reproduce", runId, "--journal",
                journal)) {
            assertEquals(1, c.waitFor(300), c.err());
            String err = c.err();
            assertTrue(err.contains("pmapsim: out of memory: the JVM's heap (at most ") && err.contains(
                    "reproduce holds the whole recorded run") && err.contains("JAVA_OPTS=\"-Xss4m -Xmx2g\""), err);
            assertFalse(err.contains("internal error"), err);
        }
    }

    /**
     * A heap that fills while a run is under way (here a ballast beside it: no run keeps anything that grows with
     * its length, a controlled run on a durable journal included, which writes its records as it goes): the run
     * stops with its report and the reason, exit 5, and what it recorded so far is kept.
     */
    @Test
    void aRunThatOutgrowsTheHeapStopsWithItsReportNotAnOutOfMemoryError() throws Exception {
        Path s = Child.longScenario(dir.resolve("scenarios"));
        try (Child c = Child.start(dir, "grows", java.util.List.of("-Xmx96m"), Ballast.class, "run", s.toString(),
                "--json", "--mode", "controlled", "--journal", "h2:" + dir.resolve("grows-journal"))) {
            int code = c.waitFor(300);
            assertFalse(c.err().contains("OutOfMemoryError") || c.err().contains("\tat "), c.err());
            assertEquals(5, code, c.err());
            JsonNode j = JSON.readTree(c.out());
            assertEquals("stalled", j.get("outcome").asText());
            assertTrue(j.get("end_reason").asText().startsWith("memory budget reached: after a garbage collection the "
                    + "heap's "), j.get("end_reason").asText());
            assertTrue(j.get("events").asLong() > 100, "the run ran before it was stopped: " + j.get("events"));
            Cli replay = Cli.exec("replay", j.get("run_id").asText(), "--json", "--journal",
                    "h2:" + dir.resolve("grows-journal"));
            assertEquals(5, replay.code(), replay.err());
            assertEquals(j.get("events").asLong(), JSON.readTree(replay.out()).get("events").asLong(),
                    "every event of the run up to its stop was written as it went");
        }
    }
}
