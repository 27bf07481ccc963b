package pmapsim.bench.jmh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.run.Stamped;
import pmapsim.bench.SeedBench;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioLoader;

/**
 * The seed scenario's events and journal records, recorded once per JVM from one controlled run (seed 1, pct: the
 * same run every time), for microbenchmarks that feed real events to the model's functions.
 */
public final class SeedEvents {
    public final Scenario scenario;
    /** In the run's order (order stamps). */
    public final List<Stamped> events;
    /** As the actors handed them to the journal. */
    public final List<Journaled> records;

    private static SeedEvents instance;

    private SeedEvents(Scenario scenario, List<Stamped> events, List<Journaled> records) {
        this.scenario = scenario;
        this.events = events;
        this.records = records;
    }

    public static synchronized SeedEvents get() {
        if (instance == null) {
            try {
                Path top = SeedBench.findRepoDir(Path.of("")).orElseThrow(() -> new IllegalStateException(
                        "run the benchmarks from the repository (no config/scenarios above " + Path.of("")
                                .toAbsolutePath() + ")"));
                Scenario s = ScenarioLoader.load(top.resolve(SeedBench.SEED_SCENARIO), Map.of("machine.cpus", "2"));
                List<Stamped> events = Collections.synchronizedList(new ArrayList<>());
                List<Journaled> records = Collections.synchronizedList(new ArrayList<>());
                Simulation.runControlled("jmh", s, List.of(events::add),
                        pmapsim.actors.control.Strategy.of("pct", 1), Journaling.inMemory().withTap(records::add));
                instance = new SeedEvents(s, List.copyOf(events), List.copyOf(records));
            } catch (Exception e) {
                throw new IllegalStateException("cannot record the seed run: " + e, e);
            }
        }
        return instance;
    }
}
