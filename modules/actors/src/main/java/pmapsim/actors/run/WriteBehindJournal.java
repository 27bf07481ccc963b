package pmapsim.actors.run;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal plugin the model actors write to: it answers a turn's write at once and writes behind, in batches, to
 * a durable journal (pekko-persistence-jdbc), or keeps the records in memory when there is none.
 *
 * <p>Why: a model actor takes its next message only when its last turn's write is answered, and a run is mostly
 * a chain of request and reply. Waiting for a database commit per turn (pekko-persistence-jdbc's own
 * {@code persist}: 16–23 k events/s here) would make the database's latency the run's speed. Instead, turns are
 * answered from memory and written while the next turns run: while one batch is being written, the next one
 * gathers, so batches grow with the load. At most {@code window} records are answered but unwritten; beyond it, an
 * answer waits for its batch (back-pressure, never an unbounded queue). With {@code ack = written} every answer
 * waits for its commit, for comparison.
 *
 * <p>What a crash can lose: the answered-but-unwritten tail, at most {@code window} records; what was written is a
 * prefix of each actor's records, since batches go one at a time, in order. A failed write fails every write after
 * it: the run stops and says why. An actor that recovers waits until everything answered has been written.
 */
public final class WriteBehindJournal extends AbstractActor {

    /** What the journal has done, for whoever waits for a run's records to be written. */
    public static final class Stats implements Extension {
        private long written;
        private Throwable failure;

        /** Threads in {@link #await}: only they need waking (a write without one is most writes of a run). */
        private int waiting;

        synchronized void wrote(long records) {
            written += records;
            if (waiting > 0) {
                notifyAll();
            }
        }

        private final List<java.util.function.Consumer<Throwable>> listeners = new ArrayList<>();

        void failed(Throwable t) {
            List<java.util.function.Consumer<Throwable>> tell;
            synchronized (this) {
                if (failure != null) {
                    return;
                }
                failure = t;
                notifyAll();
                tell = List.copyOf(listeners);
            }
            tell.forEach(l -> l.accept(t)); // outside the lock: a listener may take its own
        }

        /**
         * {@code listener} hears the journal's first failure (at once if it has failed already): how a run ends as
         * soon as its journal fails, whichever actor was writing, rather than when an actor next writes.
         */
        public void onFailure(java.util.function.Consumer<Throwable> listener) {
            Throwable already;
            synchronized (this) {
                listeners.add(listener);
                already = failure;
            }
            if (already != null) {
                listener.accept(already);
            }
        }

        public synchronized long written() {
            return written;
        }

        public synchronized Throwable failure() {
            return failure;
        }

        /** Waits until {@code records} records are written; fails with the journal's failure or on timeout. */
        public synchronized void await(long records, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (written < records && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new java.util.concurrent.TimeoutException("the journal wrote " + written + " of " + records
                            + " records in " + timeout.toSeconds() + " s");
                }
                waiting++;
                try {
                    wait(Math.max(1, left / 1_000_000));
                } finally {
                    waiting--;
                }
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }
    }

    public static final class StatsId extends AbstractExtensionId<Stats> {
        public static final StatsId INSTANCE = new StatsId();

        @Override
        public Stats createExtension(ExtendedActorSystem system) {
            return new Stats();
        }
    }

    public static Stats stats(ActorSystem system) {
        return StatsId.INSTANCE.get(system);
    }

    /**
     * Forget the in-memory records of every persistence id that starts with {@code prefix} ({@code "RUN|"}): controlled
     * runs share one actor system, and a run's records are done with once it ended (a copy went through the tap).
     */
    public record Forget(String prefix) {
    }

    /** One write of one actor's turn. */
    private static final class Entry {
        final JournalProtocol.WriteMessages write;
        final int records;
        boolean answered;

        Entry(JournalProtocol.WriteMessages write) {
            this.write = write;
            int n = 0;
            for (PersistentEnvelope e : CollectionConverters.asJava(write.messages())) {
                n += e.size();
            }
            this.records = n;
        }
    }

    private final String downstreamId;
    private final int window;
    private final int maxBatch;
    private final boolean answerWhenWritten;
    private ActorRef downstream;
    private final Stats stats;
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    private List<Entry> inFlight;
    private int inFlightLeft;
    private long unwritten;
    private Throwable failed;
    private final List<JournalProtocol.ReplayMessages> deferred = new ArrayList<>();
    /**
     * In-memory mode with {@code keep-records = on}: each actor's records, for recovery after an injected crash. Off
     * (the default), nothing is kept: a run's memory then grows with its live state, not with its length (issue 8).
     */
    private final Map<String, List<PersistentRepr>> memory = new HashMap<>();
    private final boolean keepRecords;
    /**
     * Whether a write is answered with {@code WriteMessagesSuccessful} before its per-record answers, as Pekko's own
     * journals do. Pekko Typed's event-sourced behaviours ignore it (they count the per-record answers), and only they
     * write here; yet it is a message each turn, delivered and ignored, a quarter of a live turn's messages. Off in
     * live runs; on in controlled runs, where it is a step of the schedule that the same seed must repeat.
     */
    private final boolean answerBatch;
    /** Durable mode: the actors that have written through this journal (a recovery of theirs waits for the buffer). */
    private final java.util.Set<String> writtenThrough = new java.util.HashSet<>();
    /** In-memory mode without kept records: each actor's highest sequence number, all its recovery needs. */
    private final Map<String, Long> highest = new HashMap<>();

    public WriteBehindJournal(Config config) {
        this.downstreamId = config.getString("downstream");
        this.window = config.getInt("window");
        this.maxBatch = config.getInt("max-batch");
        this.answerWhenWritten = config.getString("ack").equals("written");
        this.keepRecords = config.hasPath("keep-records") && config.getBoolean("keep-records");
        this.answerBatch = !config.hasPath("answer-batch") || config.getBoolean("answer-batch");
        this.stats = stats(getContext().getSystem());
    }

    @Override
    public void preStart() {
        if (!downstreamId.isEmpty()) {
            downstream = Persistence.get(getContext().getSystem()).journalFor(downstreamId,
                    com.typesafe.config.ConfigFactory.empty());
            getContext().watch(downstream);
        }
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(JournalProtocol.WriteMessages.class, this::onWrite)
                .match(JournalProtocol.ReplayMessages.class, this::onReplay)
                .match(JournalProtocol.WriteMessageSuccess.class, s -> written(1))
                .match(Forget.class, f -> {
                    memory.keySet().removeIf(id -> id.startsWith(f.prefix()));
                    highest.keySet().removeIf(id -> id.startsWith(f.prefix()));
                })
                .match(JournalProtocol.WriteMessagesFailed.class, f -> fail(f.cause()))
                .match(JournalProtocol.WriteMessageFailure.class, f -> fail(f.cause()))
                .match(JournalProtocol.WriteMessageRejected.class, f -> fail(f.cause()))
                .match(JournalProtocol.DeleteMessagesTo.class, d -> d.persistentActor().tell(
                        new org.apache.pekko.persistence.DeleteMessagesFailure(
                                new UnsupportedOperationException("a run's journal is never deleted from"),
                                d.toSequenceNr()), self()))
                .match(org.apache.pekko.actor.Terminated.class, t -> {
                    IllegalStateException e = new IllegalStateException("the durable journal (" + downstreamId
                            + ") stopped; its error is in the log above");
                    if (inFlight == null && buffer.isEmpty() && deferred.isEmpty()) {
                        failed = e; // stopped with nothing left to write (the actor system is shutting down)
                        return;
                    }
                    fail(e);
                    deferred.forEach(r -> r.persistentActor().tell(
                            new JournalProtocol.ReplayMessagesFailure(e), self()));
                    deferred.clear();
                })
                .matchAny(m -> { }) // WriteMessagesSuccessful: the per-record answers follow and are counted
                .build();
    }

    private void onWrite(JournalProtocol.WriteMessages w) {
        if (downstream == null && failed == null) {
            // in memory: every turn of every actor passes here, so no Entry and one pass over the write
            int records = 0;
            for (PersistentEnvelope env : CollectionConverters.asJava(w.messages())) {
                AtomicWrite aw = (AtomicWrite) env;
                records += aw.size();
                if (keepRecords) {
                    memory.computeIfAbsent(aw.persistenceId(), k -> new ArrayList<>())
                            .addAll(CollectionConverters.asJava(aw.payload()));
                } else {
                    highest.put(aw.persistenceId(), aw.highestSequenceNr());
                }
            }
            answer(w);
            stats.wrote(records);
            return;
        }
        Entry e = new Entry(w);
        if (failed != null) {
            refuse(e, failed);
            return;
        }
        for (PersistentEnvelope env : CollectionConverters.asJava(w.messages())) {
            writtenThrough.add(((AtomicWrite) env).persistenceId());
        }
        buffer.addLast(e);
        unwritten += e.records;
        if (!answerWhenWritten && unwritten <= window) {
            answer(e);
        }
        if (inFlight == null) {
            flush();
        }
    }

    /** Sends the buffered writes as one batch, one write (one transaction) to the durable journal. */
    private void flush() {
        if (buffer.isEmpty()) {
            inFlight = null;
            if (!deferred.isEmpty()) {
                deferred.forEach(r -> downstream.tell(r, self()));
                deferred.clear();
            }
            return;
        }
        inFlight = new ArrayList<>();
        List<PersistentEnvelope> batch = new ArrayList<>();
        int records = 0;
        while (!buffer.isEmpty() && (records == 0 || records + buffer.peekFirst().records <= maxBatch)) {
            Entry e = buffer.pollFirst();
            inFlight.add(e);
            records += e.records;
            batch.addAll(CollectionConverters.asJava(e.write.messages()));
        }
        inFlightLeft = records;
        downstream.tell(new JournalProtocol.WriteMessages(CollectionConverters.asScala(batch).toList(), self(), 0),
                self());
    }

    private void written(int records) {
        if (inFlight == null) {
            return;
        }
        inFlightLeft -= records;
        if (inFlightLeft > 0) {
            return;
        }
        long n = 0;
        for (Entry e : inFlight) {
            n += e.records;
            if (!e.answered) {
                answer(e);
            }
        }
        unwritten -= n;
        stats.wrote(n);
        if (!answerWhenWritten) { // writes beyond the window waited for an earlier batch: those now inside it go on
            long seen = 0;
            for (Entry e : buffer) {
                seen += e.records;
                if (seen > window) {
                    break;
                }
                if (!e.answered) {
                    answer(e);
                }
            }
        }
        flush();
    }

    private void fail(Throwable cause) {
        if (failed == null) {
            failed = cause;
            stats.failed(cause);
            // one line: the run's end says the rest (PMAPSIM_DEBUG=1 shows the stack trace in the CLI)
            getContext().getSystem().log().error("journal write failed; the run stops: {}", RunLog.why(cause));
        }
        List<Entry> all = new ArrayList<>();
        if (inFlight != null) {
            all.addAll(inFlight);
        }
        all.addAll(buffer);
        buffer.clear();
        inFlight = null;
        for (Entry e : all) {
            if (!e.answered) {
                refuse(e, cause);
            }
        }
        // recoveries that waited for the writes will not get them: they fail now, not at their replay timeout
        deferred.forEach(r -> r.persistentActor().tell(new JournalProtocol.ReplayMessagesFailure(cause), self()));
        deferred.clear();
    }

    private void onReplay(JournalProtocol.ReplayMessages r) {
        if (failed != null) {
            r.persistentActor().tell(new JournalProtocol.ReplayMessagesFailure(failed), self());
            return;
        }
        if (downstream != null) {
            if ((inFlight == null && buffer.isEmpty()) || !writtenThrough.contains(r.persistenceId())) {
                // nothing of this actor's is waiting to be written (an actor spawned mid-run, a fresh pmap): its
                // recovery reads the database now. Deferring it until every buffer is empty starved new actors of
                // busy runs until their recovery timed out (issue 8: 410 makes, 10 million events).
                downstream.tell(r, self());
            } else {
                deferred.add(r); // recovery reads what was written: wait until everything answered is
            }
            return;
        }
        List<PersistentRepr> records = memory.getOrDefault(r.persistenceId(), List.of());
        long n = 0;
        for (PersistentRepr p : records) {
            if (p.sequenceNr() >= r.fromSequenceNr() && p.sequenceNr() <= r.toSequenceNr() && n < r.max()) {
                r.persistentActor().tell(new JournalProtocol.ReplayedMessage(p), self());
                n++;
            }
        }
        long top = records.isEmpty() ? highest.getOrDefault(r.persistenceId(), 0L)
                : records.get(records.size() - 1).sequenceNr();
        r.persistentActor().tell(new JournalProtocol.RecoverySuccess(top), self());
    }

    private void answer(Entry e) {
        e.answered = true;
        answer(e.write);
    }

    private void answer(JournalProtocol.WriteMessages w) {
        if (answerBatch) {
            w.persistentActor().tell(JournalProtocol.WriteMessagesSuccessful$.MODULE$, self());
        }
        for (PersistentEnvelope env : CollectionConverters.asJava(w.messages())) {
            for (PersistentRepr p : CollectionConverters.asJava(((AtomicWrite) env).payload())) {
                w.persistentActor().tell(new JournalProtocol.WriteMessageSuccess(p, w.actorInstanceId()), self());
            }
        }
    }

    private void refuse(Entry e, Throwable cause) {
        e.answered = true;
        JournalProtocol.WriteMessages w = e.write;
        w.persistentActor().tell(new JournalProtocol.WriteMessagesFailed(cause, e.records), self());
        for (PersistentEnvelope env : CollectionConverters.asJava(w.messages())) {
            for (PersistentRepr p : CollectionConverters.asJava(((AtomicWrite) env).payload())) {
                w.persistentActor().tell(new JournalProtocol.WriteMessageFailure(p, cause, w.actorInstanceId()),
                        self());
            }
        }
    }
}
