package pmapsim.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import pmapsim.cluster.machine.MachineEntity;
import pmapsim.cluster.nfs.NfsService;
import pmapsim.cluster.nfs.ServerReport;

/**
 * Drives one cluster run from any node: opens the shared NFS server for the run, starts every machine of the
 * scenario as a sharded entity (each lands on some node with the machine role), waits for every machine's report,
 * and closes the server for its report.
 */
public final class ClusterRun {
    private ClusterRun() {
    }

    /** A cluster run's outcome: each machine's answer, in the scenario's order, and the server's report. */
    public record Result(String runId, ClusterScenario scenario, List<MachineEntity.MachineDone> machines,
                         ServerReport server, long wallMs) {
        /** As {@code run}: the first of panic, stalled, violation among the machines; else 0. */
        public int exitCode() {
            for (int code : new int[] {3, 5, 4}) {
                if (machines.stream().anyMatch(m -> m.exitCode() == code)) {
                    return code;
                }
            }
            return 0;
        }
    }

    public static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @param progress sees each machine's answer as it comes
     * @throws ClusterException a node disagrees on the scenario, or a machine did not start
     */
    public static Result run(Node node, String runId, ClusterScenario scenario, Duration timeout,
                             Consumer<MachineEntity.MachineDone> progress) throws ClusterException {
        long start = System.nanoTime();
        var system = node.system();
        Duration shortAsk = Duration.ofSeconds(60);
        await(AskPattern.<NfsService.Command, NfsService.Opened>ask(node.nfs(),
                r -> new NfsService.Open(runId, scenario.server(), r), shortAsk, system.scheduler()), shortAsk,
                "the shared NFS server did not answer");
        ClusterSharding sharding = ClusterSharding.get(system);
        awaitRegions(node, sharding, Duration.ofSeconds(30));
        List<CompletableFuture<MachineEntity.MachineDone>> answers = new ArrayList<>();
        for (int i = 0; i < scenario.machines().size(); i++) {
            ClusterScenario.MachineEntry m = scenario.machines().get(i);
            int index = i;
            EntityRef<MachineEntity.Command> ref = sharding.entityRefFor(MachineEntity.TYPE,
                    MachineEntity.entityId(i, runId + "-" + m.name()));
            CompletionStage<MachineEntity.MachineDone> done = ref.ask(r -> new MachineEntity.Start(runId, index,
                    m.name(), m.scenarioText(), m.source(), scenario.sha256(), r), timeout);
            answers.add(done.toCompletableFuture().whenComplete((d, e) -> {
                if (d != null) {
                    progress.accept(d);
                }
            }));
        }
        List<MachineEntity.MachineDone> machines = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            MachineEntity.MachineDone d = await(answers.get(i), timeout.plusSeconds(5), "machine "
                    + scenario.machines().get(i).name() + " did not finish within " + timeout.toMinutes() + " min");
            machines.add(d);
        }
        for (MachineEntity.MachineDone d : machines) {
            if (d.refused() || d.error() != null && d.text() == null) {
                throw new ClusterException(d.error());
            }
        }
        ServerReport server = await(AskPattern.<NfsService.Command, ServerReport>ask(node.nfs(),
                r -> new NfsService.Close(runId, r), shortAsk, system.scheduler()), shortAsk,
                "the shared NFS server did not answer");
        return new Result(runId, scenario, machines, server, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Waits, at most {@code limit}, until the sharding coordinator knows a region on every node with the machine
     * role: shards are placed on the regions it knows, so a machine started before a node's region registers would
     * never land there. Past the limit the machines start anyway, on the nodes known.
     */
    static void awaitRegions(Node node, ClusterSharding sharding, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Duration ask = Duration.ofSeconds(3);
        while (System.nanoTime() < deadline) {
            try {
                org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats stats = AskPattern.<
                        org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery,
                        org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats>ask(sharding.shardState(),
                        r -> new org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats(MachineEntity.TYPE,
                                ask, r), ask.plusSeconds(1), node.system().scheduler())
                        .toCompletableFuture().get(ask.toMillis() + 2_000, TimeUnit.MILLISECONDS);
                if (stats.getRegions().size() >= node.hostsUp()) {
                    return;
                }
                Thread.sleep(200); // the caller's thread: the coordinator is another node's actor
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // the coordinator is not there yet: ask again
            }
        }
    }

    static <T> T await(CompletionStage<T> stage, Duration timeout, String what) throws ClusterException {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted");
        } catch (Exception e) {
            throw new ClusterException(what);
        }
    }
}
