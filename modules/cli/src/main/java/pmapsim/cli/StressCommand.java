package pmapsim.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pmapsim.actors.control.Strategy;
import pmapsim.model.policy.Policies;
import pmapsim.report.Json;
import pmapsim.report.stress.Campaign;
import pmapsim.report.stress.OutcomeClass;

/** {@code pmapsim stress}: many controlled runs of one scenario, each classified; a table of what was found. */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = {"Run a scenario many times in controlled mode (one actor turn at a time, chosen by a seeded "
                + "strategy) and classify each run: collect-active, double-collect, panic-spurious, ... Every "
                + "class found comes with the command that replays its first seed exactly."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  the campaign ran (whatever it found)", "  2  bad input",
                "  4  --fail-on named a class that was found"})
final class StressCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "100", description = "runs per policy (default 100)")
    int runs;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "pct",
            description = "random, pct or pct:DEPTH (default pct, depth 3)")
    String strategy;

    @Option(names = "--policy", paramLabel = "P", description = "a policy, or all (default: the scenario's)")
    String policy;

    @Option(names = "--first-seed", paramLabel = "S", defaultValue = "1", description = "the first seed (default 1)")
    long firstSeed;

    @Option(names = "--fail-on", paramLabel = "CLASS[,CLASS...]", split = ",",
            description = "exit 4 when any of these classes is found (for CI)")
    List<String> failOn = new ArrayList<>();

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "300000",
            description = "a run that reaches N events stops and counts as stalled (default 300,000; a schedule that "
                    + "starves an actor can livelock the model for ever)")
    long maxEvents;

    @Option(names = "--parallel", paramLabel = "K", defaultValue = "1",
            description = "spread the runs over K JVM processes on this machine (a controlled world is one per JVM)")
    int parallel;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", description = "spread the runs over the workers of the "
            + "cluster of this node (nodes started with pmapsim node), pulled from an event-sourced coordinator")
    String cluster;

    @Option(names = "--local", paramLabel = "K", description = "start K worker nodes (JVM processes) on this machine "
            + "and spread the runs over them as with --cluster")
    Integer local;

    @Option(names = "--check-determinism", description = "run every seed twice and count the runs whose event "
            + "streams differ (the answer should be 0)")
    boolean checkDeterminism;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "also write the classes per policy as a chart, each class with its replay command")
    java.nio.file.Path report;

    @Option(names = "--json", description = "print the table as one JSON object keyed by policy and class")
    boolean json;

    @Mixin
    JournalOptions journal;

    @Spec
    CommandSpec spec;

    /** policy -> class -> the run id under which the class's first seed was recorded */
    private final Map<String, Map<OutcomeClass, String>> recorded = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 10_000_000) {
            throw new Main.BadInput("--runs wants a number from 1 to 10,000,000, not " + runs);
        }
        try {
            Strategy.of(strategy, 0);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput(e.getMessage());
        }
        List<OutcomeClass> fail = new ArrayList<>();
        for (String c : failOn) {
            try {
                fail.add(OutcomeClass.byKey(c.trim()));
            } catch (IllegalArgumentException e) {
                throw new Main.BadInput(e.getMessage());
            }
        }
        String base = scenario.loadToRun(Map.of()).scenario().machine().policy();
        List<String> policies;
        if (policy == null) {
            policies = List.of(base);
        } else if (policy.equals("all")) {
            policies = Policies.names();
        } else if (Policies.byName(policy).isEmpty()) {
            throw new Main.BadInput("unknown policy '" + policy + "'; policies: " + String.join(", ", Policies.names())
                    + ", all");
        } else {
            policies = List.of(policy);
        }
        Map<String, String> overrides = new LinkedHashMap<>(scenario.overrides());
        overrides.put("limits.max-events", String.valueOf(maxEvents));
        Campaign.Settings settings = new Campaign.Settings(scenario.file, overrides, strategy, firstSeed, runs,
                checkDeterminism);
        if (parallel < 1 || parallel > 64) {
            throw new Main.BadInput("--parallel wants a number of processes from 1 to 64, not " + parallel);
        }
        if (report != null) { // before the campaign, not after it
            ReportCommand.writable(report.toAbsolutePath().getParent(), report);
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean bar = !json && System.console() != null;
        List<Campaign.Table> tables = new ArrayList<>();
        if (cluster != null || local != null) {
            tables = distributed(settings, policies, bar);
        } else if (parallel > 1 && runs > 1) {
            tables = Shards.run(this, policies, Math.min(parallel, runs), bar);
        } else for (String p : policies) {
            int[] done = {0};
            Campaign.Table t = Campaign.run(settings, p, o -> {
                done[0]++;
                if (bar) {
                    progress(p, done[0], runs);
                }
            });
            if (bar) {
                System.err.print("\r\033[K");
                System.err.flush();
            }
            tables.add(t);
        }
        record(tables, settings);
        if (report != null) {
            Map<String, Map<OutcomeClass, String>> replays = new LinkedHashMap<>();
            for (Campaign.Table t : tables) {
                Map<OutcomeClass, String> m = new EnumMap<>(OutcomeClass.class);
                t.rows().values().forEach(r -> m.put(r.outcome(), replay(t.policy(), r.firstSeed())));
                replays.put(t.policy(), m);
            }
            java.nio.file.Files.writeString(report, pmapsim.report.stress.StressReport.render(
                    scenario.file.toString(), strategy, tables, replays));
            spec.commandLine().getErr().println("pmapsim: wrote " + report);
        }
        if (json) {
            out.println(Json.toJson(asJson(tables)));
        } else {
            print(out, tables);
        }
        out.flush();
        for (Campaign.Table t : tables) {
            for (OutcomeClass c : fail) {
                if (t.rows().containsKey(c)) {
                    return 4;
                }
            }
        }
        return 0;
    }

    /** {@code --cluster} / {@code --local}: the campaign's runs pulled by the workers of a cluster. */
    private List<Campaign.Table> distributed(Campaign.Settings settings, List<String> policies, boolean bar)
            throws Exception {
        if (cluster != null && local != null) {
            throw new Main.BadInput("stress wants --cluster HOST:PORT or --local K, not both");
        }
        if (local != null && (local < 1 || local > 16)) {
            throw new Main.BadInput("--local wants a number of nodes from 1 to 16, not " + local);
        }
        if (cluster != null) {
            ClusterCommand.checkAddress(cluster, "--cluster");
        }
        if (checkDeterminism || parallel > 1) {
            throw new Main.BadInput("--check-determinism and --parallel are for a campaign in this JVM, not with "
                    + (cluster != null ? "--cluster" : "--local"));
        }
        String id = pmapsim.cluster.ClusterRun.newRunId();
        long total = (long) runs * policies.size();
        try (ClusterCommand.Connection c = ClusterCommand.Connection.open("127.0.0.1", cluster,
                local == null ? 0 : local, journal.settings(), null, null)) {
            List<Campaign.Table> t = pmapsim.cluster.campaign.DistributedCampaign.run(c.node, id, settings, policies,
                    java.time.Duration.ofHours(24), n -> {
                        if (bar) {
                            progress("campaign " + id, (int) n, (int) total);
                        }
                    });
            if (bar) {
                System.err.print("\r\033[K");
                System.err.flush();
            }
            return t;
        }
    }

    /**
     * The first run of every failing class is run again with the journal on (controlled runs are deterministic), so
     * that {@code replay} and {@code reproduce} work on it.
     */
    private void record(List<Campaign.Table> tables, Campaign.Settings settings) throws Exception {
        pmapsim.journal.JournalSettings js = journal.settings();
        if (!js.durable()) {
            return;
        }
        for (Campaign.Table t : tables) {
            for (Campaign.Row r : t.rows().values()) {
                if (r.outcome().failure()) {
                    String id = pmapsim.report.Runs.newRunId();
                    pmapsim.report.Runs.runControlled(id, Campaign.scenario(settings, t.policy(), r.firstSeed()), js,
                            strategy, List.of());
                    recorded.computeIfAbsent(t.policy(), k -> new LinkedHashMap<>()).put(r.outcome(), id);
                }
            }
        }
    }

    private String recordedAs(String policy, OutcomeClass c) {
        return recorded.getOrDefault(policy, Map.of()).get(c);
    }

    private static void progress(String policy, int done, int total) {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        System.err.print("\r" + policy + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/"
                + total);
        System.err.flush();
    }

    /** The command line that replays one run of the campaign exactly. */
    private String replay(String policy, long seed) {
        StringBuilder b = new StringBuilder("./pmapsim run ").append(scenario.file).append(" --mode controlled")
                .append(" --strategy ").append(strategy).append(" --policy ").append(policy).append(" --seed ")
                .append(seed);
        scenario.overrides().forEach((k, v) -> {
            if (k.equals("machine.cpus")) {
                b.append(" --cpus ").append(v);
            } else if (k.equals("machine.memory")) {
                b.append(" --memory \"").append(v).append('"');
            }
        });
        return b.toString();
    }

    private void print(PrintWriter out, List<Campaign.Table> tables) {
        for (Campaign.Table t : tables) {
            out.printf("%s: %d runs, strategy %s, seeds %d..%d, %.1f runs/s%n", t.policy(), t.runs(), strategy,
                    firstSeed, firstSeed + t.runs() - 1, t.runsPerSecond());
            if (checkDeterminism) {
                out.printf("  determinism: every seed run twice, %d mismatch(es)%s%n", t.mismatches(),
                        t.mismatches() == 0 ? "" : " (first at seed " + t.firstMismatch() + ")");
                if (t.firstMismatchWhere() != null) {
                    out.println("    " + t.firstMismatchWhere());
                }
            }
            out.printf("  %-20s %7s %7s %10s%n", "class", "runs", "%", "first seed");
            for (Campaign.Row r : t.rows().values()) {
                out.printf("  %-20s %7d %6.1f%% %10d%n", r.outcome().key(), r.count(), 100.0 * r.count() / t.runs(),
                        r.firstSeed());
            }
            for (Campaign.Row r : t.rows().values()) {
                if (r.outcome().failure()) {
                    out.println();
                    out.println("  " + r.outcome().key() + " (seed " + r.firstSeed() + "): " + r.story());
                    out.println("    " + replay(t.policy(), r.firstSeed()));
                    String id = recordedAs(t.policy(), r.outcome());
                    if (id != null) {
                        out.println("    recorded as run " + id + ": ./pmapsim replay " + id + ", ./pmapsim reproduce "
                                + id);
                    }
                }
            }
            out.println();
        }
        if (tables.size() > 1) {
            out.println("Side by side (runs per class):");
            StringBuilder h = new StringBuilder(String.format("  %-20s", "class"));
            tables.forEach(t -> h.append(String.format(" %16s", t.policy())));
            out.println(h);
            for (OutcomeClass c : OutcomeClass.values()) {
                if (tables.stream().noneMatch(t -> t.rows().containsKey(c))) {
                    continue;
                }
                StringBuilder l = new StringBuilder(String.format("  %-20s", c.key()));
                for (Campaign.Table t : tables) {
                    Campaign.Row r = t.rows().get(c);
                    l.append(String.format(" %16d", r == null ? 0 : r.count()));
                }
                out.println(l);
            }
        }
    }

    private Map<String, Object> asJson(List<Campaign.Table> tables) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("scenario", scenario.file.toString());
        all.put("strategy", strategy);
        all.put("first_seed", firstSeed);
        all.put("runs", runs);
        Map<String, Object> byPolicy = new LinkedHashMap<>();
        for (Campaign.Table t : tables) {
            Map<String, Object> classes = new LinkedHashMap<>();
            for (Campaign.Row r : t.rows().values()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("runs", r.count());
                row.put("percent", Math.round(1000.0 * r.count() / t.runs()) / 10.0);
                row.put("first_seed", r.firstSeed());
                row.put("story", r.story());
                row.put("replay", replay(t.policy(), r.firstSeed()));
                String id = recordedAs(t.policy(), r.outcome());
                if (id != null) {
                    row.put("run_id", id);
                }
                classes.put(r.outcome().key(), row);
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("classes", classes);
            p.put("runs_per_second", Math.round(t.runsPerSecond() * 100) / 100.0);
            if (checkDeterminism) {
                p.put("determinism_mismatches", t.mismatches());
                if (t.firstMismatchWhere() != null) {
                    p.put("first_mismatch", t.firstMismatchWhere());
                }
            }
            byPolicy.put(t.policy(), p);
        }
        all.put("policies", byPolicy);
        return all;
    }

    static Map<OutcomeClass, Long> counts(Campaign.Table t) {
        Map<OutcomeClass, Long> m = new EnumMap<>(OutcomeClass.class);
        t.rows().forEach((k, v) -> m.put(k, v.count()));
        return m;
    }
}
