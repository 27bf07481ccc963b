package pmapsim.actors.machine;

import java.util.Locale;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.workload.ProcessSpec;

/**
 * How much Java heap a scenario's machine takes, estimated before it runs, against the heap the JVM may use (its
 * {@code -Xmx}, set through {@code JAVA_OPTS}): a scenario too large for it is refused with a sentence that says so,
 * rather than dying later of an {@code OutOfMemoryError}. The estimate counts what is sized by the scenario before
 * the first event: physmem's per-frame arrays ({@code UvmState}: pool, owner, three flags, the free stack and two
 * queues of two links and a flag, about 37 bytes a frame), its swap-slot stack (4 bytes a slot), a share per process
 * at boot, and a floor for Pekko and the run's report. What a run builds as it goes (mappings, pv entries, the
 * journal's write-behind window) is bounded by the frames and the journal's window and is covered by the margin.
 */
public final class HeapBudget {
    static final long BYTES_PER_FRAME = 40;
    static final long BYTES_PER_SWAP_SLOT = 4;
    static final long BYTES_PER_PROCESS = 64 << 10;
    static final long FLOOR = 32L << 20;
    /** The estimate may use this share of the heap; the rest is for what the run builds as it goes. */
    static final double SHARE = 0.75;

    /** Frames and swap slots are Java array indices. */
    static final long MAX_FRAMES = Integer.MAX_VALUE - 8;

    private HeapBudget() {
    }

    /** Bytes of heap the scenario's machine takes before its first event, roughly. */
    public static long estimate(Scenario s) {
        long frames = s.machine().memoryBytes() / s.machine().pageSize();
        long slots = s.swap().sizeBytes() / s.machine().pageSize();
        long processes = 0;
        for (ProcessSpec p : s.workload().processes()) {
            processes += p.count();
        }
        return FLOOR + frames * BYTES_PER_FRAME + slots * BYTES_PER_SWAP_SLOT + processes * BYTES_PER_PROCESS;
    }

    /**
     * Null when the scenario fits in {@code maxHeap} bytes; otherwise what does not fit and what to do, in one
     * sentence.
     */
    public static String check(Scenario s, long maxHeap) {
        long frameCount = s.machine().memoryBytes() / s.machine().pageSize();
        if (frameCount > MAX_FRAMES || s.swap().sizeBytes() / s.machine().pageSize() > MAX_FRAMES) {
            return String.format(Locale.ROOT, "scenario %s has more pages than the model can index (%,d page frames, "
                    + "%,d swap slots; at most %,d of each): raise machine.page-size or lower machine.memory and "
                    + "swap.size", s.name(), frameCount, s.swap().sizeBytes() / s.machine().pageSize(), MAX_FRAMES);
        }
        long need = estimate(s);
        if (need <= maxHeap * SHARE) {
            return null;
        }
        long frames = s.machine().memoryBytes() / s.machine().pageSize();
        long processes = s.workload().processes().stream().mapToLong(ProcessSpec::count).sum();
        long suggest = (long) Math.ceil(need / SHARE / (1L << 30));
        return String.format(Locale.ROOT, "scenario %s is too large for this JVM's memory budget: its machine takes "
                        + "about %s of heap (%,d page frames, %,d swap slots, %,d processes) and the JVM may use %s; "
                        + "lower machine.memory, swap.size or the process counts, or give the JVM more heap "
                        + "(JAVA_OPTS=\"-Xss4m -Xmx%dg\")", s.name(), size(need), frames,
                s.swap().sizeBytes() / s.machine().pageSize(), processes, size(maxHeap), Math.max(1, suggest));
    }

    private static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MiB", bytes >> 20);
    }
}
