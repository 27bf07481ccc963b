package pmapsim.bench;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.persistence.Persistence;
import pmapsim.actors.control.Strategy;
import pmapsim.actors.control.World;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.sched.Scheduler;

/**
 * The echo pair's rally ({@link EchoPair}) under controlled mode's driver: the players on the controlled dispatcher
 * (throughput 1), every turn run by {@link World#drive} on the calling thread, as a controlled run's are. Two of them:
 * <ul>
 *   <li>{@link #plain()}: plain players. Over the raw echo pair, this is what the driver itself costs or saves: the
 *       premise of issue 8's controlled goal is that a single-threaded driver has no hand-off cost.</li>
 *   <li>{@link #persistent()}: {@link PersistentEchoPair}'s event-sourced players, on the in-memory journal with the
 *       controlled runs' settings (the journal's turns are the driver's; its batch answer is a turn of the player).
 *       Its turns per second are the most a controlled turn of any model built on this stack can reach.</li>
 * </ul>
 * Controlled runs and these pairs share the JVM's one {@link World}: each rally, start and stop holds
 * {@link World#LOCK}.
 */
final class ControlledEchoPair implements AutoCloseable {

    /** One rally: the tells made, the turns the driver ran for them, and the wall time it took. */
    record Rally(long messages, long turns, long nanos) {
        double messagesPerSecond() {
            return messages / (nanos / 1e9);
        }

        double turnsPerSecond() {
            return turns / (nanos / 1e9);
        }
    }

    private final EchoPair pair;

    private ControlledEchoPair(String name, Function<String, Behavior<EchoPair.Ball>> player, boolean persistent) {
        World world = World.get();
        World.LOCK.lock();
        try {
            world.reset();
            pair = new EchoPair(name, Simulation.controlledConfig(), player,
                    DispatcherSelector.fromConfig(Scheduler.DISPATCHER));
            List<String> started = new ArrayList<>(List.of("a", "b"));
            if (persistent) {
                // Pekko starts its persistence actors from its own threads: they must have started before driving
                Persistence p = Persistence.get(pair.system().classicSystem());
                p.journalFor(Journaling.IN_MEMORY, ConfigFactory.empty());
                p.snapshotStoreFor("", ConfigFactory.empty());
                started.addAll(List.of("recoveryPermitter", Journaling.IN_MEMORY,
                        "pekko.persistence.no-snapshot-store"));
            }
            if (!world.awaitQueued(started, 30_000)) {
                pair.terminate();
                throw new IllegalStateException(name + ": the pair did not start in 30 s");
            }
            world.drainIdle(CompletableFuture.completedFuture(null), 10_000);
        } finally {
            World.LOCK.unlock();
        }
    }

    static ControlledEchoPair plain() {
        return new ControlledEchoPair("controlled-echo", name -> EchoPair.player(), false);
    }

    static ControlledEchoPair persistent() {
        return new ControlledEchoPair("controlled-persistent-echo", PersistentEchoPair::player, true);
    }

    /** Passes {@code messages} tells between the pair, the driver running every turn on this thread. */
    Rally rally(long messages) {
        World world = World.get();
        World.LOCK.lock();
        try {
            world.reset();
            Strategy strategy = Strategy.of("random", 1); // one player is runnable at a time: never asked
            long start = System.nanoTime();
            CompletableFuture<Void> done = pair.serve(messages);
            // the serve comes through the guardian, on Pekko's own threads: wait for it when nothing is runnable
            while (!world.drive(strategy, done::isDone)) {
                if (!world.awaitWork(10_000)) {
                    throw new IllegalStateException("the controlled echo pair stalled after " + world.steps()
                            + " turns");
                }
            }
            long nanos = System.nanoTime() - start;
            long turns = world.steps();
            // whatever of this pair is still queued runs now, untimed, so that nothing is left in the world for a
            // controlled run (or the next rally) to take as a step of its own (today nothing is: the journal answers
            // the batch before the event, and the event's answer ends the rally)
            world.drainIdle(CompletableFuture.completedFuture(null), 10_000);
            return new Rally(messages, turns, nanos);
        } finally {
            World.LOCK.unlock();
        }
    }

    /** Terminates the pair's system, driving its actors' last turns. */
    @Override
    public void close() {
        World.LOCK.lock();
        try {
            World.get().reset();
            CompletableFuture<?> terminated = pair.terminate();
            World.get().drainIdle(terminated, 30_000);
            if (!terminated.isDone()) {
                throw new IllegalStateException("the controlled echo pair's actor system did not stop in 30 s");
            }
        } finally {
            World.LOCK.unlock();
        }
    }
}
