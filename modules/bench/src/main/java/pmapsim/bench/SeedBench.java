package pmapsim.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.model.scenario.ScenarioLoader;

/**
 * The seed scenario's simulated events per second, beside the messages per second of a raw Pekko echo pair measured
 * in the same JVM: the figure, its ceiling, and the ratio. Nothing here waits on a wall-clock timer: every round
 * runs as fast as the actors go, and the clock is only read around it.
 *
 * <pre>
 * SeedBench [--quick] [--rounds K] [--warmups W] [--echo-messages N] [--scenario FILE] [--repo-dir DIR]
 * </pre>
 */
public final class SeedBench {
    static {
        pmapsim.cli.LogbackWithoutMdc.install(); // before anything logs: Logback without Pekko's MDC, as pmapsim runs
    }

    public static final String SEED_SCENARIO = "config/scenarios/alpha-nfs-libc-cleandir.conf";
    /** Made before any actor system starts, so SLF4J is set up first (else it warns of logging calls replayed). */
    private static final Logger LOG = LoggerFactory.getLogger(SeedBench.class);

    private SeedBench() {
    }

    /**
     * How much to measure: {@code warmups} rounds of each kind that are thrown away, then {@code rounds} that count.
     * The seed run is short (a few hundred ms once warm) and keeps speeding up for about ten runs, hence the default.
     *
     * @param overrides    scenario keys to override, as the CLI's options do ({@code limits.max-events -> "5000"})
     * @param echoMessages tells per echo round (both directions count)
     */
    public record Settings(Path scenario, Map<String, String> overrides, int rounds, int warmups, long echoMessages) {
        public Settings {
            overrides = Map.copyOf(overrides);
            if (rounds < 1 || warmups < 0 || echoMessages < 1) {
                throw new IllegalArgumentException("rounds >= 1, warmups >= 0 and echo messages >= 1, please");
            }
        }

        public static Settings standard(Path scenario) {
            return new Settings(scenario, Map.of(), 10, 10, 1_000_000);
        }

        public static Settings quick(Path scenario) {
            return new Settings(scenario, Map.of(), 3, 3, 300_000);
        }
    }

    /**
     * Where it ran. {@code loadAverage} is the system's one-minute load average when the measuring began (negative
     * where the system does not tell): other work on a shared machine shows in every figure.
     */
    public record Machine(int cores, long maxHeapBytes, String java, OffsetDateTime date, double loadAverage) {
        static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS), loadAverageNow());
        }

        static double loadAverageNow() {
            return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

    /**
     * What was measured. Each figure is over the measured rounds (median, min, max).
     *
     * @param echoMessagesPerSecond    the ceiling: a raw Pekko Typed echo pair on the default dispatcher
     * @param seedEventsPerSecond      events / wall time as the run's report gives it (actor-system start included)
     * @param seedEventsPerSecondAfterStartup events / (wall time from the first event to the run's end)
     * @param simPerWall               simulated time / wall time (report's wall time, start included)
     * @param outcomes                 how the measured seed runs ended, with how many times each
     * @param loadAverageAfter         the one-minute load average when the measuring ended
     */
    public record Results(Settings settings, Machine machine, Figure echoMessagesPerSecond,
                          Figure seedEventsPerSecond, Figure seedEventsPerSecondAfterStartup, Figure seedEvents,
                          Figure seedSimTimeMs, Figure seedWallMs, Figure seedStartupMs, Figure seedShutdownMs,
                          Figure simPerWall, SortedMap<String, Integer> outcomes, double loadAverageAfter) {

        /** Seed events per second over echo messages per second (medians). */
        public double ratio() {
            return seedEventsPerSecond.median() / echoMessagesPerSecond.median();
        }

        /** The same, with the actor system's start left out of the seed runs. */
        public double ratioAfterStartup() {
            return seedEventsPerSecondAfterStartup.median() / echoMessagesPerSecond.median();
        }
    }

    /** Measures without saying anything while it does. */
    public static Results measure(Settings settings) throws ScenarioException {
        return measure(settings, line -> { });
    }

    /** Measures the echo pair first, then the seed runs, each after its warm-up; {@code progress} hears each round. */
    public static Results measure(Settings s, Consumer<String> progress) throws ScenarioException {
        LOG.debug("measuring {}", s);
        Machine machine = Machine.current();
        Scenario scenario = ScenarioLoader.load(s.scenario(), s.overrides());

        double[] echo = new double[s.rounds()];
        try (EchoPair pair = new EchoPair()) {
            for (int i = 0; i < s.warmups(); i++) {
                progress.accept("echo warm-up " + (i + 1) + ": " + rate(pair.messagesPerSecond(s.echoMessages()))
                        + " messages/s");
            }
            for (int i = 0; i < s.rounds(); i++) {
                echo[i] = pair.messagesPerSecond(s.echoMessages());
                progress.accept("echo round " + (i + 1) + "/" + s.rounds() + ": " + rate(echo[i]) + " messages/s");
            }
        }

        for (int i = 0; i < s.warmups(); i++) {
            SeedRound r = SeedRound.run(scenario);
            progress.accept("seed warm-up " + (i + 1) + ": " + describe(r));
        }
        SeedRound[] seed = new SeedRound[s.rounds()];
        for (int i = 0; i < s.rounds(); i++) {
            seed[i] = SeedRound.run(scenario);
            progress.accept("seed round " + (i + 1) + "/" + s.rounds() + ": " + describe(seed[i]));
        }

        SortedMap<String, Integer> outcomes = Arrays.stream(seed)
                .collect(Collectors.toMap(r -> r.outcome().key(), r -> 1, Integer::sum, TreeMap::new));
        return new Results(s, machine, Figure.of(echo),
                over(seed, SeedRound::eventsPerSecond),
                over(seed, SeedRound::eventsPerSecondAfterStartup),
                over(seed, SeedRound::events),
                over(seed, SeedRound::simTimeMs),
                over(seed, SeedRound::wallMs),
                over(seed, SeedRound::startupMs),
                over(seed, SeedRound::shutdownMs),
                over(seed, r -> (double) r.simTimeMs() / r.wallMs()),
                outcomes, Machine.loadAverageNow());
    }

    private static Figure over(SeedRound[] rounds, ToDoubleFunction<SeedRound> f) {
        return Figure.of(Arrays.stream(rounds).mapToDouble(f).toArray());
    }

    private static String describe(SeedRound r) {
        return String.format(Locale.ROOT, "%s after %,d events, wall %,d ms (start %.0f ms) -> %s events/s",
                r.outcome().key(), r.events(), r.wallMs(), r.startupMs(), rate(r.eventsPerSecond()));
    }

    // --- the table

    /** The results as the table the command prints. */
    public static String table(Results r) {
        Machine m = r.machine();
        Settings s = r.settings();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "pmapsim SeedBench, %s%n",
                m.date().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        out.append(String.format(Locale.ROOT, "machine:  %d cores (availableProcessors), max heap %.1f GiB, %s;"
                        + " load average %.1f before, %.1f after%n",
                m.cores(), m.maxHeapBytes() / (double) (1L << 30), m.java(), m.loadAverage(), r.loadAverageAfter()));
        out.append(String.format(Locale.ROOT, "scenario: %s%s%n", s.scenario(),
                s.overrides().isEmpty() ? "" : " with " + new TreeMap<>(s.overrides())));
        out.append(String.format(Locale.ROOT, "rounds:   %d measured after %d warm-up of each; echo: %,d messages a"
                + " round, one pair, one message in flight, default dispatcher%n",
                s.rounds(), s.warmups(), s.echoMessages()));
        out.append(String.format(Locale.ROOT, "seed:     %s; %s events, %s s simulated; start %s ms and stop %s ms"
                        + " of the actor system a run (medians)%n%n",
                r.outcomes().entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                        .collect(Collectors.joining(", ")),
                count(r.seedEvents().median()), fixed(r.seedSimTimeMs().median() / 1e3, 1),
                fixed(r.seedStartupMs().median(), 0), fixed(r.seedShutdownMs().median(), 0)));

        Figure ceiling = r.echoMessagesPerSecond();
        List<String[]> rows = List.of(
                new String[] {"figure", "median", "min .. max", "ceiling", "ratio"},
                new String[] {"Pekko echo pair, messages/s (the ceiling)", rate(ceiling.median()), spread(ceiling),
                    "", ""},
                new String[] {"seed run, events/s (wall incl. actor-system start)",
                    rate(r.seedEventsPerSecond().median()), spread(r.seedEventsPerSecond()),
                    rate(ceiling.median()), ratio(r.ratio())},
                new String[] {"seed run, events/s (first event to end)",
                    rate(r.seedEventsPerSecondAfterStartup().median()), spread(r.seedEventsPerSecondAfterStartup()),
                    rate(ceiling.median()), ratio(r.ratioAfterStartup())},
                new String[] {"seed run, simulated time / wall time", times(r.simPerWall().median()),
                    times(r.simPerWall().min()) + " .. " + times(r.simPerWall().max()), "", ""});
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String cell = c == 0 ? pad(row[c], width[c], false) : pad(row[c], width[c], true);
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "%nratio = seed events/s / echo messages/s (medians). The seed's actors"
                + " run on pmapsim.model-dispatcher, the echo pair on the default dispatcher.%n"));
        return out.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    /** 5.12 M, 41.3 k, 812. */
    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return fixed(perSecond / 1e6, 2) + " M";
        }
        if (perSecond >= 1e3) {
            return fixed(perSecond / 1e3, 1) + " k";
        }
        return fixed(perSecond, 0);
    }

    private static String spread(Figure f) {
        return rate(f.min()) + " .. " + rate(f.max());
    }

    /** 0.81 % (1/124). */
    private static String ratio(double r) {
        String percent = String.format(Locale.ROOT, "%.2f %%", r * 100);
        return r < 0.5 ? percent + String.format(Locale.ROOT, " (1/%.0f)", 1 / r) : percent;
    }

    private static String times(double x) {
        return fixed(x, 1) + "x";
    }

    private static String count(double x) {
        return String.format(Locale.ROOT, "%,.0f", x);
    }

    private static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    // --- the command

    /** The nearest directory at or above {@code from} that holds {@code config/scenarios}. */
    public static Optional<Path> findRepoDir(Path from) {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("config/scenarios"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = """
            Usage: SeedBench [--quick] [--rounds K] [--warmups W] [--echo-messages N] [--scenario FILE] [--repo-dir DIR]
              --quick            3 rounds after 3 warm-ups, 300,000 echo messages a round
                                 (default: 10 rounds after 10 warm-ups, 1,000,000)
              --rounds K         measured rounds of each kind (the median is reported)
              --warmups W        warm-up rounds of each kind, not counted
              --echo-messages N  tells per echo round
              --scenario FILE    default %s; a relative path is taken from the repository directory
              --repo-dir DIR     default: the nearest directory above the working directory holding config/scenarios
            """.formatted(SEED_SCENARIO);

    /** Runs the command; returns its exit code (0 measured, 1 failed, 2 bad input). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return BenchCommand.run("SeedBench", USAGE, args, out, err, a -> parse(a),
                (settings, progress) -> table(measure(settings, progress)));
    }

    /** A command line that cannot be used (every bench's). */
    static final class BadUsage extends Exception {
        BadUsage(String message) {
            super(message);
        }
    }

    static Settings parse(String[] args) throws BadUsage {
        boolean quick = false;
        Integer rounds = null;
        Integer warmups = null;
        Long echoMessages = null;
        String scenario = SEED_SCENARIO;
        Path repoDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rounds" -> rounds = (int) number(args, ++i, 1_000);
                case "--warmups" -> warmups = (int) number(args, ++i, 1_000);
                case "--echo-messages" -> echoMessages = number(args, ++i, Long.MAX_VALUE);
                case "--scenario" -> scenario = value(args, ++i);
                case "--repo-dir" -> repoDir = Path.of(value(args, ++i));
                default -> throw new BadUsage("unknown option " + args[i]);
            }
        }
        Path file = Path.of(scenario);
        if (!file.isAbsolute()) {
            Path cwd = Path.of("").toAbsolutePath();
            Path top = repoDir != null ? repoDir
                    : findRepoDir(cwd).orElseThrow(() -> new BadUsage("no config/scenarios at or above " + cwd
                            + "; give --repo-dir"));
            file = top.resolve(file);
        }
        Settings base = quick ? Settings.quick(file) : Settings.standard(file);
        try {
            return new Settings(file, Map.of(), rounds != null ? rounds : base.rounds(),
                    warmups != null ? warmups : base.warmups(),
                    echoMessages != null ? echoMessages : base.echoMessages());
        } catch (IllegalArgumentException e) {
            throw new BadUsage(e.getMessage());
        }
    }

    /** A whole number from 0 to {@code max}; {@code 2_000_000} and {@code 2,000,000} are accepted. Every bench parses so. */
    static long number(String[] args, int i, long max) throws BadUsage {
        String v = value(args, i);
        long n;
        try {
            n = Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > max) {
            throw new BadUsage(args[i - 1] + ": not a whole number from 0 to " + max + ": " + v);
        }
        return n;
    }

    static String value(String[] args, int i) throws BadUsage {
        if (i >= args.length) {
            throw new BadUsage(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
