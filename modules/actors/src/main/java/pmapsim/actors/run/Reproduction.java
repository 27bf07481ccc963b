package pmapsim.actors.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Re-execution of a recorded run (Instant Replay, LeBlanc and Mellor-Crummey 1987): every actor takes its messages in
 * the order its journal recorded, whatever order they arrive in. A message that comes early is held until its turn;
 * one the recorded run never took (it came after the run's end) is dropped. The clock's ticks are inputs, not
 * messages between actors: an owner gets its next tick when its recorded order says so, stamped with the deadline it
 * has armed, which is what the live clock gave it.
 *
 * <p>The global order of turns may differ from the live run's: it does not matter, because an actor's events depend
 * only on its own order of messages. When every recorded turn has been taken, {@link #done()} completes; when
 * nothing can move while turns remain, it completes with who waits for what.
 */
public final class Reproduction {
    private final Map<String, Deliveries> actors = new TreeMap<>();
    private final AtomicLong remaining;
    private final long turns;
    private final CompletableFuture<String> done = new CompletableFuture<>();

    private final Map<String, Long> tickTimes;

    /**
     * @param logs      per actor, the ids of the messages it took, one per turn, in order
     * @param tickTimes the time each recorded clock tick carried, by id
     */
    public Reproduction(Map<String, List<String>> logs, Map<String, Long> tickTimes) {
        this.tickTimes = Map.copyOf(tickTimes);
        long n = 0;
        for (Map.Entry<String, List<String>> e : logs.entrySet()) {
            actors.put(e.getKey(), new Deliveries(e.getKey(), e.getValue()));
            n += e.getValue().size();
        }
        this.turns = n;
        this.remaining = new AtomicLong(n);
        if (n == 0) {
            done.complete(null);
        }
    }

    long tickTime(String id) {
        Long t = tickTimes.get(id);
        if (t == null) {
            throw new IllegalStateException("the record has no time for clock tick " + id);
        }
        return t;
    }

    public long turns() {
        return turns;
    }

    /** Completes with null when every recorded turn has been taken, or with what is stuck when none can be. */
    public CompletableFuture<String> done() {
        return done;
    }

    /** The actor's recorded order (empty for an actor that took nothing in the recorded run). */
    synchronized Deliveries of(String actor) {
        return actors.computeIfAbsent(actor, a -> new Deliveries(a, List.of()));
    }

    void turnTaken() {
        if (remaining.decrementAndGet() == 0) {
            done.complete(null);
        }
    }

    /** Nothing is in flight: either every turn was taken, or someone waits for a message nobody will send. */
    synchronized void idle() {
        if (remaining.get() > 0) {
            done.complete(stuck());
        }
    }

    private String stuck() {
        List<String> waits = new ArrayList<>();
        for (Deliveries d : actors.values()) {
            String w = d.waiting();
            if (w != null) {
                waits.add(w);
            }
        }
        return "reproduce is stuck with " + remaining.get() + " recorded turns left: " + String.join("; ", waits);
    }

    /** Wraps a model actor so that it takes messages in its recorded order. */
    public <C extends Msg> Behavior<C> hold(String actor, RunLog log, Behavior<C> behavior) {
        Deliveries d = of(actor);
        return Behaviors.intercept(() -> new InOrder<C>(d, log), behavior);
    }

    /** One actor's recorded order and what it holds. Touched by its own actor, and by {@link #idle()} when nothing moves. */
    static final class Deliveries {
        final String actor;
        final List<String> expected;
        final Set<String> pending;
        final Map<String, Msg> held = new TreeMap<>();
        int delivered;
        int taken;

        Deliveries(String actor, List<String> expected) {
            this.actor = actor;
            this.expected = expected;
            this.pending = new HashSet<>(expected);
        }

        /** The id of the message this actor's next turn takes, or null when its recorded turns are all taken. */
        synchronized String nextTurn() {
            return taken < expected.size() ? expected.get(taken) : null;
        }

        synchronized void took() {
            taken++;
        }

        synchronized String waiting() {
            if (delivered >= expected.size()) {
                return null;
            }
            return actor + " waits for " + expected.get(delivered) + (held.isEmpty() ? ", holds nothing"
                    : ", holds " + String.join(", ", held.keySet()));
        }
    }

    private static final class InOrder<C extends Msg> extends BehaviorInterceptor<C, C> {
        private final Deliveries d;
        private final RunLog log;

        @SuppressWarnings({"unchecked", "rawtypes"})
        InOrder(Deliveries d, RunLog log) {
            super((Class) Msg.class);
            this.d = d;
            this.log = log;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Behavior<C> aroundReceive(TypedActorContext<C> ctx, C msg, ReceiveTarget<C> target) {
            String id = msg.meta().id();
            Msg release = null;
            boolean deliver;
            synchronized (d) {
                deliver = d.delivered < d.expected.size() && d.expected.get(d.delivered).equals(id);
                if (deliver) {
                    d.delivered++;
                    d.pending.remove(id);
                    if (d.delivered < d.expected.size()) {
                        release = d.held.remove(d.expected.get(d.delivered));
                    }
                } else if (d.pending.contains(id)) {
                    d.held.put(id, msg);
                }
            }
            if (deliver) {
                if (release != null) { // the next one in order arrived early: it goes round again, behind this one
                    log.sent();
                    ctx.asJava().getSelf().tell((C) release);
                }
                return target.apply(ctx, msg);
            }
            log.handled(); // held (no longer moving) or dropped (the recorded run never took it)
            return Behaviors.same();
        }
    }
}
