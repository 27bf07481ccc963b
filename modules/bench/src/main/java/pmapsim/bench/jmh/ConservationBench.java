package pmapsim.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import pmapsim.actors.monitor.Conservation;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Pool;

/**
 * The conservation monitor's cost per event: {@link Conservation#accept} on a page allocation and its free, frame
 * after frame, so every event is a legal move and no violation is ever recorded (checked at tear-down). The events
 * are built beforehand: only the monitor is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConservationBench {
    /** The seed machine's size: 24 MiB of 8 KiB pages (less the console's, but that does not change the cost). */
    @Param("3072")
    public int npages;

    private static final int FRAMES = 1024;

    private Conservation monitor;
    private Stamped[] allocated;
    private Stamped[] freed;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        monitor = new Conservation(npages);
        allocated = new Stamped[FRAMES];
        freed = new Stamped[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            allocated[f] = new Stamped(2L * f, "physmem", "m", -1, f,
                    new PhysicalMemory.PageAllocated(f, Pool.ACTIVE, 7, "zero-fill", false, npages - 1));
            freed[f] = new Stamped(2L * f + 1, "physmem", "m", 2L * f, f,
                    new PhysicalMemory.PageFreed(f, Pool.ACTIVE, 7, "pagedaemon", npages));
        }
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public void allocateThenFree() {
        int f = next;
        next = (f + 1) & (FRAMES - 1);
        monitor.accept(allocated[f]);
        monitor.accept(freed[f]);
    }

    @TearDown(Level.Trial)
    public void check() {
        if (!monitor.violations().isEmpty()) {
            throw new IllegalStateException("the benchmark's events broke conservation: "
                    + monitor.violations().get(0));
        }
    }
}
