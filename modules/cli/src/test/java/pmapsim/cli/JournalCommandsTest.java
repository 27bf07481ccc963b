package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pmapsim.journal.Databases;
import pmapsim.journal.JournalSettings;

/**
 * The journal commands as a user types them — run, runs, replay, reproduce — on an H2 file of the test's own, and
 * what they say when the run or the database is not there. One test kills a recording run with SIGKILL in a child
 * JVM and replays what it left.
 */
class JournalCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static String journal(String name) {
        return "h2:" + dir.resolve(name);
    }

    private static String withoutWallTime(String json) {
        return json.replaceAll("\"wall_ms\"\\s*:\\s*\\d+", "\"wall_ms\":0").strip();
    }

    private static void oneLineNoStackTrace(Cli r) {
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertTrue(r.out().isEmpty(), r.out());
    }

    @Test
    void runThenRunsReplayAndReproduce() throws Exception {
        String j = journal("commands");
        Cli live = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--cpus", "2", "--json", "--journal", j);
        // it panics; on two live CPUs a rare schedule lets make complete, with or without a race a monitor names
        assertTrue(live.code() == 3 || live.code() == 0 || live.code() == 4, live.err());
        JsonNode report = JSON.readTree(live.out());
        String runId = report.get("run_id").asText();

        Cli runs = Cli.exec("runs", "--json", "--journal", j);
        assertEquals(0, runs.code(), runs.err());
        JsonNode first = JSON.readTree(runs.out()).get(0);
        assertEquals(runId, first.get("run_id").asText(), "newest first");
        assertEquals(report.get("outcome").asText(), first.get("outcome").asText());
        assertEquals(2, first.get("cpus").asInt());

        Cli replay = Cli.exec("replay", runId, "--json", "--journal", j);
        assertEquals(live.code(), replay.code(), "replay exits as the run did: " + replay.err());
        assertEquals(withoutWallTime(live.out()), withoutWallTime(replay.out()));

        Cli reproduce = Cli.exec("reproduce", runId, "--journal", j);
        assertEquals(0, reproduce.code(), reproduce.out() + reproduce.err());
        assertTrue(reproduce.out().contains("identical: "), reproduce.out());
    }

    @Test
    void anUnknownRunIsOneLineAndExitSeven() {
        Cli.exec("runs", "--journal", journal("commands")); // the database exists
        for (String command : List.of("replay", "reproduce")) {
            Cli r = Cli.exec(command, "no-such-run", "--journal", journal("commands"));
            assertEquals(7, r.code(), command + ": " + r.err());
            oneLineNoStackTrace(r);
            assertTrue(r.err().contains("no-such-run"), r.err());
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExitSevenAndThePasswordIsNotEchoed() {
        Cli r = Cli.exec("runs", "--journal-url", "jdbc:postgresql://127.0.0.1:1/pmapsim", "--journal-user", "u",
                "--journal-password", "s3cret-pw");
        assertEquals(7, r.code(), r.err());
        oneLineNoStackTrace(r);
        assertFalse(r.err().contains("s3cret-pw"), r.err());
    }

    @Test
    void aWrongPasswordIsOneLineAndExitSevenAndIsNotEchoed() {
        assertEquals(0, Cli.exec("runs", "--journal", journal("guarded")).code()); // created by user sa, no password
        Cli r = Cli.exec("runs", "--journal-url", "jdbc:h2:file:" + dir.resolve("guarded") + ";AUTO_SERVER=TRUE",
                "--journal-user", "sa", "--journal-password", "wrong-pw-42");
        assertEquals(7, r.code(), r.err());
        oneLineNoStackTrace(r);
        assertFalse(r.err().contains("wrong-pw-42"), r.err());
    }

    /**
     * SIGKILL in the middle of a long run: every event the journal holds replays, the run says `incomplete` (exit 8),
     * and the next run on the same database works.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aRunKilledWithSigkillReplaysAsIncompleteAndTheNextRunWorks(String db) throws Exception {
        Path scenario = Child.longScenario(dir.resolve("scenarios-" + db));
        JournalSettings js = db.equals("h2") ? JournalSettings.h2(dir.resolve("killed")) : Databases.postgres();
        String[] j = {"--journal-url", js.url(), "--journal-user", js.user(), "--journal-password", js.password()};
        long before = journalRows(js);
        try (Child child = Child.start(dir, "killed-" + db, args(j, "run", scenario.toString()))) {
            if (db.equals("h2")) { // polling the file while the child opens it could keep the child out
                assertTrue(child.ownsH2(dir.resolve("killed")), "the child opens the file: " + child.err());
            }
            long rows = 0;
            for (int i = 0; i < 1200 && rows < 20_000 && child.process.isAlive(); i++) {
                child.process.waitFor(100, TimeUnit.MILLISECONDS);
                rows = journalRows(js) - before;
            }
            assertTrue(child.process.isAlive(), "the run ended before it could be killed: " + child.err());
            assertTrue(rows >= 20_000, "the child wrote " + rows + " rows in two minutes: " + child.err());
        } // close(): SIGKILL on Linux, no shutdown hook, no flush

        Cli runs = Cli.exec(args(j, "runs", "--json"));
        assertEquals(0, runs.code(), runs.err());
        JsonNode killed = JSON.readTree(runs.out()).get(0);
        assertEquals("incomplete", killed.get("outcome").asText());
        String runId = killed.get("run_id").asText();

        Cli replay = Cli.exec(args(j, "replay", runId, "--json"));
        assertEquals(8, replay.code(), replay.err());
        JsonNode report = JSON.readTree(replay.out());
        assertEquals("incomplete", report.get("outcome").asText());
        assertTrue(report.get("events").asLong() >= 10_000, "what was written replays: " + report.get("events"));
        assertEquals(0, report.get("violations").size(), "a prefix of the run is a consistent run: " + report);

        Cli next = Cli.exec(args(j, "run", Cli.scenario(Cli.CLEANDIR), "--json"));
        assertEquals(3, next.code(), next.err());
        Cli again = Cli.exec(args(j, "replay", JSON.readTree(next.out()).get("run_id").asText(), "--json"));
        assertEquals(withoutWallTime(next.out()), withoutWallTime(again.out()));
    }

    private static String[] args(String[] journal, String... command) {
        List<String> all = new java.util.ArrayList<>(List.of(command));
        all.addAll(List.of(journal));
        return all.toArray(String[]::new);
    }

    private static long journalRows(JournalSettings js) {
        try (Connection c = DriverManager.getConnection(js.url(), js.user(), js.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM event_journal")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception notYet) { // the child has not created the schema yet
            return 0;
        }
    }
}
