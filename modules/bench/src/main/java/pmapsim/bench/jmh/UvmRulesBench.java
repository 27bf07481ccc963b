package pmapsim.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pmapsim.model.AllocClass;
import pmapsim.model.Thresholds;
import pmapsim.model.UvmRules;

/**
 * {@link UvmRules#refusal}: the common case (granted, {@code null}) and a refusal, which builds its reason string.
 * The inputs live in non-final fields so the JIT cannot fold the call away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UvmRulesBench {
    private Thresholds thresholds;
    private long plenty;
    private long inKernelReserve;
    private AllocClass user;
    private AllocClass pmap;

    @Setup
    public void setUp() {
        thresholds = Thresholds.of(3072, 8192);
        plenty = 1000;
        inKernelReserve = thresholds.reserveKernel();
        user = AllocClass.USER;
        pmap = AllocClass.PMAP;
    }

    @Benchmark
    public String granted() {
        return UvmRules.refusal(plenty, user, false, thresholds);
    }

    /** pmap_alloc_physpage in 1998: a page-table page may not dig into the kernel reserve. */
    @Benchmark
    public String refusedKernelReserve() {
        return UvmRules.refusal(inKernelReserve, pmap, false, thresholds);
    }
}
