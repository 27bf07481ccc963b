package pmapsim.bench;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.actors.run.UnpublishedEventSourcedBehavior;
import pmapsim.actors.sched.Scheduler;

/**
 * The ceiling of any model built the way pmapsim is: the echo pair's rally ({@link EchoPair}), but each player is an
 * event-sourced actor (Pekko Persistence Typed) that persists one event for each ball before it sends the ball back,
 * on pmapsim's model dispatcher and its in-memory journal (the write-behind journal that keeps nothing, as a live
 * run's), with Pekko's event publishing off as the model actors have it ({@link UnpublishedEventSourcedBehavior}).
 * Nothing else: no model, no monitors. A live run's turn is at least this; the ratio of this pair to the plain echo
 * pair is what Pekko Persistence itself leaves of the plain ceiling (issue 8).
 */
final class PersistentEchoPair {
    private static final String JOURNAL = "pmapsim.journal.memory";

    private PersistentEchoPair() {
    }

    /** The pair, in an actor system of pmapsim's configuration. */
    static EchoPair create() {
        return new EchoPair("persistent-echo", PmapsimConfig.load(), PersistentEchoPair::player,
                DispatcherSelector.fromConfig(Scheduler.DISPATCHER));
    }

    /** Player {@code name} ("a" or "b"), persisting to {@value #JOURNAL}. */
    static Behavior<EchoPair.Ball> player(String name) {
        return Player.create("echo-" + name);
    }

    /** The one event a player persists for each ball. */
    record Hit() {
    }

    /** A player: persists a {@link Hit}, then sends the ball back (or completes the rally). */
    private static final class Player extends UnpublishedEventSourcedBehavior<EchoPair.Ball, Hit, Long> {
        private final ActorRef<EchoPair.Ball> self;

        private Player(PersistenceId id, ActorRef<EchoPair.Ball> self) {
            super(id);
            this.self = self;
        }

        static Behavior<EchoPair.Ball> create(String id) {
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
        public CommandHandler<EchoPair.Ball, Hit, Long> commandHandler() {
            return (state, ball) -> // a plain lambda, as the model actors' (not the handler builder)
                    Effect().persist(new Hit()).thenRun(s -> {
                        if (ball.left() == 0) {
                            ball.done().complete(null);
                        } else {
                            ball.from().tell(new EchoPair.Ball(ball.left() - 1, self, ball.done()));
                        }
                    });
        }

        @Override
        public EventHandler<Long, Hit> eventHandler() {
            return (hits, hit) -> hits + 1;
        }
    }
}
