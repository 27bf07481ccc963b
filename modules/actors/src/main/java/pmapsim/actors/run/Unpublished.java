package pmapsim.actors.run;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Event-sourced behaviours without Pekko's event publishing. Unless told otherwise, Pekko Persistence Typed (as Akka
 * 2.6) tells every persisted event to the actor system's event stream as a {@code PublishedEvent}, which replicated
 * event sourcing listens for: one more message, to an actor under {@code /system}, for every event. Nothing in
 * pmapsim subscribes to it. It was about half the cost of a live model turn (issue 8: turned off, the live seed run's
 * messages/s roughly doubled, and the persistent echo pair's turns under the controlled driver more than tripled;
 * README, Benchmarks).
 *
 * <p>The Java API has no setting for it, so an {@link EventSourcedBehavior} overrides {@code apply} with
 * {@link #behavior}:
 * <pre>
 * public Behavior&lt;C&gt; apply(TypedActorContext&lt;C&gt; ctx) { return Unpublished.behavior(this); }
 * </pre>
 */
public final class Unpublished {
    private Unpublished() {
    }

    /** What the Java API's {@code apply} builds, with publishing off ({@code withEventPublishing(false)}). */
    @SuppressWarnings("unchecked")
    public static <C> Behavior<C> behavior(EventSourcedBehavior<C, ?, ?> b) {
        // the Scala trait extends Behavior, which Java cannot see through the interface it compiles to: Pekko's own
        // apply makes the same cast
        return (Behavior<C>) (Object) b.createEventSourcedBehavior().withEventPublishing(false);
    }
}
