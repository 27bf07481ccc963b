package pmapsim.cluster.machine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import pmapsim.actors.machine.Machine;
import pmapsim.actors.run.Cbor;
import pmapsim.actors.run.Journaling;
import pmapsim.actors.run.Peers;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.run.RunLog;
import pmapsim.actors.run.WriteBehindJournal;
import pmapsim.cluster.nfs.NfsMount;
import pmapsim.cluster.nfs.NfsService;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RunRow;
import pmapsim.model.policy.Policies;
import pmapsim.model.policy.Policy;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.report.Json;
import pmapsim.report.RunReport;
import pmapsim.report.RunSummary;
import pmapsim.report.TextReport;

/**
 * One whole machine of a cluster run as a Cluster Sharding entity: when it is told to {@link Start}, it spawns the
 * machine's actors (the same {@link Machine} a lone run has, its NFS server replaced by a {@link NfsMount} of the
 * shared server), runs it live to its end, waits for the journal, and answers with the machine's report. The machine
 * is recorded as run {@code CLUSTERRUN-MACHINE} in the node's journal, so {@code replay} and {@code reproduce}
 * find it like any run.
 *
 * <p>The entity never blocks its own thread: opening the journal's database (which waits out another JVM's lock on a
 * shared H2 file, up to a minute), recording the run's start and end, and waiting for the journal's last writes all
 * run on Pekko's blocking dispatcher, and their outcome comes back as a message ({@link Registered},
 * {@link Finished}).
 */
public final class MachineEntity {
    private MachineEntity() {
    }

    public static final EntityTypeKey<Command> TYPE = EntityTypeKey.create(Command.class, "machine");

    public sealed interface Command extends Cbor permits Start, Registered, Ended, Finished {
    }

    /**
     * Runs the machine. {@code scenarioSha} is the whole cluster scenario's digest: a node started with another
     * scenario refuses.
     */
    public record Start(String clusterRun, int index, String machine, String scenarioText, String source,
                        String scenarioSha, ActorRef<MachineDone> replyTo) implements Command {
    }

    /** The run is in the node's journal's table of runs, or why it is not ({@code error}, one line) (local). */
    public record Registered(String error) implements Command {
    }

    /** The machine's run ended (local). */
    public record Ended(RunEnd end) implements Command {
    }

    /** The journal has every record of the machine's run and its end: the answer to send (local). */
    public record Finished(MachineDone done) implements Command {
    }

    /**
     * A machine's answer: its report as text and as JSON, or why it did not run ({@code error}, one line;
     * {@code refused}: the node disagrees on the scenario).
     */
    public record MachineDone(String clusterRun, String machine, String runId, String node, String outcome,
                              int exitCode, String text, String json, String error, boolean refused)
            implements Cbor {
        /** A machine that ran: its report, as text and JSON; {@code error}: its journal's failure, or null. */
        public static MachineDone ran(String clusterRun, String machine, String node, RunReport report, int pageSize,
                                      String error) {
            return new MachineDone(clusterRun, machine, report.runId(), node, report.outcome().key(),
                    report.outcome().exitCode(), TextReport.render(report, pageSize), Json.toJson(report), error,
                    false);
        }
    }

    /** What the entities of one node share: its journal, its scenario's digest, the NFS server's proxy. */
    public record NodeContext(JournalSettings journal, String scenarioSha, ActorRef<NfsService.Command> nfs,
                              String address, List<Journaling.Progress> progress) {
        public NodeContext(JournalSettings journal, String scenarioSha, ActorRef<NfsService.Command> nfs,
                           String address) {
            this(journal, scenarioSha, nfs, address, new CopyOnWriteArrayList<>());
        }

        /** Records the machines of this node have asked the journal to write so far. */
        long asked() {
            return progress.stream().mapToLong(Journaling.Progress::records).sum();
        }
    }

    /** The entity id of a machine: its index in the scenario (which spreads machines over shards) and its run. */
    public static String entityId(int index, String runId) {
        return index + ":" + runId;
    }

    /** Shards by the machine's index, so the scenario's machines land on different shards, spread over nodes. */
    public static final class Extractor extends ShardingMessageExtractor<ShardingEnvelope<Command>, Command> {
        @Override
        public String entityId(ShardingEnvelope<Command> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            int colon = entityId.indexOf(':');
            return colon > 0 ? entityId.substring(0, colon) : String.valueOf(Math.abs(entityId.hashCode() % 1000));
        }

        @Override
        public Command unwrapMessage(ShardingEnvelope<Command> envelope) {
            return envelope.message();
        }
    }

    public static Behavior<Command> create(String entityId, NodeContext node) {
        return Behaviors.setup(ctx -> idle(ctx, node));
    }

    private static Behavior<Command> idle(ActorContext<Command> ctx, NodeContext node) {
        return Behaviors.receive(Command.class).onMessage(Start.class, s -> start(ctx, node, s)).build();
    }

    private static Behavior<Command> start(ActorContext<Command> ctx, NodeContext node, Start s) {
        String runId = s.clusterRun() + "-" + s.machine();
        if (node.scenarioSha() != null && !node.scenarioSha().equals(s.scenarioSha())) {
            s.replyTo().tell(new MachineDone(s.clusterRun(), s.machine(), runId, node.address(), null, 2, null, null,
                    "nodes disagree on the scenario: node " + node.address() + " was started with one whose sha256 "
                            + "is " + node.scenarioSha().substring(0, 12) + "..., this run's is "
                            + s.scenarioSha().substring(0, 12) + "...", true));
            return Behaviors.stopped();
        }
        Scenario scenario;
        Policy policy;
        try {
            scenario = ScenarioLoader.fromText(s.scenarioText(), s.source());
            policy = Policies.byName(scenario.machine().policy()).orElseThrow();
        } catch (Exception e) {
            return notStarted(s, runId, node, oneLine(e));
        }
        if (!node.journal().durable()) {
            return run(ctx, node, s, runId, scenario, policy);
        }
        RunRow row = new RunRow(runId, scenario.name(), s.source(), s.scenarioText(), scenario.seed(),
                scenario.machine().policy(), scenario.machine().cpus(), System.currentTimeMillis(), null, null, null,
                0, 0, 0, 0);
        ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
            try (JournalDb db = JournalDb.open(node.journal())) {
                db.started(row);
                return new Registered(null);
            } catch (Exception e) {
                return new Registered(oneLine(e));
            }
        }, blocking(ctx)), (r, failure) -> r != null ? r : new Registered(oneLine(failure)));
        return Behaviors.receive(Command.class)
                .onMessage(Registered.class, r -> r.error() != null ? notStarted(s, runId, node, r.error())
                        : run(ctx, node, s, runId, scenario, policy))
                .build();
    }

    private static Behavior<Command> notStarted(Start s, String runId, NodeContext node, String why) {
        s.replyTo().tell(noReport(s, runId, node, "machine " + s.machine() + " did not start on " + node.address()
                + ": " + why));
        return Behaviors.stopped();
    }

    /** The machine's answer when it has no report: {@code error} says why, in one line. */
    private static MachineDone noReport(Start s, String runId, NodeContext node, String error) {
        return new MachineDone(s.clusterRun(), s.machine(), runId, node.address(), null, 1, null, null, error, false);
    }

    private static Behavior<Command> run(ActorContext<Command> ctx, NodeContext node, Start s, String runId,
                                         Scenario scenario, Policy policy) {
        RunSummary summary = new RunSummary(scenario);
        RunLog log = new RunLog(scenario.limits().maxEvents(), null);
        log.addSink(summary);
        Journaling journaling = Journaling.to(node.journal().pluginId());
        node.progress().add(journaling.progress());
        RunContext run = new RunContext(runId, scenario, policy, scenario.machine().thresholds(),
                scenario.machine().geometry(), log, new Peers(), journaling);
        long start = System.nanoTime(); // wall time is reported, never read by the model
        ctx.spawn(Machine.create(run, r -> NfsMount.create(r, s.clusterRun(), s.machine(), node.nfs())), "machine");
        ctx.pipeToSelf(log.end(), (end, failure) -> new Ended(end != null ? end
                : new RunEnd(RunEnd.Kind.STALLED, "machine failed: " + failure, log.events() - 1, log.lastTime())));
        return Behaviors.receive(Command.class)
                .onMessage(Ended.class, e -> {
                    WriteBehindJournal.Stats stats = WriteBehindJournal.stats(ctx.getSystem().classicSystem());
                    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> {
                        String error = drain(stats, node, journaling);
                        long wall = (System.nanoTime() - start) / 1_000_000;
                        RunEnd end = e.end();
                        RunReport report = summary.report(runId, end, log.events(), wall);
                        if (error == null && node.journal().durable()) {
                            try (JournalDb db = JournalDb.open(node.journal())) {
                                db.ended(runId, report.outcome().key(), end.kind().name(), end.reason(), end.event(),
                                        end.simTime(), log.events(), wall);
                            } catch (Exception x) {
                                error = "the journal " + node.journal().describe() + " failed: " + oneLine(x);
                            }
                        }
                        return new Finished(MachineDone.ran(s.clusterRun(), s.machine(), node.address(), report,
                                scenario.machine().pageSize(), error));
                    }, blocking(ctx)), (f, failure) -> f != null ? f
                            : new Finished(noReport(s, runId, node, "machine " + s.machine() + " ran on "
                            + node.address() + " but its report failed: " + oneLine(failure))));
                    return Behaviors.receive(Command.class).onMessage(Finished.class, f -> {
                        node.progress().remove(journaling.progress());
                        s.replyTo().tell(f.done());
                        return Behaviors.stopped();
                    }).build();
                })
                .build();
    }

    /** Waits until the journal has every record of the run; the journal's failure, or null. Blocks: not on an actor. */
    private static String drain(WriteBehindJournal.Stats stats, NodeContext node, Journaling journaling) {
        try {
            journaling.progress().awaitNoTurnRunning();
            if (node.journal().durable()) {
                stats.await(node.asked(), Duration.ofSeconds(120));
            }
            return null;
        } catch (Exception x) {
            return "the journal " + node.journal().describe() + " failed: " + oneLine(x);
        }
    }

    private static java.util.concurrent.Executor blocking(ActorContext<Command> ctx) {
        return ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
