package pmapsim.cluster.campaign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import pmapsim.actors.run.Cbor;

/**
 * The coordinator of distributed stress campaigns, a Cluster Singleton. Each campaign is an event-sourced child
 * (persistence id {@code pmapsim-campaign|ID}): its settings, and every run counted, are events; which worker holds
 * which run is not (it is rebuilt by asking). Workers pull: an idle worker asks for work ({@link GiveWork}) and gets
 * the next run nobody holds and nobody has counted, or {@link NoWork}. A result is counted once — a run that two
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

    public sealed interface Command extends Cbor permits Submit, Status, GiveWork, RunResult, RunFailed, WorkerGone {
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
                    if (active.isEmpty()) {
                        m.worker().tell(new NoWork());
                    } else { // campaigns take turns; one without pending runs answers NoWork
                        String id = active.get(next[0]++ % active.size());
                        child(ctx, plugin, active, id).tell(m);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    @SuppressWarnings("unchecked")
    private static ActorRef<Command> child(ActorContext<Command> ctx, String plugin, List<String> active, String id) {
        String name = java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
        ActorRef<Command> c = (ActorRef<Command>) (ActorRef<?>) ctx.getChild(name).orElse(null);
        if (c == null) {
            c = ctx.spawn(Behaviors.setup(cctx -> new CampaignActor(cctx, id, plugin)), name);
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

    static final class CampaignActor extends EventSourcedBehavior<Command, Object, State> {
        private final ActorContext<Command> ctx;
        private final String id;
        private final String plugin;
        /** run key -> the worker running it (not persisted) */
        private final Map<String, ActorRef<Assignment>> held = new LinkedHashMap<>();
        private final Map<ActorRef<Assignment>, String> byWorker = new HashMap<>();

        CampaignActor(ActorContext<Command> ctx, String id, String plugin) {
            super(PersistenceId.ofUniqueId("pmapsim-campaign|" + id));
            this.ctx = ctx;
            this.id = id;
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
        public CommandHandler<Command, Object, State> commandHandler() {
            return newCommandHandlerBuilder().forAnyState()
                    .onCommand(Submit.class, (s, m) -> s.settings != null
                            ? Effect().reply(m.replyTo(), progress(s))
                            : Effect().persist(new Submitted(m.source(), m.policies(), m.strategy(), m.firstSeed(),
                                    m.runs())).thenReply(m.replyTo(), this::progress))
                    .onCommand(Status.class, (s, m) -> Effect().reply(m.replyTo(), progress(s)))
                    .onCommand(GiveWork.class, this::giveWork)
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

        private Effect<Object, State> giveWork(State s, GiveWork m) {
            release(m.worker());
            if (s.settings == null || s.failure != null) {
                return Effect().none().thenRun(x -> m.worker().tell(new NoWork()));
            }
            for (int p = 0; p < s.settings.policies().size(); p++) {
                for (int i = 0; i < s.settings.runs(); i++) {
                    long seed = s.settings.firstSeed() + i;
                    String k = key(p, seed);
                    if (!s.counted.containsKey(k) && !held.containsKey(k)) {
                        held.put(k, m.worker());
                        byWorker.put(m.worker(), k);
                        ctx.watchWith(m.worker(), new WorkerGone(m.worker()));
                        PolicyScenario ps = s.settings.policies().get(p);
                        Work w = new Work(id, ps.policy(), seed, ps.scenarioText(), s.settings.source(),
                                s.settings.strategy());
                        return Effect().none().thenRun(x -> m.worker().tell(w));
                    }
                }
            }
            return Effect().none().thenRun(x -> m.worker().tell(new NoWork()));
        }

        private Effect<Object, State> result(State s, RunResult m) {
            if (s.settings == null) {
                return Effect().none();
            }
            int p = policyIndex(s, m.result().policy());
            String k = key(p, m.result().seed());
            if (held.get(k) != null && held.get(k).equals(m.worker())) {
                held.remove(k);
                byWorker.remove(m.worker());
            }
            if (p < 0 || s.counted.containsKey(k)) {
                return Effect().none(); // a second answer for a run already counted
            }
            return Effect().persist(new Counted(m.result()));
        }

        private void release(ActorRef<Assignment> worker) {
            String k = byWorker.remove(worker);
            if (k != null) {
                held.remove(k);
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
