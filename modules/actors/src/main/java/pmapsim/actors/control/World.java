package pmapsim.actors.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.pekko.dispatch.Mailbox;

/**
 * The controlled world: everything the controlled dispatcher was asked to run, and a driver that runs it one turn at
 * a time on one thread, the next chosen by a {@link Strategy}. A queued runnable is almost always an actor's mailbox;
 * with throughput 1 running it is "this actor takes one turn", and a mailbox is queued at most once, so the choice is
 * "which actor goes next". Simulated time needs nothing here: the model's clock ({@code RunLog}) jumps to the next
 * deadline when nothing is in flight, on the driver's thread.
 *
 * <p>Anything queued from another thread while the driver drives is a determinism leak (a thread the driver does not
 * control decided when something became runnable): it is recorded with its thread and what it queued, and a run with
 * a leak says so.
 */
public final class World {
    static final World INSTANCE = new World();

    /** One controlled run per JVM at a time (Pekko makes the executor by reflection: the queue is static). */
    public static final ReentrantLock LOCK = new ReentrantLock();

    private final List<Runnable> queue = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<String> leaks = new ArrayList<>();
    /** Futures' callbacks queued by threads the driver does not own: run first, never a choice (a leak if driving). */
    private final List<Runnable> foreign = new ArrayList<>();
    /** Pekko's /system actors and the driver's own futures' callbacks: run before the next choice, never as one. */
    private final List<Runnable> lane = new ArrayList<>();
    /** The first steps' runnable lists and choices: where two runs of one seed part, if they ever do. */
    private final List<String> trace = new ArrayList<>();
    /** Names of the actors queued before the driver drives: what {@link #awaitQueued} waits for. */
    private final java.util.Set<String> seen = new java.util.TreeSet<>();
    /** Pekko's actors under /system queued before the driver drives (a list: refs hash by identity). */
    private final List<org.apache.pekko.actor.ActorRef> systemActors = new ArrayList<>();
    private volatile Thread driver;
    /** The thread that reset the world and will drive it. */
    private volatile Thread owner;
    private long steps;
    private List<Integer> decisions;

    private World() {
    }

    public static World get() {
        return INSTANCE;
    }

    synchronized void enqueue(Runnable r) {
        if (!(r instanceof Mailbox)) {
            // A future's callback (Pekko's TaskInvocation) is no actor's turn: it runs before the next choice, never
            // as one. From a thread the driver does not own it runs first; while the driver drives, it is a leak.
            if (Thread.currentThread() != owner) {
                recordLeak(r);
                foreign.add(r);
            } else {
                lane.add(r);
            }
            notifyAll();
            return;
        }
        if (r instanceof Mailbox m && m.actor() != null && isSystem(m)) {
            // Pekko's own actors under /system (the journal plugin, the snapshot store, the recovery permitter) are no
            // choice: they run before the next choice, so what they answer does not depend on when they were queued.
            // Pekko starts them from its own threads (see awaitQueued); once the driver drives, only it may queue them.
            recordLeak(r);
            lane.add(r);
            if (driver == null) {
                seen.add(label(r));
                if (!systemActors.contains(m.actor().self())) {
                    systemActors.add(m.actor().self());
                }
            }
            notifyAll();
            return;
        }
        recordLeak(r);
        String label = label(r);
        queue.add(r);
        labels.add(label);
        if (driver == null) { // only awaitQueued, before the driver drives, asks what was queued
            seen.add(label);
        }
        notifyAll();
    }

    private void recordLeak(Runnable r) {
        Thread t = driver;
        if (t != null && Thread.currentThread() != t && leaks.size() < 10) {
            leaks.add(Thread.currentThread().getName() + " queued " + label(r));
        }
    }

    /**
     * Waits until each of {@code actors} has been queued once and every actor under /system queued so far has
     * started. Pekko starts its system actors (the journal plugin, the snapshot store, the recovery permitter)
     * asynchronously, from its own threads, in two moves: the new actor's first turn is queued, then its reference
     * is pointed at it. A message sent between the two waits in the reference and is delivered later from Pekko's
     * thread, at a moment no strategy chose (seen: 1.5% of runs parted from their twin so). The driver may drive
     * only once both moves are done.
     */
    public synchronized boolean awaitQueued(java.util.Collection<String> actors, long millis) {
        // pointing the reference queues nothing when no message waits in it: look again every millisecond
        return awaitUntil(() -> seen.containsAll(actors) && systemActors.stream().allMatch(World::started), millis, 1);
    }

    private static boolean started(org.apache.pekko.actor.ActorRef ref) {
        return !(ref instanceof org.apache.pekko.actor.RepointableActorRef r) || r.isStarted();
    }

    private static boolean isSystem(Mailbox m) {
        // the top element of the path, found by walking up (getElements() built a list on every enqueue)
        org.apache.pekko.actor.ActorPath p = m.actor().self().path();
        if (p.parent() == p) {
            return false; // the root
        }
        while (p.parent().parent() != p.parent()) {
            p = p.parent();
        }
        return p.name().equals("system");
    }

    private static String label(Runnable r) {
        if (r instanceof Mailbox m && m.actor() != null) {
            return m.actor().self().path().name();
        }
        return "task:" + r.getClass().getSimpleName();
    }

    /** Waits, holding this world's lock between checks, up to {@code millis} of wall time for {@code ready}. */
    private boolean awaitUntil(BooleanSupplier ready, long millis) {
        return awaitUntil(ready, millis, Long.MAX_VALUE);
    }

    /** As above, looking again at least every {@code pollMillis} even when nothing is queued meanwhile. */
    private boolean awaitUntil(BooleanSupplier ready, long millis, long pollMillis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!ready.getAsBoolean()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.min(left, pollMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Starts a run's bookkeeping (trace, steps, decisions, leaks); call from the thread that will drive, with the
     * world drained ({@link #drainIdle}): a queued mailbox is never dropped, or its actor would never run again.
     */
    public synchronized void reset() {
        owner = Thread.currentThread();
        trace.clear();
        seen.clear();
        leaks.clear();
        steps = 0;
        decisions = new ArrayList<>();
    }

    /**
     * Runs turns chosen by {@code strategy} until {@code done} says so or nothing is runnable. Returns true when it
     * stopped because of {@code done}.
     */
    public boolean drive(Strategy strategy, BooleanSupplier done) {
        driver = Thread.currentThread();
        try {
            while (!done.getAsBoolean()) {
                Runnable r;
                synchronized (this) {
                    if (!foreign.isEmpty()) {
                        r = foreign.remove(0);
                    } else if (!lane.isEmpty()) {
                        r = lane.remove(0);
                    } else if (queue.isEmpty()) {
                        return false;
                    } else {
                        int i = 0;
                        if (queue.size() > 1) {
                            i = strategy.next(labels, steps);
                            decisions.add(i);
                        }
                        if (trace.size() < 60) {
                            trace.add(steps + ":" + labels + "->" + i + (lane.isEmpty() ? "" : " lane" + lane.size()));
                        }
                        r = queue.remove(i);
                        labels.remove(i);
                        steps++;
                    }
                }
                r.run();
            }
            return true;
        } finally {
            driver = null;
        }
    }

    /**
     * Puts what was queued before the driver starts in an order of names: Pekko starts its persistence actors from
     * its own threads while the machine boots, so their place among the boot's runnables is a race, not a choice.
     */
    public synchronized void settle() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < queue.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing(labels::get));
        List<Runnable> q = new ArrayList<>();
        List<String> l = new ArrayList<>();
        for (int i : order) {
            q.add(queue.get(i));
            l.add(labels.get(i));
        }
        queue.clear();
        queue.addAll(q);
        labels.clear();
        labels.addAll(l);
    }

    /**
     * Runs whatever is queued, first come first served, until {@code done} and nothing is left (no choices: used
     * while the controlled actor system starts and while a run's machine stops). Gives up after {@code maxWaitMillis}.
     */
    public void drainIdle(CompletableFuture<?> done, long maxWaitMillis) {
        long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Runnable r;
            synchronized (this) {
                if (!foreign.isEmpty()) {
                    r = foreign.remove(0);
                } else if (!lane.isEmpty()) {
                    r = lane.remove(0);
                } else if (!queue.isEmpty()) {
                    r = queue.remove(0);
                    labels.remove(0);
                } else if (done.isDone()) {
                    return;
                } else {
                    awaitUntil(() -> !queue.isEmpty() || !lane.isEmpty() || !foreign.isEmpty() || done.isDone(),
                            (deadline - System.nanoTime()) / 1_000_000, 1);
                    continue;
                }
            }
            r.run();
        }
    }

    /** Waits up to {@code millis} of wall time for something to be queued (a runnable another thread owes us). */
    public synchronized boolean awaitWork(long millis) {
        return awaitUntil(() -> !queue.isEmpty() || !lane.isEmpty() || !foreign.isEmpty(), millis);
    }

    public synchronized long steps() {
        return steps;
    }

    /** The index chosen at every step that had more than one runnable actor: the schedule's decisions. */
    public synchronized List<Integer> decisions() {
        return List.copyOf(decisions);
    }

    public synchronized List<String> trace() {
        return List.copyOf(trace);
    }

    public synchronized List<String> leaks() {
        return List.copyOf(leaks);
    }
}
