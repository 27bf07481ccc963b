package pmapsim.cluster.nfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.run.Cbor;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.UnpublishedEventSourcedBehavior;
import pmapsim.cluster.ClusterScenario;

/**
 * The NFS server a cluster's machines share: one Cluster Singleton ({@link #SINGLETON}) that keeps, per cluster run,
 * an event-sourced server (persistence id {@code RUN|nfs-server}, the same journal as the machines, so a replay
 * reads it with them).
 *
 * <p>Service: a fixed cost per RPC plus the bytes over the link. Machines' simulated clocks are not synchronised
 * (each machine runs as fast as its actors go), so the server books each request into its calendar of simulated
 * time: the first free interval at or after the request's arrival long enough for its service (first fit). A
 * request is in the server from its arrival to the end of its service. It is accepted only if the server never holds
 * more than its queue's size at any moment of that stay, counting the requests booked before it; otherwise it is
 * dropped and its client retransmits after its timeout. So the limit holds at every simulated moment. What the
 * unsynchronised clocks leave approximate is the order: of two requests that compete for the last place, the one
 * booked first (in real time) gets it, even if the other arrived earlier in simulated time.
 */
public final class NfsService {
    private NfsService() {
    }

    public static final String SINGLETON = "nfs-server";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NfsService.class);

    public sealed interface Command extends Cbor permits Open, Serve, Close {
        String runId();
    }

    /** A cluster run begins: its server's rates. Answered once the server has recorded them. */
    public record Open(String runId, ClusterScenario.ServerSpec spec, ActorRef<Opened> replyTo) implements Command {
    }

    public record Opened(String runId) implements Cbor {
    }

    /** A machine's mount forwards a request that arrives at {@code arrival} (the machine's simulated time). */
    public record Serve(String runId, String machine, long xid, boolean write, long bytes, int attempt, long arrival,
                        ActorRef<NfsServer.Command> replyTo) implements Command {
    }

    /** The run is over: the server's report. */
    public record Close(String runId, ActorRef<ServerReport> replyTo) implements Command {
    }

    /** The server's events. */
    public record ServerOpened(long rpcMicros, long bytesPerSecond, int queue) implements ModelEvent {
    }

    public record Served(String machine, long xid, boolean write, long bytes, int attempt, int queueDepth,
                         long arrival, long start, long done) implements ModelEvent {
    }

    public record Dropped(String machine, long xid, int attempt, int queueDepth, long arrival) implements ModelEvent {
    }

    /** The singleton: routes each run's messages to that run's server, started on first use (recovering). */
    public static Behavior<Command> create(String journalPluginId) {
        return Behaviors.setup(ctx -> Behaviors.receive(Command.class).onAnyMessage(m -> {
            String name = "run-" + java.net.URLEncoder.encode(m.runId(), java.nio.charset.StandardCharsets.UTF_8);
            @SuppressWarnings("unchecked")
            ActorRef<Command> child = (ActorRef<Command>) (ActorRef<?>) ctx.getChild(name).orElse(null);
            if (child == null) {
                child = ctx.spawn(new RunServer(m.runId(), journalPluginId), name);
            }
            child.tell(m);
            return Behaviors.same();
        }).build());
    }

    /**
     * A server for a lab run machine after machine in one JVM: it books into {@code calendar}, which the lab's
     * machines share (see {@link CalendarServer}).
     */
    public static Behavior<Command> calendarServer(State calendar) {
        return CalendarServer.create(calendar);
    }

    /** State of one run's server: its calendar of simulated time, and its report folded so far. */
    public static final class State {
        /** A server open with {@code spec}, nothing booked yet. */
        public static State opened(ClusterScenario.ServerSpec spec) {
            State s = new State();
            s.spec = spec;
            return s;
        }

        /** The server's report so far. */
        public ServerReport report(String runId) {
            return fold.report(runId, describe(spec));
        }

        ClusterScenario.ServerSpec spec;
        long events;
        long sent;
        /** booked service intervals, start -> end, merged */
        final TreeMap<Long, Long> busy = new TreeMap<>();
        /** accepted requests not known to be done: done -> arrivals */
        final TreeMap<Long, List<Long>> inSystem = new TreeMap<>();
        final ServerFold fold = new ServerFold();

        /**
         * What the server does with a request arriving at {@code arrival}: {@link Served} in the first free interval
         * of its calendar, or {@link Dropped} when the server would hold more than its queue at some moment of the
         * request's stay. Decides only: the event, once persisted, is applied by {@link #served}.
         */
        ModelEvent take(String machine, long xid, boolean write, long bytes, int attempt, long arrival) {
            long service = spec.serviceMicros(bytes);
            long start = firstFit(arrival, service);
            Stay stay = stay(arrival, start + service);
            if (stay.peak() >= spec.queue()) {
                return new Dropped(machine, xid, attempt, stay.peak(), arrival);
            }
            return new Served(machine, xid, write, bytes, attempt, stay.depth(), arrival, start, start + service);
        }

        /** A request served: its service booked in the calendar, and it is in the server until it is done. */
        void served(Served sv) {
            book(sv.start(), sv.done());
            inSystem.computeIfAbsent(sv.done(), k -> new ArrayList<>()).add(sv.arrival());
        }

        /**
         * The accepted requests a request arriving at {@code from} and done at {@code to} would share the server
         * with: {@code depth}, those there when it arrives; {@code peak}, the most there at once during its stay.
         */
        private record Stay(int depth, int peak) {
        }

        private Stay stay(long from, long to) {
            List<Long> starts = new ArrayList<>();
            List<Long> ends = new ArrayList<>();
            int depth = 0;
            for (Map.Entry<Long, List<Long>> e : inSystem.tailMap(from, false).entrySet()) { // not done at from
                for (long a : e.getValue()) {
                    if (a <= from) {
                        depth++;
                    }
                    if (a < to) {
                        starts.add(Math.max(a, from));
                        ends.add(e.getKey());
                    }
                }
            }
            return new Stay(depth, ServerFold.peak(starts, ends));
        }

        long firstFit(long arrival, long service) {
            long t = arrival;
            Map.Entry<Long, Long> e = busy.floorEntry(t);
            if (e != null && e.getValue() > t) {
                t = e.getValue();
            }
            while (true) {
                Map.Entry<Long, Long> next = busy.ceilingEntry(t);
                if (next == null || next.getKey() >= t + service) {
                    return t;
                }
                t = next.getValue();
            }
        }

        void book(long start, long end) {
            long s = start;
            long en = end;
            Map.Entry<Long, Long> before = busy.floorEntry(s);
            if (before != null && before.getValue() >= s) {
                s = before.getKey();
                en = Math.max(en, before.getValue());
                busy.remove(before.getKey());
            }
            Map.Entry<Long, Long> after = busy.ceilingEntry(s);
            while (after != null && after.getKey() <= en) {
                en = Math.max(en, after.getValue());
                busy.remove(after.getKey());
                after = busy.ceilingEntry(s);
            }
            busy.put(s, en);
        }
    }

    static final class RunServer extends UnpublishedEventSourcedBehavior<Command, Journaled, State> {
        private final String runId;
        private final String plugin;

        RunServer(String runId, String plugin) {
            super(PersistenceId.ofUniqueId(runId + "|" + SINGLETON));
            this.runId = runId;
            this.plugin = plugin;
        }

        @Override
        public String journalPluginId() {
            return plugin;
        }

        @Override
        public State emptyState() {
            return new State();
        }

        @Override
        public CommandHandler<Command, Journaled, State> commandHandler() {
            return newCommandHandlerBuilder().forAnyState()
                    .onCommand(Open.class, (s, o) -> s.spec != null
                            ? Effect().reply(o.replyTo(), new Opened(runId))
                            : Effect().persist(record(s, "open", 0, 0, new ServerOpened(o.spec().rpcMicros(),
                                    o.spec().bytesPerSecond(), o.spec().queue())))
                                    .thenReply(o.replyTo(), x -> new Opened(runId)))
                    .onCommand(Serve.class, this::serve)
                    .onCommand(Close.class, (s, c) -> Effect().reply(c.replyTo(), s.fold.report(runId,
                            s.spec == null ? "(never opened)" : describe(s.spec))))
                    .build();
        }

        private Effect<Journaled, State> serve(State s, Serve r) {
            if (s.spec == null) { // a request before Open (a bug): dropped, and the log says so
                LOG.warn("NFS request for run {} that was never opened", runId);
                return Effect().none().thenRun(x -> r.replyTo().tell(new NfsServer.QueueFull(
                        new Meta(SINGLETON, ++s.sent, -1, r.arrival()), r.xid(), r.attempt(), 0)));
            }
            Meta meta = new Meta(SINGLETON, s.sent + 1, -1, r.arrival());
            ModelEvent e = s.take(r.machine(), r.xid(), r.write(), r.bytes(), r.attempt(), r.arrival());
            if (e instanceof Dropped d) {
                return Effect().persist(record(s, r.machine() + "#" + r.xid(), r.arrival(), r.arrival(), d))
                        .thenRun(x -> r.replyTo().tell(new NfsServer.QueueFull(meta, r.xid(), r.attempt(),
                                d.queueDepth())));
            }
            Served sv = (Served) e;
            return Effect().persist(record(s, r.machine() + "#" + r.xid(), r.arrival(), sv.start(), sv))
                    .thenRun(x -> r.replyTo().tell(new NfsServer.Scheduled(meta, r.xid(), r.attempt(),
                            sv.queueDepth(), sv.start(), sv.done())));
        }

        private Journaled record(State s, String msg, long sentAt, long time, ModelEvent body) {
            boolean answers = !(body instanceof ServerOpened);
            return new Journaled(runId, s.events, SINGLETON, msg, sentAt, -1, time, time, s.sent + (answers ? 1 : 0),
                    body);
        }

        @Override
        public EventHandler<State, Journaled> eventHandler() {
            return newEventHandlerBuilder().forAnyState().onAnyEvent((s, j) -> {
                s.events++;
                s.sent = j.sent();
                ModelEvent b = j.body();
                if (b instanceof ServerOpened o) {
                    s.spec = new ClusterScenario.ServerSpec(o.rpcMicros(), o.bytesPerSecond(), o.queue());
                } else if (b instanceof Served sv) {
                    s.served(sv);
                }
                s.fold.accept(b);
                return s;
            });
        }
    }

    public static String describe(ClusterScenario.ServerSpec spec) {
        return String.format("%.1f ms per RPC, %s/s, queue of %d", spec.rpcMicros() / 1e3,
                pmapsim.model.scenario.Sizes.format(spec.bytesPerSecond()), spec.queue());
    }
}
