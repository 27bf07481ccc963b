package pmapsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark measures and reports, at the smallest sizes. No speed is asserted: only that figures came out. */
class SeedBenchTest {

    private static Path seedScenario() {
        Path top = SeedBench.findRepoDir(Path.of("")).orElseThrow();
        return top.resolve(SeedBench.SEED_SCENARIO);
    }

    @Test
    void oneTinyRoundGivesPositiveFiguresAndTheirRatio() throws Exception {
        // the seed scenario cut short at 5,000 events (it ends "stalled" on its budget): the figures are what count.
        // Nothing about the run's course is asserted: live runs race, and a few stall at boot.
        SeedBench.Settings tiny = new SeedBench.Settings(seedScenario(), Map.of("limits.max-events", "5000"), 1, 0,
                10_000);
        SeedBench.Results r = SeedBench.measure(tiny);

        assertTrue(r.echoMessagesPerSecond().median() > 0, "echo messages/s");
        assertTrue(r.seedEventsPerSecond().median() > 0, "seed events/s");
        assertTrue(r.seedEventsPerSecondAfterStartup().median() >= r.seedEventsPerSecond().median(),
                "leaving the start out cannot make it slower");
        assertTrue(r.seedEvents().median() > 0 && r.seedEvents().median() <= 5000, "events");
        assertTrue(r.seedStartupMs().median() > 0, "the actor system's start");
        assertEquals(r.seedEventsPerSecond().median() / r.echoMessagesPerSecond().median(), r.ratio(), 1e-12);
        assertTrue(Double.isFinite(r.ratio()) && r.ratio() > 0);
        assertEquals(1, r.outcomes().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(r.machine().cores() > 0);

        String table = SeedBench.table(r);
        assertTrue(table.contains("Pekko echo pair"), table);
        assertTrue(table.contains("seed run, events/s"), table);
    }

    @Test
    void figuresAreMediansWithTheirSpread() {
        Figure odd = Figure.of(3, 1, 2);
        assertEquals(new Figure(2, 1, 3, 3), odd);
        assertEquals(2.5, Figure.of(4, 1, 2, 3).median());
    }

    @Test
    void badCommandLinesAreRefusedBeforeAnythingRuns() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, SeedBench.run(new String[] {"--rounds", "0"}, quiet, errors));
        assertEquals(2, SeedBench.run(new String[] {"--rounds"}, quiet, errors));
        assertEquals(2, SeedBench.run(new String[] {"--frobnicate"}, quiet, errors));
        assertFalse(err.toString(StandardCharsets.UTF_8).isEmpty());
    }
}
