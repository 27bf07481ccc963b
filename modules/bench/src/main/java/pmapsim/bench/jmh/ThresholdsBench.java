package pmapsim.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import pmapsim.model.Thresholds;

/** {@link Thresholds#of}: UVM's thresholds from {@code npages} (done at boot, and by {@code describe}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThresholdsBench {
    /** 4 MiB and 24 MiB of 8 KiB pages: {@code freemin = npages / 20} below its cap (256 KiB), and at it. */
    @Param({"512", "3072"})
    public long npages;

    @Param("8192")
    public int pageSize;

    @Benchmark
    public void of(Blackhole bh) {
        bh.consume(Thresholds.of(npages, pageSize));
    }
}
