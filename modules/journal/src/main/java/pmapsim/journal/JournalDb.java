package pmapsim.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal database as pmapsim sees it with plain JDBC: the schema (pekko-persistence-jdbc's tables and pmapsim's
 * run catalogue), created on first use and harmless to create again, and the catalogue's rows. Events are written by
 * the journal plugin inside the actor system; {@link RecordedRun} reads them back.
 */
public final class JournalDb implements AutoCloseable {
    static final String RUNS = "pmapsim_runs";
    private final JournalSettings settings;
    private final Connection c;

    private JournalDb(JournalSettings settings, Connection c) {
        this.settings = settings;
        this.c = c;
    }

    /**
     * Connects and makes sure the schema is there, for a process that records into the journal (a run, a cluster
     * node): on a shared H2 file it serves the file to the processes that come after it, or joins the one that
     * serves it. Every failure is one line naming the journal.
     */
    public static JournalDb open(JournalSettings settings) throws JournalException {
        return open(settings, false);
    }

    /**
     * As {@link #open}, for a process that reads the journal and leaves (runs, replay, report, reproduce): on a
     * shared H2 file that a process serves, it joins that process; on one that nobody serves, it opens the file for
     * itself alone. So it does not serve the file: a run that joined a reader's server had to reconnect when the
     * reader exited, and could lose its journal; a run started meanwhile now waits for the reader, up to a minute,
     * instead. (H2 makes one exception: a reader still reading when the process it joined exits is reconnected, and
     * serves the file until it closes it.)
     * Measured on 2026-11-27, six runs started while a loop of {@code pmapsim runs} polled the file: before, two of
     * six lost their journal and the runs took 4.9 to 25 s; now all six recorded, in 5.6 to 11.6 s (5.8 s alone).
     */
    public static JournalDb openToRead(JournalSettings settings) throws JournalException {
        return open(settings, true);
    }

    private static JournalDb open(JournalSettings settings, boolean reader) throws JournalException {
        if (!settings.durable()) {
            throw new JournalException("the journal is none: there are no recorded runs to read");
        }
        Opened opened;
        try {
            if (settings.kind() == JournalSettings.Kind.H2) {
                java.nio.file.Path dir = h2Dir(settings.url());
                if (dir != null) {
                    java.nio.file.Files.createDirectories(dir);
                }
            }
            DriverManager.setLoginTimeout(5);
            opened = connect(settings, reader);
        } catch (SQLException e) {
            throw new JournalException("cannot open " + settings + ": " + whyNotOpen(settings, e));
        } catch (IOException e) {
            throw new JournalException("cannot create the directory of " + settings + ": " + e.getMessage());
        }
        JournalDb db = new JournalDb(settings, opened.connection());
        try {
            db.checkForeign();
        } catch (SQLException e) {
            db.close();
            throw new JournalException("cannot read the tables of " + settings + ": " + oneLine(e));
        } catch (JournalException e) {
            db.close();
            throw e;
        }
        try {
            db.createSchema();
        } catch (SQLException | IOException e) {
            db.close();
            throw new JournalException("cannot create the journal's tables in " + settings + ": " + oneLine(e));
        }
        try {
            if (opened.lockFound() && db.alone()) {
                db.rebuildIndexes("a process that had it open ended without closing it");
            }
        } catch (SQLException e) {
            db.close();
            throw new JournalException("cannot rebuild the indexes of " + settings + " (a process that had it open "
                    + "ended without closing it): " + oneLine(e));
        }
        return db;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalDb.class);

    /** H2's error code for "Row ... not found in primary index": an index entry whose row the table lacks. */
    private static final int H2_ROW_NOT_IN_PRIMARY_INDEX = 90143;

    /**
     * The lock file H2 keeps beside an open database file (deleted when the database closes, left behind when the
     * process that held it is killed), or null for a journal that is no H2 file.
     */
    private static java.nio.file.Path h2LockFile(JournalSettings settings) {
        String path = settings.kind() == JournalSettings.Kind.H2 ? h2File(settings.url()) : null;
        return path == null ? null : java.nio.file.Path.of(path + ".lock.db");
    }

    /** Whether this connection is the database's only session: no other process is using the file now. */
    private boolean alone() throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            return rs.next() && rs.getLong(1) == 1;
        }
    }

    /** Whether {@code e} is H2 meeting an index entry whose row the table no longer holds ({@link #rebuildIndexes}). */
    static boolean indexPointsAtLostRow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_ROW_NOT_IN_PRIMARY_INDEX
                    && sql.getClass().getName().startsWith("org.h2.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rebuilds the indexes of {@code event_journal} on H2 from the table's rows. Why: when a process is killed while
     * it writes, H2 (2.5.252) can reopen the file with index entries of the last transaction whose rows it rolled back
     * (about one kill in four of a recording run, issue 8; compare h2database/h2database#995). Reading through such an
     * entry fails with "Row ... not found in primary index", which H2 retries until its lock timeout and then reports
     * as "Timeout trying to lock table {0}"; and once a later run reuses those row keys, the entries point at the
     * wrong rows. So the first pmapsim to open an H2 file left open by a dead process rebuilds the indexes before
     * anything reads or writes: the primary key, the unique ordering and its index (and the foreign key of
     * {@code event_tag} that refers to it). Each step can run again, should this one be interrupted.
     */
    void rebuildIndexes(String why) throws SQLException {
        long t0 = System.nanoTime();
        long rows;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM event_journal")) {
            rs.next();
            rows = rs.getLong(1);
        }
        String file = java.util.Objects.requireNonNullElse(h2File(settings.url()), settings.describe());
        LOG.warn("H2 journal {}: {}; rebuilding the indexes of its {} records (H2 can leave them pointing at rows it "
                + "rolled back) ...", file, why, String.format("%,d", rows));
        List<String> unique = new ArrayList<>();
        boolean primaryKey = false;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE "
                + "FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_NAME = 'event_journal' ORDER BY 1")) {
            while (rs.next()) {
                if (rs.getString(2).equals("UNIQUE")) {
                    unique.add(rs.getString(1));
                }
                primaryKey |= rs.getString(2).equals("PRIMARY KEY");
            }
        }
        List<String> steps = new ArrayList<>(List.of(
                "ALTER TABLE \"event_tag\" DROP CONSTRAINT IF EXISTS \"fk_event_journal\""));
        for (String u : unique) {
            steps.add("ALTER TABLE \"event_journal\" DROP CONSTRAINT \"" + u + "\"");
        }
        steps.addAll(List.of(
                "DROP INDEX IF EXISTS \"event_journal_ordering_idx\"",
                "CREATE UNIQUE INDEX \"event_journal_ordering_idx\" ON \"event_journal\"(\"ordering\")",
                "ALTER TABLE \"event_journal\" ADD UNIQUE(\"ordering\")", // H2 gives it the index just made
                "ALTER TABLE \"event_tag\" ADD CONSTRAINT \"fk_event_journal\" FOREIGN KEY(\"event_id\") "
                        + "REFERENCES \"event_journal\"(\"ordering\") ON DELETE CASCADE"));
        if (primaryKey) {
            steps.add("ALTER TABLE \"event_journal\" DROP PRIMARY KEY");
        }
        steps.add("ALTER TABLE \"event_journal\" ADD PRIMARY KEY(\"persistence_id\", \"sequence_number\")");
        try (Statement s = c.createStatement()) {
            for (String step : steps) {
                s.execute(step);
            }
        }
        LOG.info("H2 journal {}: indexes rebuilt in {} ms", file, (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The error for a failed read of the journal: an out-of-memory error as such, and an index that points at a row H2
     * lost (a file a dead process left open, opened since by some other program) rebuilt, so that the command works
     * when run again.
     */
    JournalException readFailed(String what, SQLException e) {
        rethrowOutOfMemory(e);
        if (!indexPointsAtLostRow(e)) {
            return new JournalException(what + ": " + oneLine(e));
        }
        String lost = what + ": an index of the journal points at rows H2 no longer holds (a process writing it was "
                + "killed, and another program opened the file first)";
        try {
            rebuildIndexes("an index points at rows it no longer holds");
            return new JournalException(lost + "; pmapsim has rebuilt the indexes: run the command again");
        } catch (SQLException again) {
            return new JournalException(lost + "; rebuilding the indexes failed: " + oneLine(again));
        }
    }

    /**
     * How long a process waits for the shared H2 file while another opens it at the same moment, or while a reader
     * holds it for itself ({@link #openToRead}).
     */
    private static final long SHARED_OPEN_WAIT_MS = 60_000;
    /** After how long waiting for the shared H2 file is said on the log. */
    private static final long SHARED_OPEN_SAY_MS = 1_000;

    /**
     * A connection; on a shared H2 file ({@code AUTO_SERVER=TRUE}), two processes opening it at the same moment race
     * for its lock file, and the loser is told "Lock file recently modified" or "already in use": it tries again, for
     * up to a minute, and then joins the winner's server. A {@code reader} opens a shared file that nobody serves
     * (no lock file) without {@code AUTO_SERVER}, for itself alone.
     */
    private static Opened connect(JournalSettings settings, boolean reader) throws SQLException {
        boolean shared = sharedH2(settings);
        java.nio.file.Path lock = h2LockFile(settings);
        long start = System.nanoTime();
        long pause = 50;
        boolean said = false;
        while (true) {
            boolean lockFound = lock != null && java.nio.file.Files.exists(lock);
            String url = reader && shared && !lockFound ? unshared(settings.url()) : settings.url();
            try {
                return new Opened(DriverManager.getConnection(url, settings.user(), settings.password()), lockFound);
            } catch (SQLException e) {
                // ERROR_OPENING_DATABASE, DATABASE_ALREADY_OPEN, CONNECTION_BROKEN (the server it joined is exiting)
                boolean race = e.getErrorCode() == 8000 || e.getErrorCode() == 90020 || e.getErrorCode() == 90067;
                long waited = (System.nanoTime() - start) / 1_000_000;
                if (!shared || !race || waited > SHARED_OPEN_WAIT_MS) {
                    throw e;
                }
                if (!said && waited >= SHARED_OPEN_SAY_MS) {
                    LOG.warn("H2 journal {}: waiting for the file, which another process is opening or reading (up to "
                            + "{} s)", h2File(settings.url()), SHARED_OPEN_WAIT_MS / 1000);
                    said = true;
                }
                try {
                    Thread.sleep(pause); // another process holds the lock file for a moment: back off, then retry
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, 1_000);
            }
        }
    }

    /**
     * A connection, and whether an H2 lock file was there just before the attempt that made it: another process has
     * the file, or died holding it (looked at then, not before a wait, when a process that was closing the file has
     * long gone).
     */
    private record Opened(Connection connection, boolean lockFound) {
    }

    /** {@code url} without {@code ;AUTO_SERVER=TRUE}: the same file, opened for this process alone. */
    static String unshared(String url) {
        return url.replaceAll("(?i);AUTO_SERVER=TRUE", "");
    }

    private static boolean sharedH2(JournalSettings settings) {
        return settings.kind() == JournalSettings.Kind.H2
                && settings.url().toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
    }

    /**
     * Why a connection failed, in the user's terms where the driver's are obscure: an H2 file that is not a database,
     * an H2 file another process holds without sharing it, a shared H2 file that others kept locked.
     */
    private static String whyNotOpen(JournalSettings settings, SQLException e) {
        if (sharedH2(settings) && (e.getErrorCode() == 8000 || e.getErrorCode() == 90020)) {
            // H2 lets a process take a shared file's lock once the lock file has been still for 2 s; a process that
            // opens and closes the file many times a second keeps it moving, and the newcomer waits in vain
            return "the journal file stayed locked by other processes for " + SHARED_OPEN_WAIT_MS / 1000 + " s: one "
                    + "reads it (pmapsim runs, replay, report), or opened it without sharing it (a jdbc:h2:file: URL "
                    + "without ;AUTO_SERVER=TRUE), or opens and closes it many times a second; try again when they "
                    + "end (" + oneLine(e) + ")";
        }
        if (settings.kind() == JournalSettings.Kind.H2) {
            switch (e.getErrorCode()) {
                case 90020: // DATABASE_ALREADY_OPEN_1
                    return "the journal is in use by another process, which opened it without sharing it (a "
                            + "jdbc:h2:file: URL without ;AUTO_SERVER=TRUE): wait for it to end, or have every process "
                            + "use --journal h2:PATH, which shares the file";
                case 90028: // IO_EXCEPTION_1
                case 90030: // FILE_CORRUPTED_1
                case 90048: // FILE_VERSION_ERROR_1
                    return "the file is not an H2 database, or it is damaged (" + oneLine(e) + ")";
                default:
                    break;
            }
        }
        if ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState()) || e.getErrorCode() == 28000) {
            return "the database refused the login of user \"" + settings.user() + "\" (wrong user or password)";
        }
        return oneLine(e);
    }

    /** The columns pmapsim reads and writes, by table: a table of that name without them belongs to something else. */
    private static final java.util.Map<String, List<String>> COLUMNS = java.util.Map.of(
            "event_journal", List.of("ordering", "persistence_id", "sequence_number", "deleted", "writer",
                    "write_timestamp", "event_ser_id", "event_ser_manifest", "event_payload"),
            RUNS, List.of("run_id", "scenario", "source", "scenario_text", "seed", "policy", "cpus", "started_at",
                    "outcome", "end_kind", "end_reason", "end_event", "end_sim_time", "events", "wall_ms"));

    /**
     * Refuses a database whose {@code event_journal} or {@code pmapsim_runs} is some other program's table, before
     * anything is written to it.
     */
    private void checkForeign() throws SQLException, JournalException {
        for (String table : List.of("event_journal", RUNS)) {
            java.util.Set<String> have = columns(table);
            if (have.isEmpty()) {
                continue; // not there: created below
            }
            List<String> missing = COLUMNS.get(table).stream().filter(col -> !have.contains(col)).toList();
            if (!missing.isEmpty()) {
                throw new JournalException(settings + " is not a pmapsim journal: its table " + table + " lacks "
                        + (missing.size() == 1 ? "the column " : "the columns ") + String.join(", ", missing)
                        + " (it belongs to something else; give pmapsim a database of its own)");
            }
        }
    }

    private java.util.Set<String> columns(String table) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        DatabaseMetaData md = c.getMetaData();
        // PostgreSQL: the tables pmapsim would use are those of the search path's first schema
        String schema = settings.kind() == JournalSettings.Kind.POSTGRESQL ? c.getSchema() : null;
        for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
            try (ResultSet rs = md.getColumns(null, schema, name, null)) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                        out.add(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            if (!out.isEmpty()) {
                break;
            }
        }
        return out;
    }

    private static java.nio.file.Path h2Dir(String url) {
        String path = h2File(url);
        return path == null ? null : java.nio.file.Path.of(path).toAbsolutePath().getParent();
    }

    /** The database file's path, without H2's {@code .mv.db}, of a {@code jdbc:h2:file:} URL; else null. */
    private static String h2File(String url) {
        return url.startsWith("jdbc:h2:file:") ? url.substring("jdbc:h2:file:".length()).split(";", 2)[0] : null;
    }

    /** H2's error code for an {@code OutOfMemoryError} it caught and turned into an {@code SQLException}. */
    private static final int H2_OUT_OF_MEMORY = 90108;

    /**
     * Throws an {@link OutOfMemoryError} when {@code e} is one in disguise: the heap ran out while the database's
     * driver read (H2 turns it into an {@code SQLException}, PostgreSQL's driver wraps it), which says nothing about
     * the journal. The command line then says how to give the JVM more heap, instead of calling the journal
     * unreadable.
     */
    static void rethrowOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                throw oom;
            }
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_OUT_OF_MEMORY
                    && sql.getClass().getName().startsWith("org.h2.")) {
                OutOfMemoryError oom = new OutOfMemoryError("Java heap space (in the database driver: "
                        + oneLine(sql) + ")");
                oom.initCause(sql);
                throw oom;
            }
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    public JournalSettings settings() {
        return settings;
    }

    public Connection connection() {
        return c;
    }

    /**
     * pekko-persistence-jdbc's own script, made re-runnable (its index statements get {@code IF NOT EXISTS}), then
     * the catalogue. Two processes creating it at once both succeed: whatever one finds already made is skipped.
     */
    private void createSchema() throws SQLException, IOException {
        boolean postgres = settings.kind() == JournalSettings.Kind.POSTGRESQL;
        if (postgres) {
            // PostgreSQL's CREATE ... IF NOT EXISTS is no guard against another session creating the same table at
            // the same moment (it fails on pg_type's unique index): schema changes take turns on an advisory lock
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            }
        }
        try {
            createSchemaObjects();
        } finally {
            if (postgres) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
                }
            }
        }
    }

    /** The advisory lock's key while a session creates the schema ("pmapsim" in ASCII). */
    private static final long SCHEMA_LOCK = 0x706d617073696dL;

    private void createSchemaObjects() throws SQLException, IOException {
        if (!exists("event_journal")) {
            String script = settings.kind() == JournalSettings.Kind.H2 ? "schema/h2/h2-create-schema.sql"
                    : "schema/postgres/postgres-create-schema.sql";
            for (String stmt : statements(script)) {
                try (Statement s = c.createStatement()) {
                    s.execute(stmt);
                } catch (SQLException e) {
                    if (!oneLine(e).toLowerCase(java.util.Locale.ROOT).contains("exist")) {
                        throw e;
                    }
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + RUNS + " ("
                    + "run_id VARCHAR(64) PRIMARY KEY, scenario VARCHAR(255) NOT NULL, source VARCHAR(1024) NOT NULL, "
                    + "scenario_text VARCHAR(1000000) NOT NULL, seed BIGINT NOT NULL, policy VARCHAR(64) NOT NULL, "
                    + "cpus INT NOT NULL, started_at BIGINT NOT NULL, outcome VARCHAR(16), end_kind VARCHAR(16), "
                    + "end_reason VARCHAR(4000), end_event BIGINT, end_sim_time BIGINT, events BIGINT, wall_ms BIGINT)");
            // the run's records lie in (ordering_after, ordering_last]: a replay reads them in slices of that range
            // (issue 8); catalogues made before have no such columns and get them empty
            for (String column : List.of("ordering_after", "ordering_last")) {
                if (!hasColumn(RUNS, column)) { // ALTER only when needed: PostgreSQL locks the table for it
                    s.execute("ALTER TABLE " + RUNS + " ADD COLUMN IF NOT EXISTS " + column + " BIGINT");
                }
            }
        }
    }

    /** The highest {@code ordering} in the journal now (0 when empty); records written later have higher ones. */
    long maxOrdering() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT MAX(ordering) FROM event_journal")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The range of {@code ordering} that holds every record of the run, {@code {after, last}} (after exclusive): as
     * the catalogue recorded it, else found with one aggregate over the run's persistence ids (runs recorded before
     * the catalogue kept it), else up to the journal's end (a run killed before its end). Null when it has none.
     */
    long[] orderings(String runId) throws SQLException {
        long after = -1;
        long last = -1;
        try (PreparedStatement p = c.prepareStatement("SELECT ordering_after, ordering_last FROM " + RUNS
                + " WHERE run_id = ?")) {
            p.setString(1, runId);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    after = rs.getObject(1) == null ? -1 : rs.getLong(1);
                    last = rs.getObject(2) == null ? -1 : rs.getLong(2);
                }
            }
        }
        if (after < 0) {
            try (PreparedStatement p = c.prepareStatement("SELECT MIN(ordering), MAX(ordering) FROM event_journal "
                    + "WHERE persistence_id >= ? AND persistence_id < ?")) {
                p.setString(1, runId + "|");
                p.setString(2, runId + "}");
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    if (rs.getObject(1) == null) {
                        return null;
                    }
                    return new long[] {rs.getLong(1) - 1, rs.getLong(2)};
                }
            }
        }
        return new long[] {after, last >= 0 ? last : maxOrdering()};
    }

    private boolean hasColumn(String table, String column) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(null, null, table, column)) {
            return rs.next();
        }
    }

    private boolean exists(String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    private static List<String> statements(String resource) throws IOException {
        String text;
        try (InputStream in = JournalDb.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("pekko-persistence-jdbc's " + resource + " is not on the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        text = text.replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ")
                .replace("CREATE INDEX CONCURRENTLY ", "CREATE INDEX IF NOT EXISTS ");
        List<String> out = new ArrayList<>();
        for (String s : text.split(";")) {
            String t = s.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Records a run as started (outcome unknown until {@link #ended}). */
    public void started(RunRow r) throws JournalException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + RUNS + " (run_id, scenario, source, "
                + "scenario_text, seed, policy, cpus, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, r.runId());
            p.setString(2, r.scenario());
            p.setString(3, r.source());
            p.setString(4, r.scenarioText());
            p.setLong(5, r.seed());
            p.setString(6, r.policy());
            p.setInt(7, r.cpus());
            p.setLong(8, r.startedAt());
            p.executeUpdate();
            try (PreparedStatement q = c.prepareStatement("UPDATE " + RUNS + " SET ordering_after = ? WHERE run_id = ?")) {
                q.setLong(1, maxOrdering());
                q.setString(2, r.runId());
                q.executeUpdate();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot record run " + r.runId() + " in " + settings + ": " + oneLine(e));
        }
    }

    /** Records how a run ended; its events are all written by then. */
    public void ended(String runId, String outcome, String endKind, String endReason, long endEvent, long endSimTime,
                      long events, long wallMs) throws JournalException {
        try (PreparedStatement p = c.prepareStatement("UPDATE " + RUNS + " SET outcome = ?, end_kind = ?, "
                + "end_reason = ?, end_event = ?, end_sim_time = ?, events = ?, wall_ms = ? WHERE run_id = ?")) {
            p.setString(1, outcome);
            p.setString(2, endKind);
            p.setString(3, endReason.length() > 4000 ? endReason.substring(0, 4000) : endReason);
            p.setLong(4, endEvent);
            p.setLong(5, endSimTime);
            p.setLong(6, events);
            p.setLong(7, wallMs);
            p.setString(8, runId);
            p.executeUpdate();
            try (PreparedStatement q = c.prepareStatement("UPDATE " + RUNS + " SET ordering_last = ? WHERE run_id = ?")) {
                q.setLong(1, maxOrdering());
                q.setString(2, runId);
                q.executeUpdate();
            }
        } catch (SQLException e) {
            throw new JournalException("cannot record the end of run " + runId + " in " + settings + ": "
                    + oneLine(e));
        }
    }

    /** Every run, newest first. */
    public List<RunRow> runs() throws JournalException {
        return query("SELECT * FROM " + RUNS + " ORDER BY started_at DESC, run_id DESC", null);
    }

    public Optional<RunRow> run(String runId) throws JournalException {
        List<RunRow> rows = query("SELECT * FROM " + RUNS + " WHERE run_id = ?", runId);
        return rows.stream().findFirst();
    }

    /** The run, or a one-line error naming the journal and the ids it does hold. */
    public RunRow require(String runId) throws JournalException {
        Optional<RunRow> r = run(runId);
        if (r.isEmpty()) {
            throw new JournalException("no run " + runId + " in " + settings + " (pmapsim runs lists them)");
        }
        return r.get();
    }

    private List<RunRow> query(String sql, String arg) throws JournalException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<RunRow> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunRow(rs.getString("run_id"), rs.getString("scenario"), rs.getString("source"),
                            rs.getString("scenario_text"), rs.getLong("seed"), rs.getString("policy"),
                            rs.getInt("cpus"), rs.getLong("started_at"), rs.getString("outcome"),
                            rs.getString("end_kind"), rs.getString("end_reason"), rs.getLong("end_event"),
                            rs.getLong("end_sim_time"), rs.getLong("events"), rs.getLong("wall_ms")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new JournalException("cannot read the runs in " + settings + ": " + oneLine(e));
        }
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do with it
        }
    }
}
