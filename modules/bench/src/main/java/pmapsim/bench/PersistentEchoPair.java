package pmapsim.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.actors.sched.Scheduler;

/**
 * The ceiling of any model built the way pmapsim is: the echo pair's ping-pong, but each player is an event-sourced
 * actor (Pekko Persistence Typed) that persists one event for each ball before it sends the ball back, on pmapsim's
 * model dispatcher and its in-memory journal (the write-behind journal that keeps nothing, as a live run's). Nothing
 * else: no model, no monitors. A live run's turn is at least this; the ratio of this pair to the plain echo pair is
 * what Pekko Persistence itself leaves of the plain ceiling (issue 8).
 */
final class PersistentEchoPair implements AutoCloseable {

    /** The ball, as in {@link EchoPair}. */
    record Ball(long left, ActorRef<Ball> from, CompletableFuture<Void> done) {
    }

    record Serve(long messages, CompletableFuture<Void> done) {
    }

    /** The one event a player persists for each ball. */
    record Hit() {
    }

    private static final String JOURNAL = "pmapsim.journal.memory";
    private final ActorSystem<Serve> system;

    PersistentEchoPair() {
        system = ActorSystem.create(guardian(), "persistent-echo", PmapsimConfig.load());
    }

    /** Passes {@code messages} tells between the pair, each after its event is persisted; returns messages/s. */
    double messagesPerSecond(long messages) {
        if (messages < 1) {
            throw new IllegalArgumentException("messages must be at least 1");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        long start = System.nanoTime();
        system.tell(new Serve(messages, done));
        await(done);
        return messages / ((System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() {
        system.terminate();
        await(system.getWhenTerminated().toCompletableFuture());
    }

    private static Behavior<Serve> guardian() {
        return Behaviors.setup(ctx -> {
            DispatcherSelector model = DispatcherSelector.fromConfig(Scheduler.DISPATCHER);
            ActorRef<Ball> a = ctx.spawn(Player.create("echo-a"), "a", model);
            ActorRef<Ball> b = ctx.spawn(Player.create("echo-b"), "b", model);
            return Behaviors.receive(Serve.class)
                    .onMessage(Serve.class, s -> {
                        a.tell(new Ball(s.messages() - 1, b, s.done()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** A player: persists a {@link Hit}, then sends the ball back (or completes the rally). */
    private static final class Player extends EventSourcedBehavior<Ball, Hit, Long> {
        private final ActorRef<Ball> self;

        private Player(PersistenceId id, ActorRef<Ball> self) {
            super(id);
            this.self = self;
        }

        static Behavior<Ball> create(String id) {
            return Behaviors.setup(ctx -> new Player(PersistenceId.ofUniqueId(id), ctx.getSelf()));
        }

        @Override
        public String journalPluginId() {
            return JOURNAL;
        }

        @Override
        public Long emptyState() {
            return 0L;
        }

        @Override
        public CommandHandler<Ball, Hit, Long> commandHandler() {
            return newCommandHandlerBuilder().forAnyState().onAnyCommand((state, ball) ->
                    Effect().persist(new Hit()).thenRun(s -> {
                        if (ball.left() == 0) {
                            ball.done().complete(null);
                        } else {
                            ball.from().tell(new Ball(ball.left() - 1, self, ball.done()));
                        }
                    }));
        }

        @Override
        public EventHandler<Long, Hit> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onAnyEvent((hits, hit) -> hits + 1);
        }

        @Override
        public org.apache.pekko.persistence.typed.javadsl.SignalHandler<Long> signalHandler() {
            return newSignalHandlerBuilder().build();
        }
    }

    private static void await(CompletableFuture<?> f) {
        try {
            f.get(Duration.ofMinutes(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the persistent echo pair did not finish", e);
        }
    }
}
