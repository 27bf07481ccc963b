package pmapsim.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pmapsim.actors.run.Journaling;
import pmapsim.model.scenario.Scenario;
import pmapsim.report.stress.Campaign;
import pmapsim.report.stress.OutcomeClass;

/**
 * How many runs a campaign needs to find a class the first time: seeds run one after another from
 * {@code --first-seed}; each campaign ends at its first run of the class and the next starts with the next seed.
 * Prints every find as it happens (so a stopped bench still says what it found), then the median, least and most
 * runs per campaign. Controlled runs are deterministic: the same options give the same figures.
 *
 * <pre>FirstFindBench [--strategy random|pct|pct:D] [--class collect-active] [--campaigns 20] [--cpus 2]
 *                [--first-seed 1] [--max-runs 5000] [--max-events 300000] [--repo-dir DIR]</pre>
 */
public final class FirstFindBench {
    static {
        pmapsim.cli.LogbackWithoutMdc.install(); // before anything logs: Logback without Pekko's MDC, as pmapsim runs
    }

    private FirstFindBench() {
    }

    public static void main(String[] args) throws Exception {
        String strategy = "pct";
        OutcomeClass cls = OutcomeClass.COLLECT_ACTIVE;
        int campaigns = 20;
        String cpus = "2";
        long seed = 1;
        int maxRuns = 5000;
        String maxEvents = "300000";
        Path repo = Path.of("");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--strategy" -> strategy = args[++i];
                case "--class" -> cls = OutcomeClass.byKey(args[++i]);
                case "--campaigns" -> campaigns = Integer.parseInt(args[++i]);
                case "--cpus" -> cpus = args[++i];
                case "--first-seed" -> seed = Long.parseLong(args[++i]);
                case "--max-runs" -> maxRuns = Integer.parseInt(args[++i]);
                case "--max-events" -> maxEvents = args[++i];
                case "--repo-dir" -> repo = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        var settings = new Campaign.Settings(repo.resolve(SeedBench.SEED_SCENARIO),
                Map.of("machine.cpus", cpus, "limits.max-events", maxEvents), strategy, seed, 1);
        List<Double> lengths = new ArrayList<>();
        long runs = 0;
        long sinceFind = 0;
        long start = System.nanoTime();
        while (lengths.size() < campaigns && runs < maxRuns) {
            Scenario s = Campaign.scenario(settings, "netbsd-1998", seed).scenario();
            OutcomeClass found = Campaign.runOne(s, strategy, List.of(), Journaling.inMemory()).outcome();
            runs++;
            sinceFind++;
            if (found == cls) {
                lengths.add((double) sinceFind);
                System.out.printf("campaign %2d: %s at seed %d after %d runs%n", lengths.size(), cls.key(), seed,
                        sinceFind);
                sinceFind = 0;
            }
            seed++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s, %s, %s CPUs: %d campaigns found %s in %d runs (%.2f runs/s, %.0f s)%n", strategy,
                "netbsd-1998", cpus, lengths.size(), cls.key(), runs, runs / seconds, seconds);
        if (!lengths.isEmpty()) {
            List<Double> sorted = new ArrayList<>(lengths);
            sorted.sort(null);
            System.out.printf("runs to first %s: median %.0f, least %.0f, most %.0f%s%n", cls.key(),
                    ControlledBench.median(lengths), sorted.get(0), sorted.get(sorted.size() - 1),
                    lengths.size() < campaigns ? " (fewer campaigns than asked: the run budget ended first)" : "");
        }
    }
}
