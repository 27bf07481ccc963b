package pmapsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap while something runs: the heap pools' peak usage, reset before and summed after. The sum of each pool's
 * own peak is an upper bound of the heap's peak (the pools need not peak together), and it counts garbage not yet
 * collected: compare it between sizes of work, and read bounded memory from a run with a small {@code -Xmx}.
 */
final class Heap {
    private Heap() {
    }

    /** Collects what can be collected and starts counting peaks afresh. */
    static void reset() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
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

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%,.0f MiB", bytes / (double) (1L << 20));
    }
}
