package pmapsim.actors.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The run's order and its end. Every event of every actor passes through {@link #append}, which gives it the next
 * order stamp and hands it to the sinks (monitors, the report's fold) under one lock, so they see one total order
 * that respects causality: an actor's event is appended before the messages it causes are sent.
 *
 * <p>It also counts messages in flight: a run with no message in flight and no end is quiescent, and so stalled
 * (work pending, nothing left that could make progress). Nothing here reads a clock.
 *
 * <p>The clock: owners (the scheduler's timers, the NFS server's service) arm deadlines; a deadline fires — a
 * {@code Hardclock} message to its owner, stamped with the deadline and numbered {@code clock:OWNER#N} — when an
 * event is stamped at or after it, or, when nothing is in flight anywhere, by letting simulated time jump to it.
 * When a recorded run is reproduced, the clock never fires by itself: each owner is given its next tick when its
 * recorded order says so ({@link #fire}).
 */
public final class RunLog {
    private final List<EventSink> sinks = new ArrayList<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final CompletableFuture<RunEnd> end = new CompletableFuture<>();
    private final CompletableFuture<Void> booted = new CompletableFuture<>();
    private final long maxEvents;
    private final Reproduction reproduce;
    private long seq;
    private long lastTime;
    private volatile boolean ended;
    private volatile String journalFailure;
    private final List<String> owners = new ArrayList<>();
    private final List<Consumer<Meta>> clocks = new ArrayList<>();
    private long[] deadlines = new long[0];
    private long[] ticks = new long[0];
    private long nextDeadline = Long.MAX_VALUE;

    public RunLog(long maxEvents) {
        this(maxEvents, null);
    }

    /** @param reproduce the recorded order a reproduction follows, or null for a live run */
    public RunLog(long maxEvents, Reproduction reproduce) {
        this.maxEvents = reproduce == null ? maxEvents : Long.MAX_VALUE;
        this.reproduce = reproduce;
    }

    public synchronized void addSink(EventSink sink) {
        sinks.add(sink);
    }

    /**
     * Records an event and returns its order stamp. Once the run has ended, nothing more is recorded (an actor may
     * still be finishing the turn in which another ended the run): the report is the run up to its end.
     */
    public synchronized long append(String actor, String msg, long cause, long time, ModelEvent body) {
        if (ended && reproduce == null) {
            return -1;
        }
        long s = seq++;
        lastTime = Math.max(lastTime, time);
        if (time >= nextDeadline && reproduce == null) { // an actor's clock passed a deadline: its interrupt fires
            fireDue(time);
        }
        Stamped e = new Stamped(s, actor, msg, cause, time, body);
        for (EventSink sink : sinks) {
            sink.accept(e);
        }
        if (seq >= maxEvents && !ended) {
            finish(new RunEnd(RunEnd.Kind.STALLED, "event budget of " + maxEvents + " events reached", s, lastTime));
        }
        return s;
    }

    public synchronized long events() {
        return seq;
    }

    public synchronized long lastTime() {
        return lastTime;
    }

    /** Ends the run; the first end wins (a panic that happens while the run is ending is not recorded). */
    public synchronized void finish(RunEnd e) {
        if (!ended) {
            ended = true;
            end.complete(e);
        }
    }

    public boolean ended() {
        return ended;
    }

    /**
     * Whether actors stop taking messages: once a live run has ended. A reproduction goes on to the end of every
     * actor's recorded order, because the live actors finished the turns they had begun.
     */
    public boolean gated() {
        return ended && reproduce == null;
    }

    public CompletableFuture<RunEnd> end() {
        return end;
    }

    /** Completes once the machine's actors are spawned and its boot messages sent. */
    public CompletableFuture<Void> booted() {
        return booted;
    }

    /**
     * Registers the clock of {@code owner}; {@code tick} sends the owner the message. An owner that registers again
     * (an actor restarted by its supervisor) keeps its deadline and numbering and gets the new handler.
     */
    public synchronized int addClock(String owner, Consumer<Meta> tick) {
        int i = owners.indexOf(owner);
        if (i >= 0) {
            clocks.set(i, tick);
            return i;
        }
        owners.add(owner);
        clocks.add(tick);
        deadlines = Arrays.copyOf(deadlines, clocks.size());
        ticks = Arrays.copyOf(ticks, clocks.size());
        deadlines[clocks.size() - 1] = Long.MAX_VALUE;
        return clocks.size() - 1;
    }

    /** Sets the next deadline of a clock ({@code Long.MAX_VALUE}: none); one already passed fires at once. */
    public synchronized void arm(int clock, long at) {
        deadlines[clock] = at;
        nextDeadline = Arrays.stream(deadlines).min().orElse(Long.MAX_VALUE);
        if (at <= lastTime && !ended && reproduce == null) {
            fireDue(lastTime);
        }
    }

    private void fireDue(long time) {
        for (int i = 0; i < deadlines.length; i++) {
            if (deadlines[i] <= time) {
                fire(i);
            }
        }
        nextDeadline = Arrays.stream(deadlines).min().orElse(Long.MAX_VALUE);
    }

    /** Gives the clock's owner its next tick, stamped with its deadline, and disarms it. */
    private void fire(int i) {
        long at = deadlines[i];
        deadlines[i] = Long.MAX_VALUE;
        sent();
        clocks.get(i).accept(new Meta("clock:" + owners.get(i), ++ticks[i], -1, at));
    }

    /**
     * Reproduction: {@code owner}'s recorded order says its next turn takes the tick {@code id}, which the live clock
     * stamped {@code at} (the deadline armed when it fired: the owner may have re-armed before taking it).
     */
    public synchronized void fire(String owner, String id, long at) {
        int i = owners.indexOf(owner);
        if (i >= 0) {
            sent();
            long n = Long.parseLong(id.substring(id.lastIndexOf('#') + 1));
            clocks.get(i).accept(new Meta("clock:" + owner, n, -1, at));
        }
    }

    /** Nothing in flight: time jumps to the earliest deadline, or, with none, nothing can ever happen again. */
    private synchronized void idle() {
        if (ended && reproduce == null) {
            return;
        }
        if (reproduce != null) {
            reproduce.idle();
            return;
        }
        if (nextDeadline == Long.MAX_VALUE) {
            finish(new RunEnd(RunEnd.Kind.STALLED, "deadlock: no message in flight and no timer pending",
                    seq - 1, lastTime));
            return;
        }
        long at = nextDeadline;
        lastTime = Math.max(lastTime, at);
        fireDue(at);
    }

    /** A model message is about to be sent. */
    public void sent() {
        inFlight.incrementAndGet();
    }

    /** A model message has been handled (or dropped because the run ended, or held back by a reproduction). */
    public void handled() {
        if (inFlight.decrementAndGet() == 0 && (!ended || reproduce != null)) {
            // nothing in flight means no actor is running: no other thread can be here now
            idle();
        }
    }

    /** An actor threw: the run ends as stalled, with the exception named (a model bug, never silent). */
    public void crash(String actor, RuntimeException e) {
        finish(new RunEnd(RunEnd.Kind.STALLED, "model error in " + actor + ": " + e, seq - 1, lastTime));
    }

    /** The journal refused a write: the run ends; what was written before replays. */
    public void journalFailed(String actor, Throwable cause) {
        if (journalFailure == null) {
            journalFailure = why(cause);
        }
        finish(new RunEnd(RunEnd.Kind.STALLED, "journal failure in " + actor + ": " + cause.getMessage(), seq - 1,
                lastTime));
    }

    /** The journal's error, if the run ended because the journal failed (null otherwise). */
    public String journalFailure() {
        return journalFailure;
    }

    /**
     * What a journal failure comes down to, in one short line: the innermost cause, and for a failed JDBC batch the
     * database's own reason ("terminating connection due to administrator command") rather than the statement.
     */
    public static String why(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.sql.SQLException sql) {
            java.sql.SQLException next = sql.getNextException();
            while (next != null && next.getNextException() != null) {
                next = next.getNextException();
            }
            if (next != null && next.getMessage() != null) {
                root = next;
            }
        }
        String m = firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
        return m.length() > 300 ? m.substring(0, 300) + " ..." : m;
    }

    private static String firstLine(String m) {
        String s = m.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).strip();
    }
}
