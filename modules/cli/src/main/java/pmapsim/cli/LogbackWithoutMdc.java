package pmapsim.cli;

import ch.qos.logback.classic.spi.LogbackServiceProvider;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * Logback, with an SLF4J MDC that keeps nothing. Pekko puts its source, address and persistence id into the MDC and
 * clears it again on every message an actor takes, whether anything is logged or not, and pmapsim's log pattern never
 * shows the MDC (issue 8: JFR put 18 % of a persistent echo pair's samples in {@code MDC.put}; in three alternating
 * {@code Bench --db none} runs each way, without it the persistent echo pairs ran 15–37 % faster and controlled
 * model turns -1 to +16 %; the live model did not change beyond its noise). Everything else is Logback's: the
 * configuration, appenders and levels.
 *
 * <p>{@link #install()} names it as SLF4J's provider ({@code slf4j.provider}) unless one is already named: run with
 * {@code -Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider} to have Pekko's MDC back (for a pattern
 * with {@code %X{pekkoSource}}).
 */
public final class LogbackWithoutMdc extends LogbackServiceProvider {
    /** The system property SLF4J (2.0.9 and later) reads to choose its provider without a class-path search. */
    static final String PROVIDER = "slf4j.provider";

    /** SLF4J's own level for what it reports on stderr: it says at INFO that it loads a provider named so. */
    static final String VERBOSITY = "slf4j.internal.verbosity";

    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    /**
     * Names this provider for SLF4J, unless one is named already, and keeps SLF4J's line about a named provider off
     * stderr (unless its verbosity is set); call before anything logs.
     */
    public static void install() {
        if (System.getProperty(PROVIDER) == null) {
            System.setProperty(PROVIDER, LogbackWithoutMdc.class.getName());
        }
        if (System.getProperty(VERBOSITY) == null) {
            System.setProperty(VERBOSITY, "WARN"); // stderr stays pmapsim's
        }
        // SLF4J starts now, on this thread. Started by the first of an actor system's threads that log at once, it
        // replays what the others logged meanwhile and says so on stderr, three lines (seen from ControlledBench).
        org.slf4j.LoggerFactory.getILoggerFactory();
    }
}
