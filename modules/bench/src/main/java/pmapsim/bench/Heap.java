package pmapsim.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Heap while something runs, two ways. {@link #peakBytes}: the heap pools' peak usage, reset before and summed after —
 * an upper bound of the heap's peak that counts garbage not yet collected (it grows with the young generation the GC
 * chose, not only with what is held). {@link #peakLiveBytes}: the most the heap held right after a collection during
 * the run — what the run kept alive, the figure to read for "nothing holds the whole run" (0 when no collection ran).
 */
final class Heap {
    private static final AtomicLong LIVE = new AtomicLong();
    private static boolean listening;

    private Heap() {
    }

    /** Collects what can be collected and starts counting afresh. */
    static synchronized void reset() {
        listen();
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        LIVE.set(0);
    }

    private static void listen() {
        if (listening) {
            return;
        }
        listening = true;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) n.getUserData());
                    if (info.getGcCause().equals("System.gc()")) {
                        return; // reset's own collection
                    }
                    long used = 0;
                    for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                        used += u.getUsed();
                    }
                    // non-heap pools (metaspace, code cache) are in the map too: subtract them
                    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (p.getType() == MemoryType.NON_HEAP) {
                            MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(p.getName());
                            if (u != null) {
                                used -= u.getUsed();
                            }
                        }
                    }
                    long after = used;
                    LIVE.accumulateAndGet(after, Math::max);
                }, null, null);
            }
        }
    }

    static long peakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The most the heap held after a collection since {@link #reset}; 0 when none ran. */
    static long peakLiveBytes() {
        return LIVE.get();
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%,.0f MiB", bytes / (double) (1L << 20));
    }
}
