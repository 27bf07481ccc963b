package pmapsim.actors.pmap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Stamped;
import pmapsim.bench.jmh.SeedEvents;
import pmapsim.model.Geometry;

/**
 * A pmap's {@code Enter} path, its state work: the busiest pmap of the seed run (make's) rebuilt from its own events
 * — each fault's work begun, tables installed, mappings entered, hits — exactly as the pmap actor applies them after
 * each turn (and as recovery does). In this package because {@code PmapState} is the pmap's own. Per entered mapping.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PmapEnterBench {
    private Geometry geometry;
    private int id;
    private ModelEvent[] events;
    /** Mappings entered in {@link #events}: the score of {@link #rebuild} divided by this is per {@code Enter}. */
    public int enters;

    @Setup(Level.Trial)
    public void setUp() {
        SeedEvents seed = SeedEvents.get();
        geometry = seed.scenario.machine().geometry();
        Map<String, Integer> entersBy = new TreeMap<>();
        for (Stamped e : seed.events) {
            if (e.body() instanceof Pmap.MappingEntered && e.actor().startsWith("pmap-")
                    && !e.actor().equals("pmap-kernel")) {
                entersBy.merge(e.actor(), 1, Integer::sum);
            }
        }
        String busiest = entersBy.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        id = Integer.parseInt(busiest.substring("pmap-".length()));
        List<ModelEvent> mine = seed.events.stream().filter(e -> e.actor().equals(busiest)).map(Stamped::body)
                .toList();
        events = mine.toArray(new ModelEvent[0]);
        enters = entersBy.get(busiest);
        System.err.println("PmapEnterBench: " + busiest + ", " + events.length + " events, " + enters
                + " mappings entered");
    }

    @Benchmark
    public PmapState rebuild() {
        PmapState s = new PmapState(geometry, id);
        for (ModelEvent e : events) {
            s.apply(e);
        }
        return s;
    }
}
