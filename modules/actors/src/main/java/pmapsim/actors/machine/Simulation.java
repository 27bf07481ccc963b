package pmapsim.actors.machine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Peers;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.RunLog;
import pmapsim.model.policy.Policies;
import pmapsim.model.policy.Policy;
import pmapsim.model.scenario.Scenario;

/** Runs one machine on Pekko's ordinary multi-threaded dispatcher ("live" mode) and waits for its end. */
public final class Simulation {
    private Simulation() {
    }

    /** What a live run gives back: how it ended, how many events, and the wall time it took. */
    public record Result(String runId, RunEnd end, long events, long wallMs) {
    }

    /**
     * @param sinks see every event in the run's order (monitors, the report's fold); called under the run's lock
     */
    public static Result run(String runId, Scenario scenario, List<? extends EventSink> sinks) {
        Policy policy = Policies.byName(scenario.machine().policy())
                .orElseThrow(() -> new IllegalArgumentException("unknown policy " + scenario.machine().policy()));
        RunLog log = new RunLog(scenario.limits().maxEvents());
        sinks.forEach(log::addSink);
        RunContext ctx = new RunContext(runId, scenario, policy, scenario.machine().thresholds(),
                scenario.machine().geometry(), log, new Peers());
        long start = System.nanoTime(); // wall time is reported, never read by the model
        Config config = ConfigFactory.load();
        ActorSystem<Void> system = ActorSystem.create(Machine.create(ctx), "pmapsim", config);
        try {
            RunEnd end = log.end().get(30, TimeUnit.MINUTES);
            return new Result(runId, end, log.events(), (System.nanoTime() - start) / 1_000_000);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("run " + runId + " did not end within 30 minutes of wall time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(Duration.ofSeconds(10).toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // the run's result is already in hand
            }
        }
    }
}
