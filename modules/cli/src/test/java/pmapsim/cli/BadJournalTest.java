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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.journal.JournalSettings;

/**
 * The catalogue of bad journals (issue 7), on H2 files of the test's own: a file that is not a database, a database
 * that holds some other program's tables, a wrong password on a run, a journal that cannot be reached, and a recorded
 * run whose rows were damaged. Each is exit 7, one line naming the journal and what is wrong, no stack trace, and
 * nothing written where the journal is not pmapsim's. (Unknown run, unreachable PostgreSQL and a wrong password for
 * {@code runs} are in {@link JournalCommandsTest}; a real PostgreSQL is in {@link PostgresFaultsTest}.)
 */
class BadJournalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** One recorded run (the seed scenario), shared by the tests that damage copies of it. */
    static String recorded;

    @BeforeAll
    static void recordOneRun() throws Exception {
        Cli live = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--json", "--journal", "h2:" + dir.resolve("recorded"));
        assertEquals(3, live.code(), live.err());
        recorded = JSON.readTree(live.out()).get("run_id").asText();
    }

    /** A copy of the recorded journal that a test may damage. */
    private static JournalSettings copy(String name) throws Exception {
        Files.copy(dir.resolve("recorded.mv.db"), dir.resolve(name + ".mv.db"));
        return JournalSettings.h2(dir.resolve(name));
    }

    @Test
    void aFileThatIsNotADatabaseIsExitSevenAndIsLeftAsItWas() throws Exception {
        Path file = dir.resolve("notes.mv.db");
        Files.writeString(file, "shopping list: eggs, flour\n");
        for (String[] args : List.of(new String[] {"runs"}, new String[] {"run", Cli.scenario(Cli.CLEANDIR)},
                new String[] {"replay", "abc"})) {
            Cli r = Cli.exec(with(args, "--journal", "h2:" + dir.resolve("notes")));
            assertEquals(7, r.code(), String.join(" ", args) + ": " + r.err());
            assertOneLine(r);
            assertTrue(r.err().contains("the file is not an H2 database, or it is damaged"), r.err());
            assertTrue(r.err().contains(dir.resolve("notes").toString()), "names the journal: " + r.err());
        }
        assertEquals("shopping list: eggs, flour\n", Files.readString(file));
    }

    @Test
    void aDatabaseOfSomethingElseIsRefusedBeforeAnythingIsWritten() throws Exception {
        JournalSettings shop = JournalSettings.h2(dir.resolve("shop"));
        try (Connection c = connect(shop); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE event_journal (id INT PRIMARY KEY, what VARCHAR(100))");
            s.execute("INSERT INTO event_journal VALUES (1, 'checkout')");
        }
        for (String[] args : List.of(new String[] {"runs"}, new String[] {"run", Cli.scenario(Cli.CLEANDIR)},
                new String[] {"replay", "abc"}, new String[] {"reproduce", "abc"})) {
            Cli r = Cli.exec(with(args, "--journal", "h2:" + dir.resolve("shop")));
            assertEquals(7, r.code(), String.join(" ", args) + ": " + r.err());
            assertOneLine(r);
            assertTrue(r.err().contains("is not a pmapsim journal: its table event_journal lacks the columns ordering, "
                    + "persistence_id"), r.err());
        }
        try (Connection c = connect(shop)) {
            assertEquals(List.of("event_journal"), tables(c), "pmapsim created nothing there");
            assertEquals(1, count(c, "SELECT COUNT(*) FROM event_journal"), "and wrote nothing");
        }
    }

    @Test
    void aRunCatalogueOfSomethingElseIsRefused() throws Exception {
        JournalSettings other = JournalSettings.h2(dir.resolve("other"));
        try (Connection c = connect(other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE pmapsim_runs (name VARCHAR(10))");
        }
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--journal", "h2:" + dir.resolve("other"));
        assertEquals(7, r.code(), r.err());
        assertOneLine(r);
        assertTrue(r.err().contains("its table pmapsim_runs lacks the columns run_id"), r.err());
        try (Connection c = connect(other)) {
            assertEquals(List.of("pmapsim_runs"), tables(c));
        }
    }

    @Test
    void aWrongPasswordOnARunIsExitSevenAndTheRunDoesNotStart() throws Exception {
        JournalSettings js = copy("guarded");
        String url = "jdbc:h2:file:" + dir.resolve("guarded") + ";AUTO_SERVER=TRUE";
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--journal-url", url, "--journal-user", "sa",
                "--journal-password", "not-the-pw-7");
        assertEquals(7, r.code(), r.err());
        assertOneLine(r);
        assertTrue(r.err().contains("refused the login of user \"sa\" (wrong user or password)"), r.err());
        assertFalse(r.err().contains("not-the-pw-7"), r.err());
        try (Connection c = connect(js)) {
            assertEquals(1, count(c, "SELECT COUNT(*) FROM pmapsim_runs"), "still only the recorded run");
        }
    }

    @Test
    void anUnreachableJournalFailsARunWithinSecondsBeforeItStarts() {
        long start = System.nanoTime();
        Cli r = Cli.exec("run", Cli.scenario(Cli.CLEANDIR), "--journal-url", "jdbc:postgresql://127.0.0.1:1/pmapsim");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(7, r.code(), r.err());
        assertOneLine(r);
        assertTrue(r.err().contains("cannot open journal jdbc:postgresql://127.0.0.1:1/pmapsim"), r.err());
        assertTrue(ms < 15_000, "took " + ms + " ms");
    }

    @Test
    void aDamagedEventRowIsExitSevenNamingTheRecordAndTheRun() throws Exception {
        JournalSettings js = copy("damaged");
        long ordering;
        try (Connection c = connect(js); Statement s = c.createStatement()) {
            ordering = count(c, "SELECT MIN(ordering) + 500 FROM event_journal");
            s.executeUpdate("UPDATE event_journal SET event_payload = X'DEADBEEF00FF' WHERE ordering = " + ordering);
        }
        String j = "h2:" + dir.resolve("damaged");
        for (String command : List.of("replay", "reproduce", "report")) {
            Cli r = command.equals("report")
                    ? Cli.exec(command, recorded, "--journal", j, "-o", dir.resolve("damaged.html").toString())
                    : Cli.exec(command, recorded, "--journal", j);
            assertEquals(7, r.code(), command + ": " + r.err());
            assertOneLine(r);
            assertTrue(r.err().contains("record " + ordering + " of run " + recorded), r.err());
            assertTrue(r.err().contains("cannot be read"), r.err());
        }
        Cli runs = Cli.exec("runs", "--journal", j);
        assertEquals(0, runs.code(), "the catalogue still lists the run: " + runs.err());
        assertTrue(runs.out().contains(recorded), runs.out());
    }

    @Test
    void aRowOfAnUnknownSerializerIsExitSeven() throws Exception {
        JournalSettings js = copy("foreign-row");
        long ordering;
        try (Connection c = connect(js); Statement s = c.createStatement()) {
            ordering = count(c, "SELECT MIN(ordering) + 7 FROM event_journal");
            s.executeUpdate("UPDATE event_journal SET event_ser_id = 424242 WHERE ordering = " + ordering);
        }
        Cli r = Cli.exec("replay", recorded, "--json", "--journal", "h2:" + dir.resolve("foreign-row"));
        assertEquals(7, r.code(), r.err());
        assertOneLine(r);
        assertTrue(r.err().contains("record " + ordering + " of run " + recorded + " in journal "), r.err());
    }

    @Test
    void aDamagedScenarioInTheCatalogueIsExitSeven() throws Exception {
        JournalSettings js = copy("bad-scenario");
        try (Connection c = connect(js); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE pmapsim_runs SET scenario_text = 'machine { cpus = [' WHERE run_id = '"
                    + recorded + "'");
        }
        for (String command : List.of("replay", "reproduce")) {
            Cli r = Cli.exec(command, recorded, "--journal", "h2:" + dir.resolve("bad-scenario"));
            assertEquals(7, r.code(), command + ": " + r.err());
            assertOneLine(r);
            assertTrue(r.err().contains("the scenario recorded with run " + recorded + " cannot be read"), r.err());
        }
    }

    @Test
    void anUnknownRunForReportIsExitSeven() {
        Cli r = Cli.exec("report", "no-such-run", "--journal", "h2:" + dir.resolve("recorded"), "-o",
                dir.resolve("x.html").toString());
        assertEquals(7, r.code(), r.err());
        assertOneLine(r);
        assertTrue(r.err().contains("no run no-such-run in journal"), r.err());
        assertFalse(Files.exists(dir.resolve("x.html")), "no page written");
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    static void assertOneLine(Cli r) {
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("pmapsim: "), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), r.err());
    }

    private static Connection connect(JournalSettings js) throws SQLException {
        return DriverManager.getConnection(js.url(), js.user(), js.password());
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (!"INFORMATION_SCHEMA".equalsIgnoreCase(schema)) {
                    out.add(rs.getString("TABLE_NAME"));
                }
            }
        }
        return out;
    }
}
