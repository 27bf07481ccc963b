package pmapsim.actors.machine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.management.NotificationEmitter;

/**
 * The memory budget at run time: when the heap is still nearly full after a garbage collection, the runs under way
 * are told, so that they stop with a sentence saying so rather than die of an {@code OutOfMemoryError} (Pekko would
 * take the JVM down with a stack trace). It reads the JVM's heap, never the model's state: it decides only whether
 * a run goes on, as a failing journal does.
 */
public final class MemoryGuard {
    /** Live data after a collection above this share of a pool's maximum: stop. */
    static final double FULL = 0.90;
    private static final List<Consumer<String>> RUNS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private MemoryGuard() {
    }

    /** How the end of a run the guard stopped begins. */
    public static final String REASON = "memory budget reached";

    /**
     * How to give this JVM more heap, for a message: {@code JAVA_OPTS="-Xss4m -XmxNg"} with twice the heap it has,
     * rounded up to whole GiB, at least 2.
     */
    public static String moreHeap() {
        return String.format(java.util.Locale.ROOT, "JAVA_OPTS=\"-Xss4m -Xmx%dg\"",
                Math.max(2, 2 * ((Runtime.getRuntime().maxMemory() >> 30) + 1)));
    }

    /** A run's watch, until it is closed. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code onFull} hears, once per collection that leaves the heap full, what it found; until {@code close}. */
    public static Watch watch(Consumer<String> onFull) {
        install();
        RUNS.add(onFull);
        return () -> RUNS.remove(onFull);
    }

    /** How many watches are open (a run under way has one). */
    public static int watches() {
        return RUNS.size();
    }

    /** Ends {@code log}'s run as stalled, saying why, when the heap is full; the driver or the actors stop there. */
    static Watch stops(pmapsim.actors.run.RunLog log) {
        return watch(why -> log.finish(new pmapsim.actors.run.RunEnd(pmapsim.actors.run.RunEnd.Kind.STALLED, why,
                log.events() - 1, log.lastTime())));
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage() == null ? -1 : pool.getUsage().getMax();
            // the old generation only: what survives there is the run's live data (a young pool, a survivor space
            // above all, is routinely full after a collection)
            boolean old = pool.getName().contains("Old") || pool.getName().contains("Tenured");
            if (pool.getType() == MemoryType.HEAP && old && pool.isCollectionUsageThresholdSupported() && max > 0) {
                pool.setCollectionUsageThreshold((long) (max * FULL));
            }
        }
        NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        emitter.addNotificationListener((n, handback) -> {
            if (!MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
                return;
            }
            MemoryNotificationInfo info = MemoryNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) n.getUserData());
            MemoryUsage u = info.getUsage();
            String what = String.format(java.util.Locale.ROOT, REASON + ": after a garbage collection "
                    + "the heap's %s still holds %d of its %d MiB; the run stops before an OutOfMemoryError (give the "
                    + "JVM more heap: %s, or run less: limits.max-events)",
                    info.getPoolName(), u.getUsed() >> 20, u.getMax() >> 20, moreHeap());
            RUNS.forEach(r -> r.accept(what));
        }, null, null);
    }
}
