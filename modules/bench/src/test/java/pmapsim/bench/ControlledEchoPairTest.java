package pmapsim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pmapsim.actors.control.Strategy;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.Journaling;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioLoader;

/** The echo pairs under controlled mode's driver: what they count, and that they leave controlled runs alone. */
class ControlledEchoPairTest {

    @Test
    void plainPlayersTakeOneDriverTurnForEachTell() {
        try (ControlledEchoPair pair = ControlledEchoPair.plain()) {
            for (int rally = 0; rally < 2; rally++) {
                ControlledEchoPair.Rally r = pair.rally(1_000);
                assertEquals(1_000, r.messages());
                assertEquals(1_000, r.turns(), "one turn a tell, nothing else under the driver");
                assertTrue(r.messagesPerSecond() > 0 && r.turnsPerSecond() == r.messagesPerSecond());
            }
        }
    }

    @Test
    void persistentPlayersAlsoTakeTheirJournalsAnswersAsTurns() {
        try (ControlledEchoPair pair = ControlledEchoPair.persistent()) {
            for (int rally = 0; rally < 2; rally++) {
                ControlledEchoPair.Rally r = pair.rally(1_000);
                // each ball: the command's turn, then the journal's answers for the batch and for the event
                assertEquals(3 * 1_000, r.turns(), "turns of rally " + rally);
            }
        }
    }

    @Test
    void aControlledRunIsTheSameBeforeAndAfterThePairsRan() throws Exception {
        Scenario seed = ScenarioLoader.load(SeedBench.findRepoDir(Path.of("")).orElseThrow().resolve(SeedBench.SEED_SCENARIO),
                Map.of("machine.cpus", "2", "limits.max-events", "3000"));
        Simulation.Controlled before = Simulation.runControlled("pairs-before", seed, List.of(),
                Strategy.of("pct", 7), Journaling.inMemory());
        try (ControlledEchoPair plain = ControlledEchoPair.plain();
             ControlledEchoPair persistent = ControlledEchoPair.persistent()) {
            plain.rally(500);
            persistent.rally(500);
            assertSameRun(before, Simulation.runControlled("pairs-beside", seed, List.of(), Strategy.of("pct", 7),
                    Journaling.inMemory()));
        }
        assertSameRun(before, Simulation.runControlled("pairs-after", seed, List.of(), Strategy.of("pct", 7),
                Journaling.inMemory()));
    }

    private static void assertSameRun(Simulation.Controlled expected, Simulation.Controlled actual) {
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.decisions(), actual.decisions());
        assertEquals(expected.result().events(), actual.result().events());
        assertEquals(List.of(), actual.leaks());
    }
}
