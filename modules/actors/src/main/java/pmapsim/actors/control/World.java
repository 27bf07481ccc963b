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
    private volatile Thread driver;
    private long steps;
    private List<Integer> decisions;

    private World() {
    }

    public static World get() {
        return INSTANCE;
    }

    synchronized void enqueue(Runnable r) {
        Thread t = driver;
        if (t != null && Thread.currentThread() != t && leaks.size() < 10) {
            leaks.add(Thread.currentThread().getName() + " queued " + label(r));
        }
        queue.add(r);
        labels.add(label(r));
        notifyAll();
    }

    private static String label(Runnable r) {
        if (r instanceof Mailbox m && m.actor() != null) {
            return m.actor().self().path().name();
        }
        return "task:" + r.getClass().getSimpleName();
    }

    /** Forgets what an earlier world left behind; call before a run's actor system starts. */
    public synchronized void reset() {
        queue.clear();
        labels.clear();
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
                    if (queue.isEmpty()) {
                        return false;
                    }
                    int i = 0;
                    if (queue.size() > 1) {
                        i = strategy.next(labels, steps);
                        decisions.add(i);
                    }
                    r = queue.remove(i);
                    labels.remove(i);
                    steps++;
                }
                r.run();
            }
            return true;
        } finally {
            driver = null;
        }
    }

    /** Runs whatever is queued, in order, until {@code done} (no choices: used while the actor system shuts down). */
    public void drain(CompletableFuture<?> done, long maxWaitMillis) {
        long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
        while (!done.isDone() && System.nanoTime() < deadline) {
            Runnable r = null;
            synchronized (this) {
                if (!queue.isEmpty()) {
                    r = queue.remove(0);
                    labels.remove(0);
                } else {
                    try {
                        wait(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            if (r != null) {
                r.run();
            }
        }
    }

    /** Waits up to {@code millis} of wall time for something to be queued (a runnable another thread owes us). */
    public synchronized boolean awaitWork(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (queue.isEmpty()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    public synchronized long steps() {
        return steps;
    }

    /** The index chosen at every step that had more than one runnable actor: the schedule's decisions. */
    public synchronized List<Integer> decisions() {
        return List.copyOf(decisions);
    }

    public synchronized List<String> leaks() {
        return List.copyOf(leaks);
    }
}
