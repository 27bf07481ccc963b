package pmapsim.actors.run;

import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A model actor's inbox that survives its restart. Pekko's event-sourced behaviour stashes the messages that arrive
 * while a turn is being persisted, and a restart discards that stash: the messages are gone and the run waits for
 * them forever. This interceptor sits outside the supervisor and hands the actor one message at a time, the next one
 * only when the actor says its turn is {@link #ready written}; what waits, waits here, where a restart cannot reach.
 *
 * <p>It costs one message to self per turn, so it is used only when faults are injected ({@link Faults}): a model
 * actor restarts on nothing else.
 */
final class Inbox<C> extends BehaviorInterceptor<Object, C> {
    /** The actor's turn is written: the next message may go in. */
    enum Ready { READY }

    private final ArrayDeque<C> waiting = new ArrayDeque<>();
    private boolean busy;

    private Inbox() {
        super(Object.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <C> Behavior<C> around(Behavior<C> behavior) {
        return (Behavior<C>) (Behavior) Behaviors.intercept(Inbox<C>::new, behavior);
    }

    /** Called by the actor when its turn has been written (before a crash, if one is injected after the turn). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void ready(ActorRef<?> self) {
        ((ActorRef<Object>) (ActorRef) self).tell(Ready.READY);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Behavior<C> aroundReceive(TypedActorContext<Object> ctx, Object msg, ReceiveTarget<C> target) {
        if (msg == Ready.READY) {
            C next = waiting.poll();
            if (next == null) {
                busy = false;
                return Behaviors.same();
            }
            return target.apply(ctx, next);
        }
        if (!(msg instanceof Msg)) { // Pekko's own: the journal's answers, recovery permits — never held
            return target.apply(ctx, (C) msg);
        }
        if (busy) {
            waiting.add((C) msg);
            return Behaviors.same();
        }
        busy = true;
        return target.apply(ctx, (C) msg);
    }
}
