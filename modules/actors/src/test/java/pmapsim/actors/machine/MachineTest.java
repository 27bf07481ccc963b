package pmapsim.actors.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pmapsim.actors.TestRun;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.Stamped;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;

/** The whole machine, wired by Machine and run live by Simulation: what a user of `pmapsim run` sees at the end. */
class MachineTest {
    private static final String PANIC = "pmap_alloc_physpage: no pages available after 5 tries";

    private static Simulation.Result run(Map<String, String> overrides, List<Stamped> events) {
        Scenario s = TestRun.scenario(overrides);
        try {
            return CompletableFuture.supplyAsync(() -> Simulation.run("test", s, List.of(events::add)))
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the run did not end within 60 s of wall time: " + e, e);
        }
    }

    @Test
    void makeCleandirOnThe16MiBAlphaEndsInThe1998Panic() {
        List<Stamped> events = new ArrayList<>();
        RunEnd end = run(Map.of(), events).end();

        assertEquals(RunEnd.Kind.PANIC, end.kind(), end.reason());
        assertEquals(PANIC, end.reason());
        Stamped last = events.get(events.size() - 1);
        assertEquals(end.event(), last.seq());
        assertEquals(Pmap.Panicked.class, last.body().getClass(), "the panic is the run's last event");
    }

    @Test
    void withThirtyTwoMiBTheSameWorkCompletes() {
        RunEnd end = run(Map.of("machine.memory", "32 MiB"), new ArrayList<>()).end();

        assertEquals(RunEnd.Kind.COMPLETED, end.kind(), end.reason());
    }

    @Test
    void aMachineTooSmallForItsBootProcessesDoesNotEndInAModelError() {
        // 64 pages free after boot; twelve boot processes of 16-page u-areas do not fit
        RunEnd end = run(Map.of("machine.memory", "7 MiB", "uvm.uarea-pages", "16"), new ArrayList<>()).end();

        assertFalse(end.reason().startsWith("model error"), end.reason());
    }

    @Test
    void aMbufPoolThatDoesNotFitIsRejectedOrEndsTheRun() throws Exception {
        Map<String, String> tooSmall = Map.of("machine.memory", "6656 KiB", "swap.mbuf-pool", "1 MiB");
        try {
            ScenarioLoader.load(TestRun.CLEANDIR, tooSmall);
        } catch (ScenarioException rejected) {
            return;
        }
        Scenario s = TestRun.scenario(tooSmall);
        CompletableFuture<Simulation.Result> r = CompletableFuture.supplyAsync(() -> Simulation.run("t", s, List.of()));
        r.get(20, TimeUnit.SECONDS);
    }
}
