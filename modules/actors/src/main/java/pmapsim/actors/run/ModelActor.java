package pmapsim.actors.run;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The base of every model actor. It keeps the actor's simulated clock (the max of its own time and the stamps of the
 * messages it takes, plus the cost of its own work), stamps outgoing messages with their id and cause, and records
 * events. A subclass changes its state only in {@link #apply}, from events: its state is the fold of its events,
 * which is what lets a run be replayed from its journal.
 */
public abstract class ModelActor<C extends Msg> extends AbstractBehavior<C> {
    protected final RunContext run;
    protected final String name;
    private long sendSeq;
    private long clock;
    private long cause = -1;
    private String msgId = "boot";

    protected ModelActor(ActorContext<C> context, RunContext run, String name) {
        super(context);
        this.run = run;
        this.name = name;
    }

    @Override
    public final Receive<C> createReceive() {
        return newReceiveBuilder().onAnyMessage(this::receive).build();
    }

    private Behavior<C> receive(C m) {
        try {
            if (!run.log().ended()) {
                Meta meta = m.meta();
                clock = Math.max(clock, meta.time());
                cause = meta.cause();
                msgId = meta.id();
                handle(m);
            }
        } catch (RuntimeException e) {
            getContext().getLog().error("model error in {} handling {}", name, m, e);
            run.log().crash(name, e);
        } finally {
            run.log().handled();
        }
        return this;
    }

    /** Handles one message: decide, {@link #emit} events, send messages. */
    protected abstract void handle(C m);

    /** Applies one of this actor's events to its state. The only place state changes. */
    protected abstract void apply(ModelEvent e);

    /** Records an event, applies it, and makes it the cause of what this turn sends next. */
    protected final long emit(ModelEvent e) {
        long seq = run.log().append(name, msgId, cause, clock, e);
        cause = seq;
        apply(e);
        return seq;
    }

    /** The metadata of a message about to be sent; call it only inside the {@code tell}. */
    protected final Meta meta() {
        run.log().sent();
        return new Meta(name, ++sendSeq, cause, clock);
    }

    /** The metadata of a message that arrives at {@code delay} microseconds after now (a reply's service time). */
    protected final Meta metaAt(long delay) {
        run.log().sent();
        return new Meta(name, ++sendSeq, cause, clock + delay);
    }

    /** The actor's own work costs simulated time. */
    protected final void spend(long micros) {
        clock += micros;
    }

    protected final long now() {
        return clock;
    }

    /** The id of the message being handled. */
    protected final String handling() {
        return msgId;
    }
}
