package pmapsim.actors.run;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * How a run's actors persist: the Pekko journal plugin their events go to, and, for {@code reproduce}, the recorded
 * delivery order they are held to and a tap that sees every record as it is persisted.
 *
 * @param pluginId   the journal plugin's config path ({@code pmapsim.journal.memory} keeps nothing beyond the JVM)
 * @param reproduce  the recorded delivery order to follow, or null for a live run
 * @param tap        sees each actor's records at the end of each turn, or null
 * @param faults     faults to inject
 */
public record Journaling(String pluginId, Reproduction reproduce, Consumer<Journaled> tap, Faults faults,
                         Progress progress) {
    public static final String IN_MEMORY = "pmapsim.journal.memory";
    /** The in-memory journal that keeps every record, so that a restarted actor can recover (injected faults). */
    public static final String IN_MEMORY_KEPT = "pmapsim.journal.memory-kept";

    /** Events are kept in memory for the run's lifetime only. */
    public static Journaling inMemory() {
        return to(IN_MEMORY);
    }

    public static Journaling to(String pluginId) {
        return new Journaling(pluginId, null, null, Faults.NONE, new Progress());
    }

    /** With faults injected into an in-memory run, its records are kept: a restarted actor recovers from them. */
    public Journaling withFaults(Faults f) {
        String id = pluginId.equals(IN_MEMORY) && f != Faults.NONE ? IN_MEMORY_KEPT : pluginId;
        return new Journaling(id, reproduce, tap, f, progress);
    }

    public Journaling withTap(Consumer<Journaled> t) {
        return new Journaling(pluginId, reproduce, t, faults, progress);
    }

    public Journaling reproducing(Reproduction r) {
        return new Journaling(pluginId, r, tap, faults, progress);
    }

    /**
     * What the actors have handed to the journal: records whose write was asked for, and turns running now. Once
     * a run has ended and no turn runs, {@code records} is final, and the run's journal is complete when the journal
     * has written that many.
     */
    public static final class Progress {
        private final java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicInteger running =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong turns = new java.util.concurrent.atomic.AtomicLong();

        void turnBegins() {
            running.incrementAndGet();
        }

        void turnEnds(int persisted) {
            records.addAndGet(persisted);
            turns.incrementAndGet();
            running.decrementAndGet();
        }

        /** Turns taken so far: each is one model message handled (what the benchmark counts as messages). */
        public long turns() {
            return turns.get();
        }

        public long records() {
            return records.get();
        }

        /**
         * Waits until no turn is under way: after a run's end, the turns begun before it finish within microseconds,
         * and only then is {@link #records} the whole run's.
         */
        public void awaitNoTurnRunning() {
            while (running.get() > 0) {
                LockSupport.parkNanos(100_000);
            }
        }
    }
}
