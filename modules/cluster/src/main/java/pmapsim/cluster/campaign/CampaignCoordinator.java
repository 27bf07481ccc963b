package pmapsim.cluster.campaign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import pmapsim.actors.run.Cbor;
import pmapsim.actors.run.UnpublishedEventSourcedBehavior;

/**
 * The coordinator of distributed stress campaigns, a Cluster Singleton. Each campaign is an event-sourced child
 * (persistence id {@code pmapsim-campaign|ID}): its settings, and every run counted, are events; which worker holds
 * which run is not (it is rebuilt by asking). Workers pull: an idle worker asks for work ({@link GiveWork}) and gets
 * the next run nobody holds and nobody has counted, from whichever campaign has one (they take turns), or
 * {@link NoWork} when none has. A result is counted once — a run that two
 * workers ran (one presumed dead, or the coordinator moved) counts the first answer. A worker whose node leaves
 * the cluster gives its run back. When the singleton moves to another node, a campaign restarts from its journal
 * on the first message that names it (the submitting client asks for progress twice a second). A run that throws
 * on its worker ({@link RunFailed}) ends the campaign: the failure is an event, no run is handed out after it, and
 * the submitting client reports it (a single-JVM {@code stress} stops at such a run too).
 */
public final class CampaignCoordinator {
    private CampaignCoordinator() {
    }

    public static final String SINGLETON = "campaign-coordinator";

    public sealed interface Command extends Cbor permits Submit, Status, GiveWork, RunResult, RunFailed, WorkerGone,
            Offer, Declined {
    }

    /** One policy of a campaign: its name and the scenario (resolved text) its runs use, seed aside. */
    public record PolicyScenario(String policy, String scenarioText) implements Cbor {
    }

    /** Starts a campaign (idempotent: submitting it again only answers). */
    public record Submit(String campaignId, String source, List<PolicyScenario> policies, String strategy,
                         long firstSeed, int runs, ActorRef<Progress> replyTo) implements Command {
    }

    /** How far a campaign is; with every result once it is finished. */
    public record Status(String campaignId, ActorRef<Progress> replyTo) implements Command {
    }

    /** An idle worker asks for a run; any run it held before is given back. */
    public record GiveWork(ActorRef<Assignment> worker, String node) implements Command {
    }

    /** What a worker ran. */
    public record RunResult(String campaignId, Result result, ActorRef<Assignment> worker) implements Command {
    }

    /** A run threw on its worker instead of ending with an outcome: the campaign stops there. */
    public record RunFailed(String campaignId, String policy, long seed, String node, String error,
                            ActorRef<Assignment> worker) implements Command {
    }

    /** A worker stopped (its node left the cluster): its run goes back to the pending ones. Local. */
    public record WorkerGone(ActorRef<Assignment> worker) implements Command {
    }

    /**
     * The router offers a worker's ask to one campaign; {@code tried} names the campaigns that had nothing to give it
     * this time, and {@code start} is where this ask's turn began among the active campaigns. Local.
     */
    public record Offer(GiveWork ask, int start, List<String> tried) implements Command {
    }

    /**
     * A campaign had no run to give (all counted or held, or it ended): the router offers the ask to the next one.
     * {@code ended}: every run is counted, or one failed, or it was never submitted; it is no longer offered asks.
     * Local.
     */
    public record Declined(String campaignId, Offer offer, boolean ended) implements Command {
    }

    public sealed interface Assignment extends Cbor permits Work, NoWork {
    }

    public record Work(String campaignId, String policy, long seed, String scenarioText, String source,
                       String strategy) implements Assignment {
    }

    public record NoWork() implements Assignment {
    }

    /** One run's result: its class, story and events, and the node that ran it. */
    public record Result(String policy, long seed, String outcome, String story, long events, String node)
            implements Cbor {
    }

    /**
     * {@code known}: false when no campaign has that id. {@code failure}: the first run that threw (then
     * {@code finished} is true and the results are those counted before it), or null.
     */
    public record Progress(String campaignId, boolean known, long counted, long total, boolean finished,
                           List<Result> results, Failed failure) implements Cbor {
    }

    /** The router: one child per campaign, started (recovering) on first use. */
    public static Behavior<Command> create(String journalPluginId) {
        return Behaviors.setup(ctx -> router(ctx, journalPluginId, new ArrayList<>(), new int[1]));
    }

    private static Behavior<Command> router(ActorContext<Command> ctx, String plugin, List<String> active,
                                            int[] next) {
        return Behaviors.receive(Command.class)
                .onMessage(Submit.class, m -> {
                    child(ctx, plugin, active, m.campaignId()).tell(m);
                    if (!active.contains(m.campaignId())) { // declined as never submitted before this Submit came
                        active.add(m.campaignId());
                    }
                    return Behaviors.same();
                })
                .onMessage(Status.class, m -> {
                    child(ctx, plugin, active, m.campaignId()).tell(m);
                    return Behaviors.same();
                })
                .onMessage(RunResult.class, m -> {
                    child(ctx, plugin, active, m.campaignId()).tell(m);
                    return Behaviors.same();
                })
                .onMessage(RunFailed.class, m -> {
                    child(ctx, plugin, active, m.campaignId()).tell(m);
                    return Behaviors.same();
                })
                .onMessage(GiveWork.class, m -> {
                    // campaigns take turns; one without a pending run declines, and the next is offered the ask
                    offer(ctx, plugin, active, new Offer(m, next[0]++, List.of()));
                    return Behaviors.same();
                })
                .onMessage(Declined.class, d -> {
                    if (d.ended()) { // a campaign that ended is not asked again (it still answers Status)
                        active.remove(d.campaignId());
                    }
                    List<String> tried = new ArrayList<>(d.offer().tried());
                    tried.add(d.campaignId());
                    offer(ctx, plugin, active, new Offer(d.offer().ask(), d.offer().start(), List.copyOf(tried)));
                    return Behaviors.same();
                })
                .build();
    }

    /**
     * Offers an ask to the first active campaign, in turn from the ask's start, that has not declined it; NoWork when
     * every one has. (Before, a campaign without a pending run answered NoWork itself: with a finished campaign still
     * taking turns, every other ask came back empty and the worker idled before asking again.)
     */
    private static void offer(ActorContext<Command> ctx, String plugin, List<String> active, Offer o) {
        for (int k = 0; k < active.size(); k++) {
            String id = active.get(Math.floorMod(o.start() + k, active.size()));
            if (!o.tried().contains(id)) {
                child(ctx, plugin, active, id).tell(o);
                return;
            }
        }
        o.ask().worker().tell(new NoWork());
    }

    @SuppressWarnings("unchecked")
    private static ActorRef<Command> child(ActorContext<Command> ctx, String plugin, List<String> active, String id) {
        String name = java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
        ActorRef<Command> c = (ActorRef<Command>) (ActorRef<?>) ctx.getChild(name).orElse(null);
        if (c == null) {
            ActorRef<Command> router = ctx.getSelf();
            c = ctx.spawn(Behaviors.setup(cctx -> new CampaignActor(cctx, id, plugin, router)), name);
            active.add(id);
        }
        return c;
    }

    /** The events of one campaign. */
    public record Submitted(String source, List<PolicyScenario> policies, String strategy, long firstSeed, int runs)
            implements Cbor {
    }

    public record Counted(Result result) implements Cbor {
    }

    /** The run that threw, where, and what it threw. */
    public record Failed(String policy, long seed, String node, String error) implements Cbor {
    }

    /** A campaign's state: its settings and the runs counted, by (policy index, seed). */
    static final class State {
        Submitted settings;
        final TreeMap<String, Result> counted = new TreeMap<>();
        Failed failure;

        long total() {
            return settings == null ? 0 : (long) settings.policies().size() * settings.runs();
        }
    }

    static String key(int policy, long seed) {
        return String.format("%03d|%020d", policy, seed);
    }

    static final class CampaignActor extends UnpublishedEventSourcedBehavior<Command, Object, State> {
        private final ActorContext<Command> ctx;
        private final String id;
        private final String plugin;
        private final ActorRef<Command> router;
        /** run -> the worker running it (not persisted) */
        private final Map<Run, ActorRef<Assignment>> held = new HashMap<>();
        private final Map<ActorRef<Assignment>, Run> byWorker = new HashMap<>();
        /** Runs handed out and given back uncounted (their worker asked again or left): handed out first, lowest first. */
        private final TreeSet<Run> returned = new TreeSet<>();
        /**
         * The next run, in (policy, seed) order, that this incarnation has not yet handed out: every run before it is
         * counted, held or returned. So an ask costs the same at the campaign's last run as at its first (it used to
         * look at every run from the first one on: quadratic in the campaign's length).
         */
        private int nextPolicy;
        private int nextRun;

        CampaignActor(ActorContext<Command> ctx, String id, String plugin, ActorRef<Command> router) {
            super(PersistenceId.ofUniqueId("pmapsim-campaign|" + id));
            this.ctx = ctx;
            this.id = id;
            this.plugin = plugin;
            this.router = router;
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
        public CommandHandler<Command, Object, State> commandHandler() {
            return newCommandHandlerBuilder().forAnyState()
                    .onCommand(Submit.class, (s, m) -> s.settings != null
                            ? Effect().reply(m.replyTo(), progress(s))
                            : Effect().persist(new Submitted(m.source(), m.policies(), m.strategy(), m.firstSeed(),
                                    m.runs())).thenReply(m.replyTo(), this::progress))
                    .onCommand(Status.class, (s, m) -> Effect().reply(m.replyTo(), progress(s)))
                    .onCommand(Offer.class, this::giveWork)
                    .onCommand(RunResult.class, this::result)
                    .onCommand(RunFailed.class, (s, m) -> {
                        release(m.worker());
                        return s.settings == null || s.failure != null ? Effect().none()
                                : Effect().persist(new Failed(m.policy(), m.seed(), m.node(), m.error()));
                    })
                    .onCommand(WorkerGone.class, (s, m) -> {
                        release(m.worker());
                        return Effect().none();
                    })
                    .build();
        }

        /** A run of the campaign: the index of its policy and its seed; ordered as the runs are handed out. */
        private record Run(int policy, long seed) implements Comparable<Run> {
            @Override
            public int compareTo(Run o) {
                int c = Integer.compare(policy, o.policy);
                return c != 0 ? c : Long.compare(seed, o.seed);
            }
        }

        /** Hands the asking worker the lowest run nobody holds and nobody has counted, or declines the offer. */
        private Effect<Object, State> giveWork(State s, Offer o) {
            GiveWork m = o.ask();
            release(m.worker());
            if (s.settings == null || s.failure != null) {
                return Effect().none().thenRun(x -> router.tell(new Declined(id, o, true)));
            }
            while (!returned.isEmpty()) {
                Run r = returned.pollFirst();
                if (free(s, r)) {
                    return hand(s, m, r);
                }
            }
            while (nextPolicy < s.settings.policies().size()) {
                Run r = new Run(nextPolicy, s.settings.firstSeed() + nextRun);
                if (++nextRun == s.settings.runs()) {
                    nextRun = 0;
                    nextPolicy++;
                }
                if (free(s, r)) {
                    return hand(s, m, r);
                }
            }
            boolean ended = s.counted.size() == s.total();
            return Effect().none().thenRun(x -> router.tell(new Declined(id, o, ended)));
        }

        private boolean free(State s, Run r) {
            return !held.containsKey(r) && !s.counted.containsKey(key(r.policy(), r.seed()));
        }

        private Effect<Object, State> hand(State s, GiveWork m, Run r) {
            held.put(r, m.worker());
            byWorker.put(m.worker(), r);
            ctx.watchWith(m.worker(), new WorkerGone(m.worker()));
            PolicyScenario ps = s.settings.policies().get(r.policy());
            Work w = new Work(id, ps.policy(), r.seed(), ps.scenarioText(), s.settings.source(), s.settings.strategy());
            return Effect().none().thenRun(x -> m.worker().tell(w));
        }

        private Effect<Object, State> result(State s, RunResult m) {
            if (s.settings == null) {
                return Effect().none();
            }
            int p = policyIndex(s, m.result().policy());
            Run r = new Run(p, m.result().seed());
            if (m.worker().equals(held.get(r))) {
                held.remove(r);
                byWorker.remove(m.worker());
            }
            if (p < 0 || s.counted.containsKey(key(p, r.seed()))) {
                return Effect().none(); // a second answer for a run already counted
            }
            return Effect().persist(new Counted(m.result()));
        }

        /** The worker holds no run any more; one it held and did not answer goes back to be handed out again. */
        private void release(ActorRef<Assignment> worker) {
            Run r = byWorker.remove(worker);
            if (r != null) {
                held.remove(r);
                returned.add(r);
            }
        }

        private static int policyIndex(State s, String policy) {
            for (int p = 0; p < s.settings.policies().size(); p++) {
                if (s.settings.policies().get(p).policy().equals(policy)) {
                    return p;
                }
            }
            return -1;
        }

        private Progress progress(State s) {
            boolean finished = s.settings != null && (s.counted.size() == s.total() || s.failure != null);
            return new Progress(id, s.settings != null, s.counted.size(), s.total(), finished,
                    finished ? List.copyOf(s.counted.values()) : List.of(), s.failure);
        }

        @Override
        public EventHandler<State, Object> eventHandler() {
            return newEventHandlerBuilder().forAnyState()
                    .onEvent(Submitted.class, (s, e) -> {
                        s.settings = e;
                        return s;
                    })
                    .onEvent(Counted.class, (s, e) -> {
                        s.counted.put(key(policyIndex(s, e.result().policy()), e.result().seed()), e.result());
                        return s;
                    })
                    .onEvent(Failed.class, (s, e) -> {
                        s.failure = e;
                        return s;
                    })
                    .build();
        }
    }
}
