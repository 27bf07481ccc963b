package pmapsim.actors.machine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.Persistence;
import pmapsim.actors.control.ControlledExecutor;
import pmapsim.actors.control.World;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.run.WriteBehindJournal;

/**
 * The one actor system of this JVM's controlled runs. An actor system costs 40–180 ms to start and stop here, more
 * than a short run; so it starts once, and each run is a {@link Machine} spawned under its guardian and stopped at
 * the end. Pekko's persistence actors (the in-memory journal, the snapshot store, the recovery permitter) live on
 * between runs, on the controlled dispatcher; the journals forget a run (its records, its sequence numbers) when the run is done, so a seed
 * run again starts from nothing, as it would in a fresh system.
 *
 * <p>Used only under {@link World#LOCK}.
 */
final class ControlledSystem {
    /** The settings that put the model actors, their journal and Pekko's recovery permits under the driver. */
    static final String CONTROLLED = String.join("\n",
            "pmapsim.model-dispatcher { type = Dispatcher, executor = \"" + ControlledExecutor.class.getName()
                    + "\", throughput = 1 }",
            "pekko.actor.deployment.\"/recoveryPermitter\".dispatcher = pmapsim.model-dispatcher",
            "pekko.persistence.no-snapshot-store.plugin-dispatcher = pmapsim.model-dispatcher",
            "pekko.persistence.journal.plugin = pmapsim.journal.memory",
            // the journal's batch answer is a step of every turn's schedule: the same seed gives the same run as
            // before live runs left it out (issue 8)
            "pmapsim.journal.memory.answer-batch = on",
            "pmapsim.journal.memory-kept.answer-batch = on",
            // the journal's turns are the driver's, as the model actors' are (live runs run it on the writer's thread)
            "pmapsim.journal.memory.plugin-dispatcher = pmapsim.model-dispatcher",
            "pmapsim.journal.memory-kept.plugin-dispatcher = pmapsim.model-dispatcher",
            // it outlives every run and is never terminated: its threads must not keep the JVM alive
            "pekko.daemonic = on");

    /** What the guardian does: start a machine, stop it. */
    sealed interface Command {
    }

    /** @param nfs makes the machine's {@code nfsd} (see {@link Machine#create(RunContext, java.util.function.Function)}) */
    record Start(RunContext run,
                 java.util.function.Function<RunContext, Behavior<pmapsim.actors.nfs.NfsServer.Command>> nfs)
            implements Command {
    }

    record Stop(CompletableFuture<Void> stopped) implements Command {
    }

    private record Stopped(ActorRef<Void> machine) implements Command {
    }

    private static ActorSystem<Command> system;

    private ControlledSystem() {
    }

    /** pmapsim's configuration with {@link #CONTROLLED} over it. */
    static Config config() {
        return ConfigFactory.parseString(CONTROLLED).withFallback(PmapsimConfig.load()).resolve();
    }

    /** The system, started on first use; its persistence actors have taken their first turn when it returns. */
    static ActorSystem<Command> get() {
        if (system == null) {
            World world = World.get();
            world.reset();
            ActorSystem<Command> s = ActorSystem.create(guardian(), "pmapsim", config());
            // Pekko starts its persistence actors from its own threads: they start now, before any run drives
            Persistence p = Persistence.get(s.classicSystem());
            p.journalFor(Journaling.IN_MEMORY, ConfigFactory.empty());
            p.journalFor(Journaling.IN_MEMORY_KEPT, ConfigFactory.empty());
            p.snapshotStoreFor("", ConfigFactory.empty());
            if (!world.awaitQueued(List.of("recoveryPermitter", Journaling.IN_MEMORY, Journaling.IN_MEMORY_KEPT,
                    "pekko.persistence.no-snapshot-store"), 30_000)) {
                s.terminate();
                throw new IllegalStateException("Pekko's persistence did not start in 30 s");
            }
            world.drainIdle(CompletableFuture.completedFuture(null), 10_000);
            system = s;
        }
        return system;
    }

    /**
     * Stops the run's machine and runs what that queues until the machine has stopped and nothing is left; then
     * the journal forgets the run.
     */
    static void stop(String runId) {
        World world = World.get();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        system.tell(new Stop(stopped));
        world.drainIdle(stopped, 30_000);
        for (String journal : List.of(Journaling.IN_MEMORY, Journaling.IN_MEMORY_KEPT)) {
            Persistence.get(system.classicSystem()).journalFor(journal, ConfigFactory.empty())
                    .tell(new WriteBehindJournal.Forget(runId + "|"), org.apache.pekko.actor.ActorRef.noSender());
        }
        world.drainIdle(CompletableFuture.completedFuture(null), 10_000);
        if (!stopped.isDone()) {
            throw new IllegalStateException("run " + runId + ": its actors did not stop within 30 s");
        }
    }

    /** The guardian: at most one machine at a time, and who waits for it to stop. */
    private static Behavior<Command> guardian() {
        return Behaviors.setup(ctx -> new Object() {
            ActorRef<Void> machine;
            CompletableFuture<Void> waiting;

            Behavior<Command> behavior() {
                return Behaviors.receive(Command.class)
                        .onMessage(Start.class, s -> {
                            // one name for every run's machine: nothing in a run depends on how many ran before it
                            machine = ctx.spawn(Machine.create(s.run(), s.nfs()), "machine");
                            ctx.watchWith(machine, new Stopped(machine));
                            return Behaviors.same();
                        })
                        .onMessage(Stop.class, s -> {
                            if (machine == null) {
                                s.stopped().complete(null);
                            } else {
                                waiting = s.stopped();
                                ctx.stop(machine);
                            }
                            return Behaviors.same();
                        })
                        .onMessage(Stopped.class, s -> {
                            if (s.machine().equals(machine)) {
                                machine = null;
                                if (waiting != null) {
                                    waiting.complete(null);
                                    waiting = null;
                                }
                            }
                            return Behaviors.same();
                        })
                        .build();
            }
        }.behavior());
    }
}
