package pmapsim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine;
import pmapsim.cli.Main;
import pmapsim.cluster.Node;
import pmapsim.cluster.campaign.CampaignCoordinator;
import pmapsim.cluster.campaign.DistributedCampaign;
import pmapsim.journal.JournalSettings;
import pmapsim.report.stress.Campaign;

/**
 * Distributed stress campaigns: runs per second of {@code stress --local K} (K worker JVMs, K = 1, 2, 3) beside the
 * single-JVM {@code stress} on the same seeds, and the coordinator's own cost per run: a campaign whose workers
 * answer at once (no model runs), so its rate is the protocol's alone — work pulled, result persisted to an H2
 * journal, progress polled.
 *
 * <pre>java -cp "modules/bench/target/classes:$(cat modules/bench/target/classpath.txt)" pmapsim.bench.ClusterBench [RUNS]</pre>
 */
public final class ClusterBench {
    static {
        pmapsim.cli.LogbackWithoutMdc.install(); // before anything logs: Logback without Pekko's MDC, as pmapsim runs
    }

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        coordinatorOverhead(2000, 16000);
        String scenario = "config/scenarios/alpha-nfs-libc-cleandir.conf";
        System.out.printf("stress %s, %d runs (seeds 1..%d), pct, 1 CPU; wall time from the first run asked%n",
                scenario, runs, runs);
        System.out.printf("%-28s %10s%n", "", "runs/s");
        System.out.printf("%-28s %10.2f%n", "single JVM (stress)", rate(scenario, runs));
        for (int k = 1; k <= 3; k++) {
            System.out.printf("%-28s %10.2f%n", "cluster, " + k + " worker JVM(s)", rate(scenario, runs,
                    "--local", String.valueOf(k)));
        }
        System.exit(0);
    }

    private static double rate(String scenario, int runs, String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of("stress", scenario, "--runs", String.valueOf(runs), "--json",
                "--journal", "none"));
        a.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandLine cl = Main.commandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute(a.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("stress exited " + code);
        }
        return new ObjectMapper().readTree(out.toString()).get("policies").elements().next().get("runs_per_second")
                .asDouble();
    }

    /** Workers that answer every run at once; each answer counts {@code answered} down. */
    static Behavior<CampaignCoordinator.Assignment> instantWorker(ActorRef<CampaignCoordinator.Command> coordinator,
                                                                  AtomicReference<CountDownLatch> answered) {
        return Behaviors.setup(ctx -> {
            coordinator.tell(new CampaignCoordinator.GiveWork(ctx.getSelf(), "bench"));
            return Behaviors.receiveMessage(a -> {
                if (a instanceof CampaignCoordinator.Work w) {
                    coordinator.tell(new CampaignCoordinator.RunResult(w.campaignId(), new CampaignCoordinator.Result(
                            w.policy(), w.seed(), "completed", "", 0, "bench"), ctx.getSelf()));
                    answered.get().countDown();
                    coordinator.tell(new CampaignCoordinator.GiveWork(ctx.getSelf(), "bench"));
                } else {
                    ctx.scheduleOnce(Duration.ofMillis(20), coordinator,
                            new CampaignCoordinator.GiveWork(ctx.getSelf(), "bench"));
                }
                return Behaviors.same();
            });
        });
    }

    /**
     * The coordinator's rate for a campaign of {@code runs} runs and one of {@code longer} runs in the same node, after
     * a warm-up campaign: the time per run must not grow with the campaign's length. Timed from the submission to
     * the workers' last answer (the client's own end of the campaign comes at its next poll, up to 250 ms later: too
     * coarse for a campaign of a second).
     */
    static void coordinatorOverhead(int runs, int longer) throws Exception {
        Path dir = Files.createTempDirectory("pmapsim-clusterbench");
        JournalSettings h2 = JournalSettings.h2(dir.resolve("journal"));
        try (var db = pmapsim.journal.JournalDb.open(h2)) {
            // the schema
        }
        Node node = Node.start(new Node.Settings("127.0.0.1", Node.freePort("127.0.0.1"), List.of(), true, false,
                h2, null, Duration.ofSeconds(10)));
        AtomicReference<CountDownLatch> answered = new AtomicReference<>(new CountDownLatch(0)); // set per campaign
        try {
            for (int i = 0; i < 3; i++) {
                node.system().systemActorOf(instantWorker(node.campaigns(), answered), "instant-" + i,
                        org.apache.pekko.actor.typed.Props.empty());
            }
            int[] sizes = {runs, runs, longer}; // the first warms up
            for (int round = 0; round < sizes.length; round++) {
                Campaign.Settings s = new Campaign.Settings(Path.of("config/scenarios/alpha-nfs-libc-cleandir.conf"),
                        Map.of(), "pct", 1, sizes[round]);
                CountDownLatch latch = new CountDownLatch(sizes[round]);
                answered.set(latch);
                long t0 = System.nanoTime();
                CompletableFuture<?> campaign = CompletableFuture.runAsync(() -> {
                    try {
                        DistributedCampaign.run(node, "bench-" + t0, s, List.of("netbsd-1998"),
                                Duration.ofMinutes(10), n -> { });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
                while (!latch.await(100, TimeUnit.MILLISECONDS)) {
                    if (campaign.isDone()) { // ended before every run was answered: say why
                        campaign.get();
                        throw new IllegalStateException("the campaign ended before " + sizes[round] + " answers");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the coordinator did not hand out " + sizes[round] + " runs");
                    }
                }
                double sec = (System.nanoTime() - t0) / 1e9;
                campaign.get(1, TimeUnit.MINUTES);
                if (round > 0) {
                    System.out.printf("coordinator alone (3 instant workers, H2 journal, %d runs): %.0f runs/s, "
                            + "%.2f ms per run%n", sizes[round], sizes[round] / sec, sec * 1000 / sizes[round]);
                }
            }
        } finally {
            node.close();
        }
    }
}
