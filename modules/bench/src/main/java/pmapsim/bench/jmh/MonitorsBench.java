package pmapsim.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import pmapsim.actors.monitor.Monitor;
import pmapsim.actors.run.Stamped;

/**
 * The safety monitors' check per event: every standard monitor (conservation, one active pmap per CPU, collect-active,
 * double free) fed the seed run's real events in order, as a live run's lock holder does. The score is per event
 * (the whole run's time divided by its events).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MonitorsBench {
    private Stamped[] events;
    private long npages;

    @Setup(Level.Trial)
    public void setUp() {
        SeedEvents seed = SeedEvents.get();
        events = seed.events.toArray(new Stamped[0]);
        npages = seed.scenario.machine().npages();
    }

    /** One run's events through fresh monitors; divide the score by {@link #events} for the cost per event. */
    @Benchmark
    public void wholeRun(Blackhole bh) {
        List<Monitor> monitors = Monitor.standard(npages);
        for (Stamped e : events) {
            for (Monitor m : monitors) {
                m.accept(e);
            }
        }
        bh.consume(monitors);
    }
}
