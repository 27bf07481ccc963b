package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.pekko.persistence.typed.internal.JournalFailureException;
import org.junit.jupiter.api.Test;

/** When a journal write fails, the CLI prints its own lines about it, not one line per actor that it stopped. */
class PersistFailureEchoFilterTest {
    private final Logger logger = new LoggerContext().getLogger("pmapsim.actors.pmap.Pmap");
    private final PersistFailureEchoFilter filter = new PersistFailureEchoFilter();

    private FilterReply decide(String message, Throwable t) {
        return filter.decide(new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, message, t, null));
    }

    @Test
    void pekkosLineForEachStoppedActorIsDroppedAndNothingElse() {
        JournalFailureException persist = new JournalFailureException("Failed to persist event type [x]",
                new java.io.IOException("Broken pipe"));
        assertEquals(FilterReply.DENY, decide("Supervisor StopSupervisor saw failure: Failed to persist event type"
                + " [pmapsim.actors.run.Journaled] with sequence number [7795] for persistenceId [r|pmap-13]",
                persist));
        assertEquals(FilterReply.NEUTRAL, decide("journal write failed; the run stops: Broken pipe", null));
        assertEquals(FilterReply.NEUTRAL, decide("Supervisor StopSupervisor saw failure: boom",
                new IllegalStateException("boom")), "another actor failure is still shown");
    }
}
