package pmapsim.actors.machine;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import pmapsim.actors.control.Strategy;
import pmapsim.actors.control.World;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Faults;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.run.Peers;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.actors.run.Reproduction;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.RunLog;
import pmapsim.model.policy.Policies;
import pmapsim.model.policy.Policy;
import pmapsim.model.scenario.Scenario;

/**
 * Runs one machine: on Pekko's ordinary multi-threaded dispatcher ("live" mode, real races), or on the controlled
 * dispatcher, one actor turn at a time in an order a seeded {@link Strategy} chooses ("controlled" mode: the same
 * scenario, seed and strategy give the same events, byte for byte).
 */
public final class Simulation {
    private Simulation() {
    }

    /**
     * What a run gives back: how it ended, how many events, and the wall time it took (journal drain included).
     * {@code stuck} is set when a reproduction could not take every recorded turn; {@code journalFailure} when the
     * run stopped because its journal failed (the end then says where).
     */
    public record Result(String runId, RunEnd end, long events, long wallMs, String stuck, String journalFailure) {
    }

    /**
     * Waits, once the run has ended and no turn runs, until the journal has written {@code records} records; the
     * actor system terminates after it. The journal module provides it for durable journals.
     */
    @FunctionalInterface
    public interface Drain {
        void await(ActorSystem<?> system, long records) throws Exception;
    }

    /**
     * A controlled run: its result, the turns it took, the schedule's decisions (the index chosen at each step with
     * more than one runnable actor) and any determinism leak (something queued by a thread the driver does not own).
     */
    public record Controlled(Result result, long steps, List<Integer> decisions, List<String> leaks, long driveNanos) {
    }

    /**
     * A controlled run: its actors keep their events in the in-memory journal ({@code journaling}'s tap sees every
     * record, which is how a caller copies a run to a durable journal afterwards). One at a time per JVM, on the
     * JVM's one {@link ControlledSystem}.
     */
    public static Controlled runControlled(String runId, Scenario scenario, List<? extends EventSink> sinks,
                                           Strategy strategy, Journaling journaling) {
        return runControlled(runId, scenario, sinks, strategy, journaling, pmapsim.actors.nfs.NfsServer::create);
    }

    /**
     * A controlled run whose {@code nfsd} is made by {@code nfs}: a cluster lab run machine after machine in one JVM
     * gives each a client of the one server they share.
     */
    public static Controlled runControlled(String runId, Scenario scenario, List<? extends EventSink> sinks,
                                           Strategy strategy, Journaling journaling,
                                           java.util.function.Function<RunContext,
                                                   org.apache.pekko.actor.typed.Behavior<
                                                           pmapsim.actors.nfs.NfsServer.Command>> nfs) {
        Policy policy = Policies.byName(scenario.machine().policy())
                .orElseThrow(() -> new IllegalArgumentException("unknown policy " + scenario.machine().policy()));
        World.LOCK.lock();
        try {
            ActorSystem<ControlledSystem.Command> system = ControlledSystem.get();
            World world = World.get();
            world.reset();
            RunLog log = new RunLog(scenario.limits().maxEvents(), null);
            sinks.forEach(log::addSink);
            Journaling j = new Journaling(Journaling.IN_MEMORY, null, journaling.tap(), Faults.NONE,
                    journaling.progress()).withFaults(journaling.faults());
            RunContext ctx = new RunContext(runId, scenario, policy, scenario.machine().thresholds(),
                    scenario.machine().geometry(), log, new Peers(), j);
            long start = System.nanoTime();
            // the heap nearly full after a collection (a long run's records held for the durable journal) ends the
            // run, saying so: the driver stops at its next step, as at any end
            MemoryGuard.Watch guard = MemoryGuard.stops(log);
            system.tell(new ControlledSystem.Start(ctx, nfs));
            try {
                log.booted().get(60, TimeUnit.SECONDS);
                world.settle();
                long driving = System.nanoTime();
                while (!world.drive(strategy, log::ended)) {
                    // nothing runnable and no end: something another thread owes the world (a leak), or a bug
                    if (!world.awaitWork(2_000)) {
                        log.finish(new RunEnd(RunEnd.Kind.STALLED, "controlled run stuck: nothing runnable after "
                                + world.steps() + " turns", log.events() - 1, log.lastTime()));
                    }
                }
                long driveNanos = System.nanoTime() - driving;
                Result r = new Result(runId, log.end().getNow(null), log.events(),
                        (System.nanoTime() - start) / 1_000_000, null, log.journalFailure());
                return new Controlled(r, world.steps(), world.decisions(), world.leaks(), driveNanos);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("run " + runId + ": the machine did not boot within 60 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                guard.close();
                ControlledSystem.stop(runId);
            }
        } finally {
            World.LOCK.unlock();
        }
    }

    /**
     * The configuration of controlled runs' actor system: pmapsim's, with the model dispatcher, the in-memory journals
     * and Pekko's recovery permits on the controlled dispatcher (the {@link World}'s driver runs their turns). For
     * benchmarks that put other actors under the same driver.
     */
    public static com.typesafe.config.Config controlledConfig() {
        return ControlledSystem.config();
    }

    /** A live run that keeps its events in memory only. */
    public static Result run(String runId, Scenario scenario, List<? extends EventSink> sinks) {
        return run(runId, scenario, sinks, Journaling.inMemory(), PmapsimConfig.load(), null);
    }

    /**
     * @param sinks      see every event in the run's order (monitors, the report's fold); called under the run's lock
     * @param journaling where the actors persist, and, for a reproduction, the recorded order to follow
     * @param config     the actor system's configuration (the journal plugin's settings among it)
     * @param drain      how to wait for the journal after the end, or null when nothing is kept
     */
    public static Result run(String runId, Scenario scenario, List<? extends EventSink> sinks, Journaling journaling,
                             Config config, Drain drain) {
        return run(runId, scenario, sinks, journaling, config, drain, pmapsim.actors.nfs.NfsServer::create);
    }

    /** @param nfs makes the machine's {@code nfsd} (a cluster machine's reproduction replays its server's answers) */
    public static Result run(String runId, Scenario scenario, List<? extends EventSink> sinks, Journaling journaling,
                             Config config, Drain drain, java.util.function.Function<RunContext,
                             org.apache.pekko.actor.typed.Behavior<pmapsim.actors.nfs.NfsServer.Command>> nfs) {
        Policy policy = Policies.byName(scenario.machine().policy())
                .orElseThrow(() -> new IllegalArgumentException("unknown policy " + scenario.machine().policy()));
        Reproduction reproduce = journaling.reproduce();
        RunLog log = new RunLog(scenario.limits().maxEvents(), reproduce);
        sinks.forEach(log::addSink);
        RunContext ctx = new RunContext(runId, scenario, policy, scenario.machine().thresholds(),
                scenario.machine().geometry(), log, new Peers(), journaling);
        long start = System.nanoTime(); // wall time is reported, never read by the model
        ActorSystem<Void> system = ActorSystem.create(Machine.create(ctx, nfs), "pmapsim", config);
        // a journal that fails ends the run at once, whichever actor was writing (a pmap's failure reaches no parent
        // that watches it)
        pmapsim.actors.run.WriteBehindJournal.stats(system.classicSystem())
                .onFailure(t -> log.journalFailed("the journal", t));
        // the heap nearly full after a collection ends the run, saying so, before an OutOfMemoryError would
        MemoryGuard.Watch guard = MemoryGuard.stops(log);
        try {
            String stuck = null;
            RunEnd end;
            if (reproduce != null) {
                stuck = reproduce.done().get(30, TimeUnit.MINUTES);
                log.finish(new RunEnd(RunEnd.Kind.COMPLETED, "reproduced", log.events() - 1, log.lastTime()));
                end = log.end().getNow(null);
            } else {
                end = log.end().get(30, TimeUnit.MINUTES);
            }
            journaling.progress().awaitNoTurnRunning();
            if (drain != null) {
                drain.await(system, journaling.progress().records());
            }
            return new Result(runId, end, log.events(), (System.nanoTime() - start) / 1_000_000, stuck,
                    log.journalFailure());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("run " + runId + " did not end within 30 minutes of wall time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            guard.close();
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
