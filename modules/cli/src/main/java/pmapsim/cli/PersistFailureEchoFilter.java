package pmapsim.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the line Pekko logs for every event-sourced actor that a failed journal write stops ("Supervisor
 * StopSupervisor saw failure: Failed to persist event ..."). When the journal fails, every actor with a write in
 * flight gets that failure, so a busy run printed one such line per actor: a log, where the journal's own line
 * ("journal write failed; the run stops: ...") and the command's last line already say what happened and what was
 * kept. Pekko offers no setting for it: the event-sourced behaviour's own stop supervisor logs it before any
 * supervisor of the model's can see the failure (a quiet one around it, in ModelActor, never silenced it). Everything
 * else passes.
 */
public final class PersistFailureEchoFilter extends Filter<ILoggingEvent> {
    static final String JOURNAL_FAILURE = "org.apache.pekko.persistence.typed.internal.JournalFailureException";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        IThrowableProxy t = event.getThrowableProxy();
        String message = event.getMessage();
        boolean echo = message != null && message.startsWith("Supervisor ")
                && t != null && JOURNAL_FAILURE.equals(t.getClassName());
        return echo ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
