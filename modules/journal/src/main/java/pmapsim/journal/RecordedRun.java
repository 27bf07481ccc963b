package pmapsim.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.pekko.serialization.Serialization;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.Stamped;

/**
 * A recorded run read back with plain SQL from pekko-persistence-jdbc's {@code event_journal} (one range scan over the
 * run's persistence ids, {@code RUN|ACTOR}), each payload decoded by Pekko's serialization (Jackson CBOR).
 */
public final class RecordedRun {
    private RecordedRun() {
    }

    /** Rows a round trip: the scan streams, so memory holds one fetch, never the run. */
    static final int FETCH_SIZE = 2000;
    /**
     * Records the timeline holds back while it waits for a missing stamp. The journal's order differs from the stamps
     * only by the turns written at once (a few hundred records); past this many the missing stamp is taken as a gap
     * (a killed run) and the timeline goes on from the smallest stamp it holds, so memory stays bounded however long
     * the run.
     */
    static final int REORDER_LIMIT = 1 << 18;

    /** A record as the journal holds it: its global write order, the actor's sequence number, the record. */
    public record Row(long ordering, long sequenceNr, Journaled record) {
    }

    /** Orderings a slice of the scan covers: one query, its rows in memory at most (a few MiB). */
    static final long SLICE = 20_000;

    /**
     * Every record of the run, in the order the journal wrote them. The run's range of {@code ordering} is read in
     * slices of {@value #SLICE}, each one small query on the ordering index: memory holds one slice, never the run.
     * (One query over a run of 10 million records had H2 sort all of them into a temporary file first, LOBs copied,
     * and PostgreSQL's driver read its whole result before the first row: issue 8.) Payloads are decoded by
     * {@link RecordDecoder}: Pekko's jackson-cbor mapper without an actor system, {@code serialization} (may be null)
     * for what it does not cover.
     */
    public static long rows(JournalDb db, Serialization serialization, String runId, Consumer<Row> f)
            throws JournalException {
        try (RecordDecoder decoder = RecordDecoder.create(serialization)) {
            return rows(db, decoder, runId, f);
        }
    }

    /** {@link #rows(JournalDb, Serialization, String, Consumer)} without an actor system. */
    public static long rows(JournalDb db, String runId, Consumer<Row> f) throws JournalException {
        return rows(db, (Serialization) null, runId, f);
    }

    /** Rows a decoding task takes. */
    static final int CHUNK = 500;
    /** Chunks read ahead of the consumer at most: memory holds this many (a few hundred KiB), never the run. */
    static final int AHEAD = 8;

    /** A row as read, its payload not yet decoded. */
    private record Raw(long ordering, long sequenceNr, int serializerId, String manifest, byte[] payload) {
    }

    /**
     * Reads on the calling thread and decodes on up to two others, in chunks, while the calling thread reads on and
     * hands the decoded rows to {@code f} in the journal's order (decoding is most of a replay's CPU: issue 8).
     */
    private static long rows(JournalDb db, RecordDecoder decoder, String runId, Consumer<Row> f)
            throws JournalException {
        boolean h2 = db.settings().kind() == JournalSettings.Kind.H2;
        // H2: the payload as bytes, not as a BLOB (each BLOB read would be kept by the session for LOB_TIMEOUT); the
        // ordering index named, so the slice is a range scan in order
        String sql = "SELECT ordering, sequence_number, event_ser_id, event_ser_manifest, "
                + (h2 ? "CAST(event_payload AS VARBINARY) FROM event_journal USE INDEX (event_journal_ordering_idx) "
                : "event_payload FROM event_journal ")
                + "WHERE ordering > ? AND ordering <= ? AND persistence_id >= ? AND persistence_id < ? "
                + "AND deleted = false ORDER BY ordering";
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = cores < 2 ? null : Executors.newFixedThreadPool(Math.min(2, cores), r -> {
            Thread t = new Thread(r, "pmapsim-replay-decoder");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Row[]>> ahead = new ArrayDeque<>();
        long n = 0;
        try {
            long[] range = db.orderings(runId);
            if (range == null) {
                return 0;
            }
            List<Raw> chunk = new ArrayList<>(CHUNK);
            try (PreparedStatement p = db.connection().prepareStatement(sql)) {
                p.setFetchSize(FETCH_SIZE);
                p.setString(3, runId + "|");
                p.setString(4, runId + "}"); // '}' follows '|': the range is exactly the run's ids
                for (long from = range[0]; from < range[1]; from += SLICE) {
                    p.setLong(1, from);
                    p.setLong(2, Math.min(from + SLICE, range[1]));
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            chunk.add(new Raw(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                                    rs.getBytes(5)));
                            if (chunk.size() == CHUNK) {
                                n += submit(chunk, pool, ahead, AHEAD, decoder, db, runId, f);
                                chunk = new ArrayList<>(CHUNK);
                            }
                        }
                    }
                }
            }
            n += submit(chunk, pool, ahead, 0, decoder, db, runId, f);
        } catch (SQLException e) {
            throw db.readFailed("cannot read run " + runId + " from " + db.settings(), e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return n;
    }

    /** Sends a chunk to be decoded; hands on the oldest ones while more than {@code keep} are ahead. */
    private static long submit(List<Raw> chunk, ExecutorService pool, ArrayDeque<Future<Row[]>> ahead, int keep,
                               RecordDecoder decoder, JournalDb db, String runId, Consumer<Row> f)
            throws JournalException {
        long n = 0;
        if (pool == null) {
            for (Row r : decode(chunk, decoder, db, runId)) {
                f.accept(r);
                n++;
            }
            return n;
        }
        if (!chunk.isEmpty()) {
            ahead.addLast(pool.submit(() -> decode(chunk, decoder, db, runId)));
        }
        while (ahead.size() > keep) {
            Row[] rows;
            try {
                rows = ahead.pollFirst().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JournalException("reading run " + runId + " from " + db.settings() + " was interrupted");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof JournalException je) {
                    throw je;
                }
                JournalDb.rethrowOutOfMemory(e.getCause());
                throw new JournalException("run " + runId + " in " + db.settings() + " cannot be read: "
                        + JournalDb.oneLine(e.getCause()));
            }
            for (Row r : rows) {
                f.accept(r);
                n++;
            }
        }
        return n;
    }

    private static Row[] decode(List<Raw> chunk, RecordDecoder decoder, JournalDb db, String runId)
            throws JournalException {
        Row[] out = new Row[chunk.size()];
        for (int i = 0; i < out.length; i++) {
            Raw raw = chunk.get(i);
            Object o;
            try {
                o = decoder.decode(raw.payload(), raw.serializerId(), raw.manifest());
            } catch (Exception e) {
                throw new JournalException("record " + raw.ordering() + " of run " + runId + " in "
                        + db.settings() + " cannot be read: " + JournalDb.oneLine(e));
            }
            if (!(o instanceof Journaled j)) {
                throw new JournalException("record " + raw.ordering() + " of run " + runId
                        + " is not a pmapsim event but a " + o.getClass().getName());
            }
            out[i] = new Row(raw.ordering(), raw.sequenceNr(), j);
        }
        return out;
    }

    /**
     * The run's timeline: its events in order-stamp order, which is the order the live run's monitors saw. Records
     * are written per actor in turn order, so the journal's order differs from the stamps only by the few turns
     * that were being written at once; a small buffer puts them back. A killed run may have gaps: what follows a
     * gap comes out at the end, still in stamp order.
     *
     * @return the number of events passed to {@code f}
     */
    public static long timeline(JournalDb db, Serialization serialization, String runId, Consumer<Stamped> f)
            throws JournalException {
        return timeline(f, sink -> rows(db, serialization, runId, sink));
    }

    /** {@link #timeline(JournalDb, Serialization, String, Consumer)} without an actor system. */
    public static long timeline(JournalDb db, String runId, Consumer<Stamped> f) throws JournalException {
        return timeline(db, (Serialization) null, runId, f);
    }

    /** What {@link #consistentPrefix} gave: the events in order, and those after a missing one, left out. */
    public record Prefix(long events, long leftOut) {
    }

    /**
     * The timeline of a run that was stopped before its end (killed): only its consistent prefix, the events from the
     * first up to the first one missing. The actors' records reach the journal in batches in the order they were
     * handed to it, which is not quite their stamps' order (turns written at once), so a run killed between two
     * batches can leave an event missing while some after it were written. What follows such a gap is a history with
     * a hole (a CPU's switch away from a pmap missing, its next switch present), which the monitors would read as a
     * broken rule: it is left out and counted instead. A run that ended has no gap, and {@link #timeline} gives it
     * all.
     */
    public static Prefix consistentPrefix(JournalDb db, String runId, Consumer<Stamped> f) throws JournalException {
        Reorder reorder = new Reorder(REORDER_LIMIT, REORDER_RING, j -> f.accept(j.stamped()), true);
        read(reorder, sink -> rows(db, (Serialization) null, runId, sink));
        return new Prefix(reorder.emitted(), reorder.leftOut());
    }

    private interface Source {
        long read(Consumer<Row> sink) throws JournalException;
    }

    private static long timeline(Consumer<Stamped> f, Source source) throws JournalException {
        Reorder reorder = new Reorder(REORDER_LIMIT, REORDER_RING, j -> f.accept(j.stamped()));
        read(reorder, source);
        return reorder.emitted();
    }

    private static void read(Reorder reorder, Source source) throws JournalException {
        source.read(row -> {
            Journaled j = row.record();
            if (j.stamp() >= 0 && !j.marker()) {
                reorder.add(j);
            }
        });
        reorder.finish();
    }

    /** Stamps ahead of the next one that the reorder buffer keeps in its ring; farther ones wait in a heap. */
    static final int REORDER_RING = 1 << 12;

    /**
     * Puts records back in stamp order: what arrives early waits until the stamps before it have come. Stamps are
     * dense, so an early record waits in a ring indexed by its stamp (no comparisons, issue 8); one too far ahead for
     * the ring, in a heap. More than {@code limit} waiting while the next stamp is missing: the missing one is taken
     * as a gap (a killed run), and the order goes on from the smallest stamp waiting. A record whose stamp is already
     * past comes out at once. With {@code prefixOnly}, nothing after a gap comes out: it is counted as left out.
     */
    static final class Reorder {
        private final int limit;
        private final Journaled[] ring;
        private final int mask;
        private final PriorityQueue<Journaled> far = new PriorityQueue<>((a, b) -> Long.compare(a.stamp(),
                b.stamp()));
        private final Consumer<Journaled> out;
        private final boolean prefixOnly;
        private long next;
        private long waiting;
        private long emitted;
        /** prefixOnly: a gap was found; everything from here on is left out. */
        private boolean closed;
        private long leftOut;

        Reorder(int limit, int ringSize, Consumer<Journaled> out) {
            this(limit, ringSize, out, false);
        }

        Reorder(int limit, int ringSize, Consumer<Journaled> out, boolean prefixOnly) {
            if (Integer.bitCount(ringSize) != 1) {
                throw new IllegalArgumentException("the ring's size is a power of two");
            }
            this.limit = limit;
            this.ring = new Journaled[ringSize];
            this.mask = ringSize - 1;
            this.out = out;
            this.prefixOnly = prefixOnly;
        }

        void add(Journaled j) {
            if (closed) {
                leftOut++;
                return;
            }
            long s = j.stamp();
            if (s <= next) {
                emit(j); // the next one, or one whose place is past
                if (s == next) {
                    next++;
                    drain();
                }
                return;
            }
            int slot = (int) (s & mask);
            if (s - next < ring.length && ring[slot] == null) {
                ring[slot] = j;
            } else {
                far.add(j);
            }
            waiting++;
            if (waiting > limit) { // a gap: what was missing never comes
                if (prefixOnly) {
                    leaveOutWaiting();
                    closed = true;
                    return;
                }
                next = smallestWaiting();
                drain();
            }
        }

        /**
         * Everything still waiting, in stamp order (what followed a gap at the end of a killed run); with
         * {@code prefixOnly}, left out instead.
         */
        void finish() {
            if (prefixOnly) {
                leaveOutWaiting();
                closed = true;
                return;
            }
            for (int i = 0; i < ring.length; i++) {
                if (ring[i] != null) {
                    far.add(ring[i]);
                    ring[i] = null;
                }
            }
            while (!far.isEmpty()) {
                emit(far.poll());
            }
            waiting = 0;
        }

        long emitted() {
            return emitted;
        }

        long leftOut() {
            return leftOut;
        }

        private void leaveOutWaiting() {
            java.util.Arrays.fill(ring, null);
            far.clear();
            leftOut += waiting;
            waiting = 0;
        }

        private void drain() {
            while (true) {
                Journaled j;
                int slot = (int) (next & mask);
                if (!far.isEmpty() && far.peek().stamp() < next) {
                    j = far.poll(); // a second record of a stamp just out
                } else if (ring[slot] != null && ring[slot].stamp() == next) {
                    j = ring[slot];
                    ring[slot] = null;
                } else if (!far.isEmpty() && far.peek().stamp() == next) {
                    j = far.poll();
                } else {
                    return;
                }
                waiting--;
                emit(j);
                next = Math.max(next, j.stamp() + 1);
            }
        }

        private long smallestWaiting() {
            long min = far.isEmpty() ? Long.MAX_VALUE : far.peek().stamp();
            for (long s = next; s < next + ring.length && s < min; s++) {
                Journaled j = ring[(int) (s & mask)];
                if (j != null && j.stamp() == s) {
                    return s;
                }
            }
            return min;
        }

        private void emit(Journaled j) {
            out.accept(j);
            emitted++;
        }
    }

    /** Each actor's records in its own order (sequence number), by actor name. */
    public static Map<String, List<Row>> byActor(JournalDb db, String runId) throws JournalException {
        return byActor(db, null, runId);
    }

    /** Each actor's records in its own order; {@code serialization} (may be null) for what the fast path skips. */
    public static Map<String, List<Row>> byActor(JournalDb db, Serialization serialization, String runId)
            throws JournalException {
        Map<String, List<Row>> out = new TreeMap<>();
        rows(db, serialization, runId, row -> out.computeIfAbsent(row.record().actor(), a -> new ArrayList<>())
                .add(row));
        for (List<Row> rows : out.values()) {
            rows.sort((a, b) -> Long.compare(a.sequenceNr(), b.sequenceNr()));
        }
        return out;
    }

    /** The time each clock tick of the run carried, by message id. */
    public static Map<String, Long> tickTimes(Map<String, List<Row>> byActor) {
        Map<String, Long> out = new TreeMap<>();
        byActor.values().forEach(rows -> rows.forEach(r -> {
            if (r.record().msg().startsWith("clock:")) {
                out.put(r.record().msg(), r.record().sentAt());
            }
        }));
        return out;
    }

    /** Each actor's delivery order: the id of the message of each turn, once per turn. */
    public static Map<String, List<String>> deliveries(Map<String, List<Row>> byActor) {
        Map<String, List<String>> out = new TreeMap<>();
        byActor.forEach((actor, rows) -> {
            List<String> ids = new ArrayList<>();
            String last = null;
            for (Row r : rows) {
                String id = r.record().msg();
                if (!id.equals(last)) {
                    ids.add(id);
                    last = id;
                }
            }
            out.put(actor, ids);
        });
        return out;
    }
}
