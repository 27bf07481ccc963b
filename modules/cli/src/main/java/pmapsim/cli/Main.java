package pmapsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import pmapsim.actors.run.Faults;
import pmapsim.journal.JournalException;
import pmapsim.journal.JournalSettings;
import pmapsim.model.scenario.Problem;
import pmapsim.model.scenario.ScenarioLoader;
import pmapsim.model.scenario.Scenario;
import pmapsim.model.scenario.ScenarioException;
import pmapsim.report.RunReport;
import pmapsim.report.EventTail;
import pmapsim.report.Runs;

/**
 * {@code pmapsim}: the command line. Exit codes are a contract (issue 2): 0 completed, 1 internal error, 2 bad input,
 * 3 panic, 4 a safety monitor fired, 5 stalled.
 */
@Command(name = "pmapsim",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A multi-CPU actor model of NetBSD/alpha's pmap and UVM under memory pressure (1998).",
        subcommands = {RunCommand.class, DescribeCommand.class, RunsCommand.class, ReplayCommand.class,
                ReproduceCommand.class, ReportCommand.class, StressCommand.class, MinimizeCommand.class,
                ClusterCommand.class, NodeCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  completed", "  1  internal error", "  2  bad input (options, scenario, missing file)",
                "  3  panic", "  4  a safety monitor fired", "  5  stalled (no progress with work pending)",
                "  6  reproduce: the actors did something else than the journal recorded",
                "  7  the journal (unknown run, unreachable, refused login, not a pmapsim journal, failed write)",
                "  8  replay of a run that was stopped before its end (incomplete)"})
public final class Main implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;
    /** reproduce: the actors did something else than the journal recorded */
    public static final int EXIT_DIVERGED = 6;
    /** the journal: unknown run, unreachable database, wrong password, unreadable records */
    public static final int EXIT_JOURNAL = 7;

    /** Set to 1 for stack traces of internal errors. */
    public static final String DEBUG_ENV = "PMAPSIM_DEBUG";
    /** Set to N to see a run's last N events on stderr. */
    public static final String TRACE_ENV = "PMAPSIM_TRACE_TAIL";

    private final Runner runner;

    /** What {@code run} does with a loaded scenario and a journal (tests pass a fake). */
    @FunctionalInterface
    interface Runner {
        RunReport run(ScenarioLoader.Loaded loaded, JournalSettings journal) throws JournalException;
    }

    @Spec
    CommandSpec spec;

    public Main() {
        this.runner = Main::runLive;
    }

    /** A live run, journaled; with {@code PMAPSIM_TRACE_TAIL=N} its last N events go to stderr after it. */
    static RunReport runLive(ScenarioLoader.Loaded loaded, JournalSettings journal) throws JournalException {
        String n = System.getenv(TRACE_ENV);
        if (n == null || !n.matches("\\d{1,9}")) {
            if (n != null) {
                System.err.println("pmapsim: " + TRACE_ENV + " wants a number of events, not \"" + n + "\"; ignored");
            }
            return Runs.run(Runs.newRunId(), loaded, journal, List.of(), Faults.NONE);
        }
        EventTail tail = new EventTail(Integer.parseInt(n));
        RunReport report = Runs.run(Runs.newRunId(), loaded, journal, List.of(tail), Faults.NONE);
        tail.lines().forEach(System.err::println);
        return report;
    }

    /** @param runner what {@code run} does with a loaded scenario (tests pass a fake; it keeps no journal) */
    public Main(Function<Scenario, RunReport> runner) {
        Objects.requireNonNull(runner);
        this.runner = (loaded, journal) -> runner.apply(loaded.scenario());
    }

    Runner runner() {
        return runner;
    }

    public static void main(String[] args) {
        quietPekko();
        int code;
        try {
            code = commandLine(new Main()).execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println(outOfMemory());
            code = EXIT_INTERNAL;
        } catch (Throwable t) { // an Error escaping picocli (StackOverflowError, ...)
            System.err.println("pmapsim: internal error: " + describe(t));
            if (debug()) {
                t.printStackTrace();
            }
            code = EXIT_INTERNAL;
        }
        System.out.flush();
        System.exit(code);
    }

    /**
     * What to do when the heap ran out: which heap it was, and how to give the JVM more. {@code run} and {@code stress}
     * end a run whose heap is nearly full themselves, saying so; {@code reproduce} holds the whole recorded run.
     */
    static String outOfMemory() {
        return String.format(java.util.Locale.ROOT, "pmapsim: out of memory: the JVM's heap (at most %,d MiB) is too"
                + " small for this command (reproduce holds the whole recorded run; replay and report stream it); give"
                + " the JVM more heap: %s", Runtime.getRuntime().maxMemory() >> 20,
                pmapsim.actors.machine.MemoryGuard.moreHeap());
    }

    /** The command line with pmapsim's error handling: what {@link #main} runs and what tests drive. */
    public static CommandLine commandLine(Main main) {
        CommandLine cl = new CommandLine(main);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, cmd.getErr()));
        return cl;
    }

    /** No subcommand: the usage, on stderr, as bad input. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("pmapsim: which command? (run, describe, runs, replay, reproduce, report, stress, minimize, cluster or node)");
        spec.commandLine().usage(err);
        return EXIT_BAD_INPUT;
    }

    /** An unknown option, a bad number, a missing argument: the message, the short usage, exit 2. */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("pmapsim: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        if (ex instanceof CommandLine.UnmatchedArgumentException u && u.getUnmatched().stream()
                .anyMatch(a -> a.matches("(?i)[KMGT]i?B|B|bytes?"))) {
            err.println("pmapsim: a size is one argument: quote it, as in --memory \"24 MiB\"");
        }
        err.print(cmd.getHelp().fullSynopsis());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more.");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /** What a command threw: bad input (exit 2, no stack trace) or an internal error (exit 1). */
    static int failure(Exception ex, PrintWriter err) {
        if (ex instanceof ScenarioException se) {
            err.println("pmapsim: scenario has " + se.problems().size() + " problem(s):");
            for (Problem p : se.problems()) {
                err.println("  " + p);
            }
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof BadInput bi) {
            err.println("pmapsim: " + bi.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof pmapsim.cluster.ClusterException ce) {
            err.println("pmapsim: " + ce.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof JournalException je) {
            err.println("pmapsim: " + je.getMessage());
            err.flush();
            return EXIT_JOURNAL;
        }
        if (ex instanceof NoSuchFileException nf) {
            err.println("pmapsim: no such file: " + nf.getFile());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            // a path the user gave that cannot be read or written (permission, a file in the way, a full disk)
            err.println("pmapsim: cannot use " + fs.getFile() + ": "
                    + (fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName()));
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println("pmapsim: internal error: " + describe(ex)
                + (debug() ? "" : " (" + DEBUG_ENV + "=1 shows the stack trace)"));
        if (debug()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_INTERNAL;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    static boolean debug() {
        String v = System.getenv(DEBUG_ENV);
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    /**
     * Pekko logs to stdout until told otherwise; {@code run --json} must print nothing there but the object. Route
     * Pekko's logging through SLF4J (logback.xml: WARN, on stderr) unless the user configured it with -D.
     */
    private static void quietPekko() {
        if (debug()) { // logback.xml cuts messages to one line and drops stack traces unless these are set
            setIfAbsent("pmapsim.log.cut", "(?!)"); // a pattern that matches nothing: the whole message
            setIfAbsent("pmapsim.log.exceptions", "%ex");
        }
        LogbackWithoutMdc.install(); // Pekko sets its MDC on every message; pmapsim never shows it
        // Configure logback before any thread logs, or SLF4J warns on stderr that it replayed early calls.
        org.slf4j.LoggerFactory.getILoggerFactory();
        boolean loggersSet = System.getProperties().stringPropertyNames().stream()
                .anyMatch(k -> k.startsWith("pekko.loggers"));
        if (!loggersSet) {
            System.setProperty("pekko.loggers.0", "org.apache.pekko.event.slf4j.Slf4jLogger");
            setIfAbsent("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");
        }
        setIfAbsent("pekko.stdout-loglevel", "OFF");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** A problem with what the user gave us that is not a scenario problem (for example a missing file). */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    /** {@code --version}: pmapsim's version, and what it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "pmapsim " + pmapsimVersion(),
                "Apache Pekko " + org.apache.pekko.Version.current() + " (Akka-compatible API), picocli "
                        + CommandLine.VERSION,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }

        static String pmapsimVersion() {
            try (InputStream in = Main.class.getResourceAsStream(
                    "/META-INF/maven/dev.pmapsim/pmapsim-cli/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    return p.getProperty("version", "unknown");
                }
            } catch (IOException e) {
                // fall through
            }
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "(development build)" : v;
        }
    }
}
