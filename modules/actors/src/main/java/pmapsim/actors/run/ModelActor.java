package pmapsim.actors.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The base of every model actor: an {@link EventSourcedBehavior} whose state is the fold of its events. It keeps the
 * actor's simulated clock (the max of its own time and the stamps of the messages it takes, plus the cost of its own
 * work), stamps outgoing messages with their id and cause, and records events.
 *
 * <p>One message is one turn. A subclass {@link #handle handles} it: decides, {@link #emit emits} events and sends
 * messages. Each event is applied as it is emitted, so the rest of the turn sees the state it made; at the end of
 * the turn the events are persisted together, in one atomic write, and the actor takes its next message only once
 * the journal has them. A turn that emits nothing persists a {@link Journaled.Took} marker, so the journal holds the
 * actor's full delivery order, which is what {@link Reproduction} replays. When an actor restarts, it recovers by
 * folding its records again: {@link #apply} is the only place state changes.
 *
 * <p>Persistence id: {@code RUN|ACTOR}.
 */
public abstract class ModelActor<C extends Msg> extends UnpublishedEventSourcedBehavior<C, Journaled, ModelActor<C>> {
    protected final RunContext run;
    protected final String name;
    private final ActorContext<C> context;
    private final Reproduction.Deliveries deliveries;
    /** Whether an {@link Inbox} feeds this actor: it must be told when each turn is written. */
    private final boolean inbox;
    private long sendSeq;
    private long clock;
    private long cause = -1;
    private String msgId = "boot";
    private long msgTime;
    private long turns;
    private final List<Journaled> turn = new ArrayList<>();
    /** Events of the turn just persisted, already applied when emitted: the event handler skips them. */
    private int applied;

    protected ModelActor(ActorContext<C> context, RunContext run, String name) {
        super(PersistenceId.ofUniqueId(run.runId() + "|" + name));
        this.context = context;
        this.run = run;
        this.name = name;
        Reproduction r = run.journaling().reproduce();
        this.deliveries = r == null ? null : r.of(name);
        this.inbox = run.journaling().faults() != Faults.NONE;
    }

    /**
     * The behaviour to spawn for a model actor: restarted by its supervisor after an injected crash (it recovers from
     * its journal), and, in a reproduction, held to its recorded order of messages.
     */
    protected static <C extends Msg> Behavior<C> behavior(RunContext run, String name,
                                                          Function<ActorContext<C>, ModelActor<C>> factory) {
        Behavior<C> b = Behaviors.<C>setup(factory::apply);
        if (run.journaling().faults() != Faults.NONE) {
            // only an injected crash restarts a model actor (nothing else throws InjectedCrash), so without faults the
            // restart supervisor is left out: it is one more interceptor that every message and every change of
            // behaviour of the event-sourced actor passes through (issue 8: a few percent of a turn)
            b = Behaviors.supervise(b)
                    // the scheduler's children, the pmaps, live on through its restart
                    .onFailure(Faults.InjectedCrash.class, SupervisorStrategy.restart().withStopChildren(false));
        }
        // a journal that fails stops the actor through the event-sourced behaviour's own stop supervisor (which logs
        // a line that the CLI drops: PersistFailureEchoFilter), and the machine ends the run saying why
        if (run.journaling().faults() != Faults.NONE) {
            b = Inbox.around(b); // a restart would lose the messages Pekko stashes during a write: keep them here
        }
        Reproduction r = run.journaling().reproduce();
        return r == null ? b : r.hold(name, run.log(), b);
    }

    @Override
    public String journalPluginId() {
        return run.journaling().pluginId();
    }

    /** A recovery that fails ends the run, saying why; the actor then stops (a pmap has no parent watching it). */
    @Override
    public org.apache.pekko.persistence.typed.javadsl.SignalHandler<ModelActor<C>> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(org.apache.pekko.persistence.typed.RecoveryFailed.class,
                        (state, failed) -> run.log().journalFailed(name, failed.getFailure()))
                .build();
    }

    @Override
    public ModelActor<C> emptyState() {
        return this;
    }

    /**
     * Every command in every state goes to {@link #receive}: a plain lambda, not Pekko's handler builders, whose
     * matching of state and command classes was 5 % of the model threads' samples in a JFR profile of the live seed
     * run (issue 8).
     */
    @Override
    public CommandHandler<C, Journaled, ModelActor<C>> commandHandler() {
        return (state, m) -> receive(m);
    }

    @Override
    public EventHandler<ModelActor<C>, Journaled> eventHandler() {
        return (state, j) -> {
            if (applied > 0) {
                applied--; // applied when it was emitted
            } else { // recovery
                clock = j.clock();
                sendSeq = j.sent();
                if (!j.marker()) {
                    apply(j.body());
                }
            }
            return state;
        };
    }

    private Effect<Journaled, ModelActor<C>> receive(C m) {
        int persisted = 0;
        run.journaling().progress().turnBegins();
        try {
            if (run.log().gated()) {
                return written(Effect().none());
            }
            Meta meta = m.meta();
            clock = Math.max(clock, meta.time());
            cause = meta.cause();
            msgId = meta.id();
            msgTime = meta.time();
            turn.clear();
            handle(m);
            turns++;
            if (deliveries != null) {
                deliveries.took();
                String next = deliveries.nextTurn();
                if (next != null && next.startsWith("clock:" + name + "#")) {
                    run.log().fire(name, next, run.journaling().reproduce().tickTime(next));
                }
            }
            if (turn.isEmpty()) {
                turn.add(new Journaled(run.runId(), -1, name, msgId, msgTime, cause, clock, 0, 0, new Journaled.Took()));
            }
            List<Journaled> records = new ArrayList<>(turn.size());
            for (Journaled j : turn) {
                records.add(new Journaled(j.run(), j.stamp(), j.actor(), j.msg(), j.sentAt(), j.cause(), j.time(), clock, sendSeq,
                        j.body()));
            }
            applied = records.size();
            persisted = records.size();
            if (run.journaling().tap() != null) {
                records.forEach(run.journaling().tap());
            }
            if (deliveries != null) {
                run.journaling().reproduce().turnTaken();
            }
            // one record (most turns) goes as a single event: the same one atomic write of one record to the journal,
            // the same answers, without converting a list for Pekko's persistAll
            EffectBuilder<Journaled, ModelActor<C>> persist = records.size() == 1 ? Effect().persist(records.get(0))
                    : Effect().persist(records);
            if (run.journaling().faults().due(name, turns)) {
                return written(persist).thenRun(s -> {
                    throw new Faults.InjectedCrash(name);
                });
            }
            return written(persist);
        } catch (RuntimeException e) {
            context.getLog().error("model error in {} handling {}", name, m, e);
            run.log().crash(name, e);
            return written(Effect().none());
        } finally {
            run.journaling().progress().turnEnds(persisted);
            run.log().handled();
        }
    }

    /** With an {@link Inbox}, the turn's end tells it that the next message may come. */
    private EffectBuilder<Journaled, ModelActor<C>> written(EffectBuilder<Journaled, ModelActor<C>> effect) {
        return inbox ? effect.thenRun(s -> Inbox.ready(context.getSelf())) : effect;
    }

    /** Handles one message: decide, {@link #emit} events, send messages. */
    protected abstract void handle(C m);

    /** Applies one of this actor's events to its state. The only place state changes. */
    protected abstract void apply(ModelEvent e);

    protected final ActorContext<C> getContext() {
        return context;
    }

    /** Records an event, applies it, and makes it the cause of what this turn sends next. */
    protected final long emit(ModelEvent e) {
        long seq = run.log().append(name, msgId, cause, clock, e);
        turn.add(new Journaled(run.runId(), seq, name, msgId, msgTime, cause, clock, 0, 0, e));
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
