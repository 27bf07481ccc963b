package pmapsim.actors.run;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Pekko's {@link EventSourcedBehavior} without its event publishing: every event-sourced behaviour in pmapsim extends
 * this. Unless told otherwise, Pekko Persistence Typed (as Akka 2.6) tells every persisted event to the actor
 * system's event stream as a {@code PublishedEvent}, which replicated event sourcing listens for: one more message,
 * to an actor under {@code /system}, for every event. Nothing in pmapsim subscribes to it. It was about half the cost
 * of a live model turn (issue 8: turned off, the live seed run's messages/s roughly doubled, and the persistent echo
 * pair's turns under the controlled driver more than tripled; README, Benchmarks).
 *
 * <p>The Java API has no setting for it: {@link #apply} builds what the Java API builds, with
 * {@code withEventPublishing(false)}.
 */
public abstract class UnpublishedEventSourcedBehavior<C, E, S> extends EventSourcedBehavior<C, E, S> {

    protected UnpublishedEventSourcedBehavior(PersistenceId persistenceId) {
        super(persistenceId);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final Behavior<C> apply(TypedActorContext<C> ctx) {
        // the Scala trait extends Behavior, which Java cannot see through the interface it compiles to: Pekko's own
        // apply makes the same cast
        return (Behavior<C>) (Object) createEventSourcedBehavior().withEventPublishing(false);
    }
}
