package pmapsim.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.function.BooleanSupplier;
import pmapsim.cluster.Node;

/**
 * Drops the warnings Pekko's remoting logs for each connection to a peer that ends while this process's cluster node
 * closes ("[outbound connection to [pekko://...], message stream] Upstream failed, cause: StreamTcpException: The
 * connection has been aborted"). At the end of every {@code cluster run --local K} they came after the report, two per
 * node, for a shutdown that went as it should. Before the node closes, the same warning passes: then a peer really
 * went away.
 */
public final class PeerGoneFilter extends Filter<ILoggingEvent> {
    static final String LOGGER = "org.apache.pekko.stream.Materializer";

    private final BooleanSupplier closing;

    public PeerGoneFilter() {
        this(Node::closing);
    }

    PeerGoneFilter(BooleanSupplier closing) {
        this.closing = closing;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!LOGGER.equals(event.getLoggerName())) {
            return FilterReply.NEUTRAL;
        }
        String m = event.getFormattedMessage();
        boolean peerGone = m != null && m.contains("outbound connection to [") && m.contains("StreamTcpException");
        return peerGone && closing.getAsBoolean() ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
