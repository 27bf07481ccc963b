package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalSettings;

/**
 * Two processes on one H2 file (issue 7): with {@code --journal h2:PATH} the second shares the file with the first
 * (H2's automatic server) and both runs replay to their own reports; with a plain {@code jdbc:h2:file:} URL, which
 * does not share, the second is told that the journal is in use, and what to do. A reader that finds nobody
 * serving the file opens it alone.
 */
class SharedH2Test {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @Test
    void twoProcessesShareOneH2FileAndEachRunReplaysToItsOwnReport() throws Exception {
        Path scenario = Child.longScenario(dir.resolve("scenarios"));
        String j = "h2:" + dir.resolve("shared");
        try (Child other = Child.start(dir, "other", "run", scenario.toString(), "--json", "--journal", j)) {
            assertTrue(other.ownsH2(dir.resolve("shared")), "the other process opens the file: " + other.err());
            long rows = 0;
            for (int i = 0; i < 1200 && rows < 5_000 && other.process.isAlive(); i++) {
                other.process.waitFor(100, TimeUnit.MILLISECONDS);
                rows = rowsOrZero(JournalSettings.h2(dir.resolve("shared")));
            }
            assertTrue(other.process.isAlive() && rows >= 5_000,
                    "the other process is writing (" + rows + " rows): " + other.err());

            Cli mine = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--json", "--cpus", "2", "--journal", j);
            // it panics; on two live CPUs a rare schedule lets make complete, with or without a race named
            assertTrue(mine.code() == 3 || mine.code() == 0 || mine.code() == 4, mine.err());

            int code = other.waitFor(300);
            assertTrue(code == 0 || code == 3 || code == 4 || code == 5, "exit " + code + ": " + other.err());
            String theirs = other.out();
            for (String live : List.of(mine.out(), theirs)) {
                String id = JSON.readTree(live).get("run_id").asText();
                Cli replay = Cli.exec("replay", id, "--json", "--journal", j);
                assertEquals(PostgresFaultsTest.withoutWallTime(live), PostgresFaultsTest.withoutWallTime(replay.out()),
                        "run " + id + ": " + replay.err());
            }
        }
    }

    @Test
    void anUnsharedH2FileInUseIsToldClearly() throws Exception {
        Path scenario = Child.longScenario(dir.resolve("scenarios"));
        String url = "jdbc:h2:file:" + dir.resolve("private"); // no AUTO_SERVER: one process at a time
        try (Child holder = Child.start(dir, "holder", "run", scenario.toString(), "--journal-url", url)) {
            Path file = dir.resolve("private.mv.db");
            for (int i = 0; i < 600 && !Files.exists(file) && holder.process.isAlive(); i++) {
                holder.process.waitFor(100, TimeUnit.MILLISECONDS); // the file appears when the holder opens it
            }
            assertTrue(Files.exists(file) && holder.process.isAlive(), "the holder has the file: " + holder.err());

            for (String[] args : List.of(new String[] {"runs", "--journal-url", url},
                    new String[] {"run", Cli.scenario(Cli.CLEANDIR), "--journal-url", url})) {
                Cli r = Cli.exec(args);
                assertEquals(7, r.code(), String.join(" ", args) + ": " + r.err());
                BadJournalTest.assertOneLine(r);
                assertTrue(r.err().contains("the journal is in use by another process"), r.err());
                assertTrue(r.err().contains("--journal h2:PATH, which shares the file"), r.err());
            }
            assertTrue(holder.process.isAlive(), "the file was held all along: " + holder.err());
            assertFalse(holder.err().contains("in use"), "the holder was not disturbed: " + holder.err());
        }
    }

    /**
     * A reader (runs, replay, report) that finds nobody serving a shared H2 file opens it alone: a run started while
     * it reads waits for it, and says so, rather than joining the reader and having to reconnect when the reader
     * exits; then it records as usual.
     */
    @Test
    void aRunStartedWhileAReaderHoldsTheFileWaitsForItThenRecords() throws Exception {
        JournalSettings js = JournalSettings.h2(dir.resolve("read"));
        String j = "h2:" + dir.resolve("read");
        Child run = null;
        try (JournalDb reader = JournalDb.openToRead(js)) {
            assertFalse(Files.exists(dir.resolve("read.lock.db")), "the reader serves the file to nobody");
            run = Child.start(dir, "after-reader", "run", Cli.scenario(Cli.CLEANDIR), "--json", "--journal", j);
            for (int i = 0; i < 600 && !run.err().contains("waiting for the file") && run.process.isAlive(); i++) {
                run.process.waitFor(100, TimeUnit.MILLISECONDS);
            }
            assertTrue(run.err().contains("waiting for the file, which another process is opening or reading"),
                    "the run waits for the reader: " + run.err());
        } catch (Throwable t) {
            if (run != null) {
                run.close(); // not left running after a failed test
            }
            throw t;
        }
        try (Child waited = run) {
            assertEquals(3, waited.waitFor(120), "one live CPU: it panics, " + waited.err());
            String live = waited.out();
            Cli replay = Cli.exec("replay", JSON.readTree(live).get("run_id").asText(), "--json", "--journal", j);
            assertEquals(PostgresFaultsTest.withoutWallTime(live), PostgresFaultsTest.withoutWallTime(replay.out()),
                    replay.err());
        }
    }

    private static long rowsOrZero(JournalSettings js) {
        try (Connection c = DriverManager.getConnection(js.url(), js.user(), js.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM event_journal")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception notYet) {
            return 0;
        }
    }
}
