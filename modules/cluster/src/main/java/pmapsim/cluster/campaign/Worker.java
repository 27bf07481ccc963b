package pmapsim.cluster.campaign;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import pmapsim.actors.run.Journaling;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.stress.Campaign;

/**
 * A node's stress worker: asks the {@link CampaignCoordinator} for a run, runs it in controlled mode on a thread of
 * its own (controlled runs use this JVM's controlled actor system, apart from the cluster's, on the controlled
 * dispatcher; this actor stays on Pekko's ordinary one), sends the result, and asks again. With nothing to do it asks again a moment later.
 */
public final class Worker {
    private Worker() {
    }

    public sealed interface Msg permits Assigned, Ran, Ask {
    }

    record Assigned(CampaignCoordinator.Assignment a) implements Msg {
    }

    record Ran(CampaignCoordinator.Work work, CampaignCoordinator.Result result, String error) implements Msg {
    }

    record Ask() implements Msg {
    }

    /** How long an idle worker waits before asking again; and how long it waits for any answer. */
    static final Duration IDLE = Duration.ofMillis(100);
    static final Duration ANSWER = Duration.ofSeconds(3);

    public static Behavior<Msg> create(ActorRef<CampaignCoordinator.Command> coordinator, String node) {
        return Behaviors.<Msg>setup(ctx -> Behaviors.withTimers(timers -> {
            ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pmapsim-stress-worker");
                t.setDaemon(true);
                return t;
            });
            ActorRef<CampaignCoordinator.Assignment> self = ctx.messageAdapter(CampaignCoordinator.Assignment.class,
                    Assigned::new);
            ctx.getSelf().tell(new Ask());
            return idle(ctx, timers, coordinator, node, runner, self);
        }));
    }

    private static Behavior<Msg> idle(ActorContext<Msg> ctx, TimerScheduler<Msg> timers,
                                      ActorRef<CampaignCoordinator.Command> coordinator, String node,
                                      ExecutorService runner, ActorRef<CampaignCoordinator.Assignment> self) {
        return Behaviors.receive(Msg.class)
                .onMessage(Ask.class, a -> {
                    coordinator.tell(new CampaignCoordinator.GiveWork(self, node));
                    timers.startSingleTimer("ask", new Ask(), ANSWER); // an answer lost on the way: ask again
                    return Behaviors.same();
                })
                .onMessage(Assigned.class, a -> {
                    timers.cancel("ask");
                    if (a.a() instanceof CampaignCoordinator.Work w) {
                        CompletableFuture<Ran> f = CompletableFuture.supplyAsync(() -> run(w, node), runner);
                        ctx.pipeToSelf(f, (r, e) -> r != null ? r : new Ran(w, null, String.valueOf(e)));
                        return running(ctx, timers, coordinator, node, runner, self);
                    }
                    timers.startSingleTimer("ask", new Ask(), IDLE);
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, s -> {
                    runner.shutdownNow();
                    return Behaviors.same();
                })
                .build();
    }

    private static Behavior<Msg> running(ActorContext<Msg> ctx, TimerScheduler<Msg> timers,
                                         ActorRef<CampaignCoordinator.Command> coordinator, String node,
                                         ExecutorService runner, ActorRef<CampaignCoordinator.Assignment> self) {
        return Behaviors.receive(Msg.class)
                .onMessage(Ran.class, r -> {
                    if (r.result() != null) {
                        coordinator.tell(new CampaignCoordinator.RunResult(r.work().campaignId(), r.result(), self));
                    } else { // the campaign stops at a run that throws, as a single-JVM stress does
                        ctx.getLog().warn("run of seed {} failed on {}: {}", r.work().seed(), node, r.error());
                        coordinator.tell(new CampaignCoordinator.RunFailed(r.work().campaignId(), r.work().policy(),
                                r.work().seed(), node, r.error(), self));
                    }
                    ctx.getSelf().tell(new Ask());
                    return idle(ctx, timers, coordinator, node, runner, self);
                })
                .onMessage(Assigned.class, a -> Behaviors.same()) // a late answer to an earlier ask
                .onMessage(Ask.class, a -> Behaviors.same())
                .onSignal(PostStop.class, s -> {
                    runner.shutdownNow();
                    return Behaviors.same();
                })
                .build();
    }

    /** One controlled run, exactly as a single-JVM {@code stress} runs it. */
    static Ran run(CampaignCoordinator.Work w, String node) {
        try {
            Scenario scenario = ScenarioLoader.fromText(w.scenarioText(), w.source()).withSeed(w.seed());
            Campaign.Outcome o = Campaign.runOne(scenario, w.strategy(), List.of(), Journaling.inMemory());
            return new Ran(w, new CampaignCoordinator.Result(w.policy(), w.seed(), o.outcome().key(), o.story(),
                    o.events(), node), null);
        } catch (Exception | Error e) {
            return new Ran(w, null, e.toString());
        }
    }
}
