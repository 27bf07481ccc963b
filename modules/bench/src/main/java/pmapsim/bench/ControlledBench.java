package pmapsim.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmapsim.actors.control.Strategy;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.Journaling;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioLoader;

/**
 * Controlled mode's speed, side by side in one JVM: actor turns per second while the driver drives (the seed scenario
 * on 2 CPUs, pct), beside a raw Pekko echo pair's messages per second; and whole controlled runs per second (actor
 * system start and stop included), which is what a stress campaign gets. Medians of the rounds.
 *
 * <pre>ControlledBench [--rounds K] [--repo-dir DIR]</pre>
 */
public final class ControlledBench {
    static {
        pmapsim.cli.LogbackWithoutMdc.install(); // before anything logs: Logback without Pekko's MDC, as pmapsim runs
    }

    private ControlledBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 7;
        Path repo = Path.of("");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--repo-dir" -> repo = Path.of(args[++i]);
                case "--quick" -> rounds = 3;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path file = repo.resolve(SeedBench.SEED_SCENARIO);
        List<Double> turns = new ArrayList<>();
        List<Double> runsPerSecond = new ArrayList<>();
        List<Double> echo = new ArrayList<>();
        try (EchoPair pair = new EchoPair()) {
            pair.messagesPerSecond(2_000_000); // warm-up
            for (int r = 0; r < rounds + 2; r++) {
                Scenario s = ScenarioLoader.load(file, Map.of("machine.cpus", "2", "seed", String.valueOf(r + 1),
                        "limits.max-events", "100000"));
                long start = System.nanoTime();
                Simulation.Controlled c = Simulation.runControlled("bench", s, List.of(), Strategy.of("pct", r + 1),
                        Journaling.inMemory());
                long wall = System.nanoTime() - start;
                if (r >= 2) { // two warm-up rounds
                    turns.add(c.steps() / (c.driveNanos() / 1e9));
                    runsPerSecond.add(1e9 / wall);
                    echo.add(pair.messagesPerSecond(2_000_000));
                }
            }
        }
        double t = median(turns);
        double e = median(echo);
        System.out.printf("controlled turns/s (seed scenario, 2 CPUs, pct)   %,12.0f%n", t);
        System.out.printf("raw Pekko echo pair messages/s                    %,12.0f%n", e);
        System.out.printf("ratio (goal >= 1.0)                               %12.2f%n", t / e);
        System.out.printf("controlled runs/s (system start and stop included) %11.2f%n", median(runsPerSecond));
        System.out.printf("(medians of %d rounds after 2 warm-ups, %d cores, Java %s)%n", rounds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    /** The median as {@link Figure} takes it: of an even count, the mean of the two middle values. */
    static double median(List<Double> xs) {
        return Figure.of(xs.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }
}
