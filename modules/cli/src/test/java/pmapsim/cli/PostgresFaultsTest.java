package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RecordedRun;
import pmapsim.report.Runs;

/**
 * Faults of a real PostgreSQL journal (issue 7), on an embedded PostgreSQL of this class's own, which one test stops
 * in the middle of a run and starts again: a wrong password (the server asks for one: scram-sha-256), a database that
 * holds another program's tables, the database dying mid-run, and four runs at once on one database.
 */
class PostgresFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path data;
    static int port;
    static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        data = dir.resolve("pgdata");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        pg = start();
        try (Connection c = connect("postgres", "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE alice LOGIN PASSWORD 'right-pw-1'");
            for (String db : List.of("guarded", "shop", "dying", "four")) {
                s.execute("CREATE DATABASE " + db + (db.equals("guarded") ? " OWNER alice" : ""));
            }
        }
    }

    /** Every user but postgres (the superuser zonky checks the server with) logs in with a password. */
    private static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setDataDirectoryCustomizer(d -> {
                    try {
                        Files.writeString(d.toPath().resolve("pg_hba.conf"), String.join("\n",
                                "local all all trust",
                                "host all postgres 127.0.0.1/32 trust", "host all postgres ::1/128 trust",
                                "host all all 127.0.0.1/32 scram-sha-256", "host all all ::1/128 scram-sha-256", ""));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    private static String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    private static Connection connect(String db, String user, String password) throws SQLException {
        return DriverManager.getConnection(url(db), user, password);
    }

    private static String[] args(List<String> command, String db) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of("--journal-url", url(db), "--journal-user", "postgres", "--journal-password", "x"));
        return all.toArray(String[]::new);
    }

    @Test
    void aWrongPasswordIsExitSevenNotEchoedAndTheRightOneWorks() throws Exception {
        for (List<String> command : List.of(List.of("runs"), List.of("run", Cli.scenario(Cli.CLEANDIR)))) {
            List<String> a = new ArrayList<>(command);
            a.addAll(List.of("--journal-url", url("guarded"), "--journal-user", "alice", "--journal-password",
                    "wrong-pw-9"));
            Cli r = Cli.exec(a.toArray(String[]::new));
            assertEquals(7, r.code(), command + ": " + r.err());
            BadJournalTest.assertOneLine(r);
            assertTrue(r.err().contains("refused the login of user \"alice\" (wrong user or password)"), r.err());
            assertFalse(r.err().contains("wrong-pw-9"), r.err());
        }
        Cli right = Cli.exec("runs", "--journal-url", url("guarded"), "--journal-user", "alice",
                "--journal-password", "right-pw-1");
        assertEquals(0, right.code(), "the server does check passwords: " + right.err());
        try (Connection c = connect("guarded", "alice", "right-pw-1")) {
            assertEquals(0, count(c, "SELECT COUNT(*) FROM pmapsim_runs"), "the refused run recorded nothing");
        }
    }

    @Test
    void aDatabaseOfSomethingElseIsRefusedBeforeAnythingIsWritten() throws Exception {
        try (Connection c = connect("shop", "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE event_journal (id INT PRIMARY KEY, what TEXT)");
            s.execute("INSERT INTO event_journal VALUES (1, 'checkout')");
        }
        for (List<String> command : List.of(List.of("runs"), List.of("run", Cli.scenario(Cli.CLEANDIR)))) {
            Cli r = Cli.exec(args(command, "shop"));
            assertEquals(7, r.code(), command + ": " + r.err());
            BadJournalTest.assertOneLine(r);
            assertTrue(r.err().contains("is not a pmapsim journal: its table event_journal lacks the columns"),
                    r.err());
        }
        try (Connection c = connect("shop", "postgres", "")) {
            assertEquals(0, count(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = "
                    + "'pmapsim_runs'"), "pmapsim created nothing there");
            assertEquals(1, count(c, "SELECT COUNT(*) FROM event_journal"));
        }
    }

    /**
     * PostgreSQL stopped in the middle of a run (a child JVM writing about 170,000 events): the run stops within
     * seconds with one clear line and exit 7; once the database is back, every event it had written replays (the run
     * is incomplete, exit 8), and the next run works.
     */
    @Test
    void theJournalDiesMidRunTheRunStopsWithinSecondsAndWhatWasWrittenReplays() throws Exception {
        Path scenario = Child.longScenario(dir.resolve("scenarios"));
        long acknowledged;
        String runId;
        try (Child child = Child.start(dir, "dying", args(List.of("run", scenario.toString(), "--json"), "dying"))) {
            long rows = 0;
            for (int i = 0; i < 1200 && rows < 20_000 && child.process.isAlive(); i++) {
                child.process.waitFor(100, TimeUnit.MILLISECONDS);
                rows = rowsOrZero("dying");
            }
            assertTrue(child.process.isAlive(), "the run ended before the database could die: " + child.err());
            assertTrue(rows >= 20_000, "the child wrote " + rows + " rows in two minutes: " + child.err());

            pg.close(); // pg_ctl stop -m fast: every connection is cut
            long stopped = System.nanoTime();
            int code = child.waitFor(60);
            long seconds = (System.nanoTime() - stopped) / 1_000_000_000;
            assertTrue(code >= 0, "the run still runs a minute after its database died: " + child.err());
            assertTrue(seconds <= 20, "the run took " + seconds + " s to stop: " + child.err());
            assertEquals(7, code, child.err());
            assertEquals("", child.out(), "no report for a run that did not end");
            String err = child.err();
            System.out.println("PostgreSQL stopped; the run stopped " + seconds + " s later, exit " + code
                    + ", saying:\n" + err);
            assertFalse(err.contains("\tat ") || err.contains("internal error"), "no stack trace:\n" + err);
            List<String> lines = err.strip().lines().toList();
            String last = lines.get(lines.size() - 1);
            Matcher m = Pattern.compile("^pmapsim: run (\\w+) stopped: the journal jdbc:postgresql://\\S+ failed .*"
                    + "the ([\\d,]+) records it had written are kept").matcher(last);
            assertTrue(m.find(), "the last line says what happened and what was kept:\n" + err);
            runId = m.group(1);
            acknowledged = Long.parseLong(m.group(2).replace(",", ""));
            assertTrue(lines.size() <= 5, "a few lines, not a log: \n" + err);
        } finally {
            pg = start(); // the database comes back, with what it had committed
        }

        long rows;
        try (Connection c = connect("dying", "postgres", "")) {
            rows = count(c, "SELECT COUNT(*) FROM event_journal WHERE persistence_id LIKE '" + runId + "|%'");
        }
        assertTrue(rows >= acknowledged, "every record the database acknowledged is there: " + rows + " rows, "
                + acknowledged + " acknowledged");

        Cli runs = Cli.exec(args(List.of("runs", "--json"), "dying"));
        assertEquals(0, runs.code(), runs.err());
        JsonNode row = JSON.readTree(runs.out()).get(0);
        assertEquals(runId, row.get("run_id").asText());
        assertEquals("incomplete", row.get("outcome").asText());

        // every event in the journal replays, but those written after one that never reached it (the run's
        // consistent prefix), which the end reason counts: count the rows that are events, and the events replay folds
        JournalSettings js = JournalSettings.parse(url("dying"), "postgres", "x", java.util.Map.of());
        long stored = storedEvents(js, runId);
        AtomicLong replayed = new AtomicLong();
        Runs.Replayed r = Runs.replayed(js, runId, reading -> List.of(e -> replayed.incrementAndGet()));
        Matcher left = Pattern.compile(" and (\\d+) written after one that is missing, left out")
                .matcher(r.report().endReason());
        long leftOut = left.find() ? Long.parseLong(left.group(1)) : 0;
        assertEquals(stored, replayed.get() + leftOut, "events lost between the journal and replay, without a word: "
                + r.report().endReason());
        assertTrue(replayed.get() >= 10_000, "the run had written " + stored + " events, " + replayed + " in order");
        assertEquals("incomplete", r.report().outcome().key());
        assertEquals(List.of(), r.report().violations(), "the prefix the journal kept is a consistent run");
        Cli replay = Cli.exec(args(List.of("replay", runId, "--json"), "dying"));
        assertEquals(8, replay.code(), replay.err());

        Cli next = Cli.exec(args(List.of("run", Cli.scenario(Cli.CLEANDIR), "--json"), "dying"));
        assertEquals(3, next.code(), "the next run works: " + next.err());
        String nextId = JSON.readTree(next.out()).get("run_id").asText();
        Cli again = Cli.exec(args(List.of("replay", nextId, "--json"), "dying"));
        assertEquals(withoutWallTime(next.out()), withoutWallTime(again.out()));
    }

    /** Four runs at once on one database, each in its own actor system: each replays to its own report. */
    @Test
    void fourRunsAtOnceEachReplayEqualToItsOwnLiveReport() throws Exception {
        List<CompletableFuture<Cli>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<String> command = List.of("run", Cli.scenario(Cli.CLEANDIR), "--json", "--seed", String.valueOf(i + 1),
                    "--cpus", String.valueOf(1 + i % 2));
            runs.add(CompletableFuture.supplyAsync(() -> Cli.exec(args(command, "four"))));
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<Cli> f : runs) {
            Cli live = f.get(5, TimeUnit.MINUTES);
            // it panics; on two live CPUs a rare schedule lets make complete, with or without a race named
            assertTrue(live.code() == 3 || live.code() == 0 || live.code() == 4,
                    "exit " + live.code() + ": " + live.err() + live.out());
            String id = JSON.readTree(live.out()).get("run_id").asText();
            ids.add(id);
            Cli replay = Cli.exec(args(List.of("replay", id, "--json"), "four"));
            assertEquals(live.code(), replay.code(), replay.err());
            assertEquals(withoutWallTime(live.out()), withoutWallTime(replay.out()), "run " + id);
        }
        assertEquals(4, ids.stream().distinct().count());
        try (Connection c = connect("four", "postgres", "")) {
            assertEquals(4, count(c, "SELECT COUNT(*) FROM pmapsim_runs WHERE outcome IS NOT NULL"));
        }
    }

    private static long storedEvents(JournalSettings js, String runId) throws Exception {
        ActorSystem system = ActorSystem.create("count", PmapsimConfig.load());
        try (JournalDb db = JournalDb.open(js)) {
            long[] n = {0};
            RecordedRun.rows(db, SerializationExtension.get(system), runId, row -> {
                if (!row.record().marker() && row.record().stamp() >= 0) {
                    n[0]++;
                }
            });
            return n[0];
        } finally {
            system.terminate();
        }
    }

    private static long rowsOrZero(String db) {
        try (Connection c = connect(db, "postgres", "")) {
            return count(c, "SELECT COUNT(*) FROM event_journal");
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String withoutWallTime(String json) {
        return json.replaceAll("\"wall_ms\"\\s*:\\s*\\d+", "\"wall_ms\":0").strip();
    }
}
