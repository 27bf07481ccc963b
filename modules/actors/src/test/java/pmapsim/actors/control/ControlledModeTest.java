package pmapsim.actors.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pmapsim.actors.TestRun;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.run.RunEnd;
import pmapsim.model.scenario.Scenario;

/** Controlled mode: one actor turn at a time, chosen by a seeded strategy; the same seed gives the same events. */
class ControlledModeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A run's event stream as a digest: every event's stamp, actor, message, cause, time and body. */
    record Digest(String sha, long events, RunEnd end, Simulation.Controlled run) {
    }

    static Digest run(Map<String, String> overrides, String strategy, long seed) {
        Scenario s = TestRun.scenario(overrides);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Simulation.Controlled c = Simulation.runControlled("ctl", s, List.of(e -> {
                try {
                    md.update((e.seq() + "|" + e.actor() + "|" + e.msg() + "|" + e.cause() + "|" + e.time() + "|"
                            + e.body().getClass().getSimpleName() + JSON.writeValueAsString(e.body()) + "\n")
                            .getBytes(StandardCharsets.UTF_8));
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }), Strategy.of(strategy, seed), Journaling.inMemory());
            assertEquals(List.of(), c.leaks(), "nothing was queued from a thread the driver does not own");
            return new Digest(HexFormat.of().formatHex(md.digest()), c.result().events(), c.result().end(), c);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSameSeedGivesTheSameEventsByteForByte() {
        for (String strategy : List.of("random", "pct")) {
            Digest a = run(Map.of("machine.cpus", "2"), strategy, 7);
            Digest b = run(Map.of("machine.cpus", "2"), strategy, 7);
            assertTrue(a.events() > 1000, strategy + ": " + a);
            assertEquals(a.sha(), b.sha(), strategy);
            assertEquals(a.run().decisions(), b.run().decisions(), strategy);
        }
    }

    @Test
    void differentSeedsGiveDifferentSchedules() {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            seen.add(run(Map.of("machine.cpus", "2"), "random", seed).sha());
        }
        assertTrue(seen.size() >= 4, "5 seeds gave " + seen.size() + " distinct event streams");
    }

    @Test
    void theSeedScenarioOnOneCpuStillPanics() {
        Digest d = run(Map.of(), "random", 1);
        assertEquals(RunEnd.Kind.PANIC, d.end().kind(), d.end().reason());
    }
}
