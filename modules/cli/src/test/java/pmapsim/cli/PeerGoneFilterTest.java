package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A cluster command's node that closes does not print a warning for each peer whose connection ends. */
class PeerGoneFilterTest {
    private static final String ABORTED = "[outbound connection to [pekko://pmapsim-cluster@127.0.0.1:43137], message"
            + " stream] Upstream failed, cause: StreamTcpException: The connection has been aborted";

    private final LoggerContext context = new LoggerContext();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final PeerGoneFilter filter = new PeerGoneFilter(closing::get);

    private FilterReply decide(String logger, String message) {
        return filter.decide(new LoggingEvent(Logger.class.getName(), context.getLogger(logger), Level.WARN, message,
                null, null));
    }

    @Test
    void aPeersConnectionEndingIsDroppedOnlyOnceTheNodeCloses() {
        assertEquals(FilterReply.NEUTRAL, decide(PeerGoneFilter.LOGGER, ABORTED), "while running: a peer went away");
        closing.set(true);
        assertEquals(FilterReply.DENY, decide(PeerGoneFilter.LOGGER, ABORTED));
        assertEquals(FilterReply.DENY, decide(PeerGoneFilter.LOGGER, ABORTED.replace("message stream",
                "control stream")));
        assertEquals(FilterReply.NEUTRAL, decide(PeerGoneFilter.LOGGER, "Upstream failed, cause: "
                + "IllegalStateException: boom"), "another stream's failure is still shown");
        assertEquals(FilterReply.NEUTRAL, decide("org.apache.pekko.cluster.Cluster", ABORTED), "another logger");
    }
}
