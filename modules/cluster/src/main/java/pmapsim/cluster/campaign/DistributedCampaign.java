package pmapsim.cluster.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import pmapsim.cluster.ClusterException;
import pmapsim.cluster.Node;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.report.stress.Campaign;
import pmapsim.report.stress.OutcomeClass;

/**
 * A stress campaign spread over a cluster: submitted to the {@link CampaignCoordinator} singleton, run by the
 * nodes' workers, and followed by asking for its progress until every run is counted. The table is built from the
 * runs' results in seed order, exactly as a single-JVM {@link Campaign} builds it, so it is the same table.
 */
public final class DistributedCampaign {
    private DistributedCampaign() {
    }

    static final Duration POLL = Duration.ofMillis(250);
    /** How long a campaign waits, with no node that runs a worker in the cluster, before it says so. */
    static final Duration ALONE = Duration.ofSeconds(30);

    /**
     * @param progress sees the number of runs counted so far (all policies)
     */
    public static List<Campaign.Table> run(Node node, String campaignId, Campaign.Settings s, List<String> policies,
                                           Duration timeout, LongConsumer progress)
            throws ScenarioException, ClusterException {
        long start = System.nanoTime();
        List<CampaignCoordinator.PolicyScenario> ps = new ArrayList<>();
        for (String p : policies) {
            ps.add(new CampaignCoordinator.PolicyScenario(p, Campaign.scenario(s, p, s.firstSeed()).text()));
        }
        var system = node.system();
        var coordinator = node.campaigns();
        Duration ask = Duration.ofSeconds(5);
        CampaignCoordinator.Progress p = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean submitted = false;
        long aloneSince = -1;
        while (p == null || !p.finished()) {
            String counted = p == null ? "" : " (" + p.counted() + " of " + p.total() + " runs counted)";
            if (system.getWhenTerminated().toCompletableFuture().isDone()) {
                throw new ClusterException("this process is no longer in the cluster: the split-brain resolver "
                        + "downed it (with two members, one lost, the one with the lower address stays)" + counted);
            }
            if (node.hostsUp() > 0) {
                aloneSince = -1;
            } else if (aloneSince < 0) {
                aloneSince = System.nanoTime();
            } else if (System.nanoTime() - aloneSince > ALONE.toNanos()) {
                throw new ClusterException("no node that runs a worker has been in the cluster for "
                        + ALONE.toSeconds() + " s" + counted + "; start one with `pmapsim node --seed-node "
                        + node.address() + "`, or run the campaign again");
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterException("campaign " + campaignId + " did not finish within " + timeout.toMinutes()
                        + " min" + (p == null ? "" : " (" + p.counted() + " of " + p.total() + " runs counted)"));
            }
            try {
                if (!submitted || p != null && !p.known()) { // submitted again after a coordinator lost it (none)
                    p = AskPattern.<CampaignCoordinator.Command, CampaignCoordinator.Progress>ask(coordinator,
                            r -> new CampaignCoordinator.Submit(campaignId, s.scenario().toString(), ps, s.strategy(),
                                    s.firstSeed(), s.runs(), r), ask, system.scheduler())
                            .toCompletableFuture().get(ask.toMillis() + 500, TimeUnit.MILLISECONDS);
                    submitted = true;
                } else {
                    Thread.sleep(POLL.toMillis()); // the client's own thread polls; no actor waits
                    p = AskPattern.<CampaignCoordinator.Command, CampaignCoordinator.Progress>ask(coordinator,
                            r -> new CampaignCoordinator.Status(campaignId, r), ask, system.scheduler())
                            .toCompletableFuture().get(ask.toMillis() + 500, TimeUnit.MILLISECONDS);
                }
                progress.accept(p.counted());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted");
            } catch (Exception e) {
                // the coordinator is moving (its node left): ask again
            }
        }
        if (p.failure() != null) {
            CampaignCoordinator.Failed f = p.failure();
            throw new RunFailedException("run of seed " + f.seed() + " (" + f.policy() + ") failed on node "
                    + f.node() + ": " + f.error() + "; the campaign stopped after " + p.counted() + " of "
                    + p.total() + " runs (`pmapsim run SCENARIO --mode controlled --strategy " + s.strategy()
                    + " --policy " + f.policy() + " --seed " + f.seed() + "` runs it alone)");
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        return tables(p.results(), policies, s.runs(), wall);
    }

    /** A run threw on its worker: an internal error of pmapsim, reported as such (exit 1). */
    public static final class RunFailedException extends RuntimeException {
        RunFailedException(String message) {
            super(message);
        }
    }

    /** Per policy, the rows a single-JVM campaign would have: results in seed order, the first seed of each class. */
    public static List<Campaign.Table> tables(List<CampaignCoordinator.Result> results, List<String> policies,
                                              int runs, long wallMs) {
        List<Campaign.Table> tables = new ArrayList<>();
        for (String policy : policies) {
            Map<OutcomeClass, Campaign.Row> rows = new EnumMap<>(OutcomeClass.class);
            results.stream().filter(r -> r.policy().equals(policy))
                    .sorted(java.util.Comparator.comparingLong(CampaignCoordinator.Result::seed))
                    .forEach(r -> {
                        OutcomeClass c = OutcomeClass.byKey(r.outcome());
                        rows.merge(c, new Campaign.Row(c, 1, r.seed(), r.story()),
                                (a, b) -> new Campaign.Row(a.outcome(), a.count() + 1, a.firstSeed(), a.story()));
                    });
            tables.add(new Campaign.Table(policy, runs, rows, wallMs));
        }
        return tables;
    }
}
