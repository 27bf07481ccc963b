package pmapsim.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.table.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An H2 journal whose indexes point at rows the table no longer holds: what H2 can leave when a process is killed
 * while it writes (about one kill in four of a recording run). The damage is made here the same shape, exactly and
 * every time: the last rows are taken out of the table's primary index only, through H2's own classes, so that the
 * ordering index and the primary key still hold entries for them. Reading through such an entry fails ("Timeout
 * trying to lock table {0}", caused by "Row ... not found in primary index"); a later insert that reuses the row key
 * would make the entry point at the wrong row.
 */
class H2IndexRepairTest {
    private static final int ROWS = 300;
    private static final int LOST = 7;

    @TempDir
    Path dir;

    /**
     * The damage is made by a child JVM that then halts without closing the database, as a killed process does: its
     * lock file stays. The next pmapsim to open the file is alone with it and rebuilds the indexes before anything
     * reads: the journal's highest ordering is that of its last row again, every index holds exactly the table's rows,
     * and a record written afterwards is found by its ordering. That holds for a reader (replay is often the first
     * command after a killed run) as for a run.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theFirstOpenAfterAProcessDiedHoldingTheFileRebuildsTheIndexes(boolean reader) throws Exception {
        JournalSettings s = JournalSettings.h2(dir.resolve("left-open-" + reader));
        fill(s);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Damage.class.getName(), s.url(), String.valueOf(LOST))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child halts");
        assertEquals(Damage.HALTED, child.exitValue(), Files.readString(dir.resolve("child.log")));
        assertTrue(Files.exists(dir.resolve("left-open-" + reader + ".lock.db")),
                "a process that halts leaves its lock file");

        try (JournalDb db = reader ? JournalDb.openToRead(s) : JournalDb.open(s)) {
            assertEquals(ROWS - LOST, maxOrdering(db.connection()), "MAX(ordering) reads the ordering index");
            assertEveryIndexHoldsTheTablesRows(db.connection(), ROWS - LOST);
            long next = insert(db.connection(), "repair|after", 1);
            assertEquals(List.of("repair|after"), idsAt(db.connection(), next));
        }
    }

    /**
     * Damage no pmapsim saw happen (the file closed since, so no lock file is left): opening does not rebuild, and the
     * first read through a lost row is one line saying what happened, after which the indexes are rebuilt and the
     * same read works.
     */
    @Test
    void aReadThatMeetsALostRowRebuildsTheIndexesAndSaysToRunAgain() throws Exception {
        JournalSettings s = JournalSettings.h2(dir.resolve("closed"));
        fill(s);
        Damage.damage(s.url(), LOST, false);
        assertTrue(Files.notExists(dir.resolve("closed.lock.db")));

        try (JournalDb db = JournalDb.open(s)) {
            try (Statement st = db.connection().createStatement()) {
                st.execute("SET LOCK_TIMEOUT 50"); // H2 retries a lost row until its lock timeout (2 s by default)
            }
            SQLException lost = assertThrows(SQLException.class, () -> maxOrdering(db.connection()));
            assertTrue(JournalDb.indexPointsAtLostRow(lost), lost.toString());
            JournalException e = db.readFailed("cannot read run r from " + s, lost);
            assertTrue(e.getMessage().startsWith("cannot read run r from journal jdbc:h2:file:"), e.getMessage());
            assertTrue(e.getMessage().endsWith("pmapsim has rebuilt the indexes: run the command again"),
                    e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertEquals(ROWS - LOST, maxOrdering(db.connection()));
            assertEveryIndexHoldsTheTablesRows(db.connection(), ROWS - LOST);
        }
        try (JournalDb again = JournalDb.open(s)) { // the rebuilt schema opens, and rebuilds, as pekko's own did
            again.rebuildIndexes("a test rebuilds twice");
            assertEveryIndexHoldsTheTablesRows(again.connection(), ROWS - LOST);
        }
    }

    @Test
    void otherErrorsAreNotTakenForALostRow() {
        assertFalse(JournalDb.indexPointsAtLostRow(new SQLException("Timeout trying to lock table", "HYT00", 50200)));
        assertFalse(JournalDb.indexPointsAtLostRow(new SQLException("another driver's 90143", "HY000", 90143)));
    }

    /** A fresh journal with {@link #ROWS} records of one actor, orderings 1 to {@link #ROWS}. */
    private static void fill(JournalSettings s) throws Exception {
        try (JournalDb db = JournalDb.open(s)) {
            for (int i = 1; i <= ROWS; i++) {
                insert(db.connection(), "repair|cpu0", i);
            }
        }
    }

    private static long insert(Connection c, String id, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO event_journal (persistence_id, sequence_number, "
                + "writer, write_timestamp, adapter_manifest, event_payload, event_ser_id, event_ser_manifest) "
                + "VALUES (?, ?, 'w', 0, '', ?, 1, 'm')", new String[] {"ordering"})) {
            p.setString(1, id);
            p.setLong(2, seq);
            p.setBytes(3, new byte[64]);
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static long maxOrdering(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(ordering) FROM event_journal")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> idsAt(Connection c, long ordering) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT persistence_id FROM event_journal "
                + "USE INDEX (event_journal_ordering_idx) WHERE ordering = ?")) {
            p.setLong(1, ordering);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /** Counts each index's entries (an index-only count, which does not look the rows up) against the table's. */
    private static void assertEveryIndexHoldsTheTablesRows(Connection c, long rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String index : indexes(c)) {
                String column = index.equals("event_journal_ordering_idx") || index.startsWith("CONSTRAINT_INDEX")
                        ? "ordering > -1" : "persistence_id > ''";
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM event_journal USE INDEX (\"" + index
                        + "\") WHERE " + column)) {
                    rs.next();
                    assertEquals(rows, rs.getLong(1), "entries of " + index);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM event_journal")) {
                rs.next();
                assertTrue(rs.getLong(1) >= rows);
            }
        }
    }

    private static List<String> indexes(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT INDEX_NAME FROM "
                + "INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'event_journal' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        assertTrue(out.contains("event_journal_ordering_idx") && out.size() >= 2, out.toString());
        return out;
    }

    /** Takes the last rows out of {@code event_journal}'s primary index only (H2's own classes, embedded session). */
    static final class Damage {
        static final int HALTED = 42;

        public static void main(String[] args) throws Exception {
            damage(args[0], Integer.parseInt(args[1]), true);
        }

        static void damage(String url, int lost, boolean halt) throws Exception {
            Connection c = DriverManager.getConnection(url, "sa", "");
            SessionLocal session = (SessionLocal) ((JdbcConnection) c).getSession();
            Table table = session.getDatabase().getSchema("PUBLIC").findTableOrView(session, "event_journal");
            long last = maxOrdering(c); // orderings and row keys both run 1 to ROWS here
            for (long key = last - lost + 1; key <= last; key++) {
                table.getScanIndex(session).remove(session, table.getRow(session, key));
            }
            session.commit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT"); // on disk, as H2's background writer would have put it
            }
            if (halt) {
                Runtime.getRuntime().halt(HALTED); // no shutdown hook: the database is not closed, the lock file stays
            }
            c.close();
        }
    }
}
