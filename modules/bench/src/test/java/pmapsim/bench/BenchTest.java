package pmapsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pmapsim bench} measures and prints its table at the smallest sizes. No speed is asserted. */
class BenchTest {

    @Test
    void tinyBenchPrintsOneTableWithEachFigureItsCeilingAndTheRatio() throws Exception {
        Bench.Settings tiny = Bench.parse(new String[] {"--rounds", "1", "--warmups", "0", "--echo-messages", "10000",
            "--db", "none"}, Map.of("limits.max-events", "3000"));
        Bench.Results r = Bench.measure(tiny, line -> { });

        assertTrue(r.echo().median() > 0);
        assertTrue(r.persistentEcho().median() > 0);
        assertTrue(r.liveMessages().median() > 0 && r.liveEvents().median() > 0);
        assertTrue(r.controlledTurns().median() > 0);
        assertTrue(r.controlledEcho().median() > 0 && r.controlledPersistentTurns().median() > 0);
        // a persistent player's ball is three turns under the driver: the command's and the journal's two answers
        assertEquals(3.0, r.controlledPersistentTurns().median() / r.controlledPersistentEcho().median(), 0.01);
        assertTrue(r.simPerWall().median() >= 0);
        assertEquals(r.liveMessages().median() / r.echo().median(), r.liveRatio(), 1e-12);
        String table = Bench.table(r);
        for (String row : List.of("raw Pekko echo pair", "persistent echo pair", "live model, messages/s",
                "controlled echo pair", "controlled persistent echo pair, turns/s", "controlled, turns/s",
                "over the persistent pair's under the driver", "simulated time / wall time", "ratio", "goal")) {
            assertTrue(table.contains(row), row + " in\n" + table);
        }
        assertEquals(r.ceilingFell(), table.contains("CEILING FELL"), table);

        // the same run with a raw echo pair that fell far below the persistent one: no goal over it is met
        Bench.Results fallen = withEcho(r, 1.0);
        assertTrue(fallen.ceilingFell());
        String fell = Bench.table(fallen);
        assertTrue(fell.contains("CEILING FELL"), fell);
        assertTrue(fell.contains(">= 0.25 not counted") && fell.contains(">= 1.0 not counted"), fell);

        // a raw pair 1.5 times the persistent one is no ceiling either (a persisted message is three deliveries);
        // three times is one
        assertTrue(withEcho(r, 1.5 * r.persistentEcho().median()).ceilingFell());
        assertFalse(withEcho(r, 3.0 * r.persistentEcho().median()).ceilingFell());
    }

    private static Bench.Results withEcho(Bench.Results r, double echo) {
        return new Bench.Results(r.settings(), r.machine(), Figure.of(echo), r.persistentEcho(), r.liveMessages(),
                r.liveEvents(), r.simPerWall(), r.seedEvents(), r.controlledEcho(), r.controlledPersistentEcho(),
                r.controlledPersistentTurns(), r.controlledTurns(), r.controlledRunsPerSecond(), r.journal(),
                r.sweep(), r.big(), r.loadAverageAfter());
    }

    @Test
    void theSweepFitsTheExponentOfTimeAgainstEvents() {
        List<Sweep.Point> linear = List.of(new Sweep.Point(1, 1, 1000, 0, 10, 0, 0, "completed"),
                new Sweep.Point(2, 1, 2000, 0, 20, 0, 0, "completed"),
                new Sweep.Point(4, 1, 4000, 0, 40, 0, 0, "completed"));
        assertEquals(1.0, Sweep.exponent(linear), 1e-9);
        List<Sweep.Point> quadratic = List.of(new Sweep.Point(1, 1, 1000, 0, 10, 0, 0, "completed"),
                new Sweep.Point(2, 1, 2000, 0, 40, 0, 0, "completed"));
        assertEquals(2.0, Sweep.exponent(quadratic), 1e-9);
        assertTrue(Double.isNaN(Sweep.exponent(linear.subList(0, 1))));
    }

    @Test
    void badCommandLinesAreRefusedBeforeAnythingRuns() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, Bench.run(new String[] {"--rounds", "0"}, quiet, quiet));
        assertEquals(2, Bench.run(new String[] {"--db", "oracle"}, quiet, quiet));
        assertEquals(2, Bench.run(new String[] {"--frobnicate"}, quiet, quiet));
        assertEquals(0, Bench.run(new String[] {"--help"}, quiet, quiet));
    }
}
