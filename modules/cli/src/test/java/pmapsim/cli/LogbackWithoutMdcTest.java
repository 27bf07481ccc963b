package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPMDCAdapter;

/** pmapsim's SLF4J provider: Logback's logging, an MDC that keeps nothing, and a user's choice of provider kept. */
class LogbackWithoutMdcTest {

    @Test
    void logsThroughLogbackAndKeepsNoMdc() {
        LogbackWithoutMdc provider = new LogbackWithoutMdc();
        provider.initialize();
        LoggerContext logback = assertInstanceOf(LoggerContext.class, provider.getLoggerFactory());
        assertEquals(pmapsim.cli.Main.class.getName(), logback.getLogger(Main.class).getName());
        NOPMDCAdapter mdc = assertInstanceOf(NOPMDCAdapter.class, provider.getMDCAdapter());
        mdc.put("pekkoSource", "pmap-12");
        assertNull(mdc.get("pekkoSource"), "the MDC keeps nothing");
    }

    @Test
    void installNamesItUnlessTheUserNamedAProvider() {
        String before = System.getProperty(LogbackWithoutMdc.PROVIDER);
        String verbosity = System.getProperty(LogbackWithoutMdc.VERBOSITY);
        try {
            System.clearProperty(LogbackWithoutMdc.PROVIDER);
            System.clearProperty(LogbackWithoutMdc.VERBOSITY);
            LogbackWithoutMdc.install();
            assertEquals(LogbackWithoutMdc.class.getName(), System.getProperty(LogbackWithoutMdc.PROVIDER));
            assertEquals("WARN", System.getProperty(LogbackWithoutMdc.VERBOSITY), "no INFO line about the provider");

            String users = "ch.qos.logback.classic.spi.LogbackServiceProvider";
            System.setProperty(LogbackWithoutMdc.PROVIDER, users);
            System.setProperty(LogbackWithoutMdc.VERBOSITY, "INFO");
            LogbackWithoutMdc.install();
            assertEquals(users, System.getProperty(LogbackWithoutMdc.PROVIDER), "the user's choice stays");
            assertEquals("INFO", System.getProperty(LogbackWithoutMdc.VERBOSITY), "and so does their verbosity");
        } finally {
            restore(LogbackWithoutMdc.PROVIDER, before);
            restore(LogbackWithoutMdc.VERBOSITY, verbosity);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
