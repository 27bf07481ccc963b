package pmapsim.actors.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's order and its end. Every event of every actor passes through {@link #append}, which gives it the next
 * order stamp and hands it to the sinks (monitors, the report's fold) under one lock, so they see one total order
 * that respects causality: an actor's event is appended before the messages it causes are sent.
 *
 * <p>It also counts messages in flight: a run with no message in flight and no end is quiescent, and so stalled
 * (work pending, nothing left that could make progress). Nothing here reads a clock.
 */
public final class RunLog {
    private final List<EventSink> sinks = new ArrayList<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final CompletableFuture<RunEnd> end = new CompletableFuture<>();
    private final long maxEvents;
    private long seq;
    private long lastTime;
    private volatile boolean ended;
    private final List<java.util.function.LongConsumer> clocks = new ArrayList<>();
    private long[] deadlines = new long[0];
    private long nextDeadline = Long.MAX_VALUE;
    private long clockSeq;

    public RunLog(long maxEvents) {
        this.maxEvents = maxEvents;
    }

    public synchronized void addSink(EventSink sink) {
        sinks.add(sink);
    }

    /**
     * Records an event and returns its order stamp. Once the run has ended, nothing more is recorded (an actor may
     * still be finishing the turn in which another ended the run): the report is the run up to its end.
     */
    public synchronized long append(String actor, String msg, long cause, long time, ModelEvent body) {
        if (ended) {
            return -1;
        }
        long s = seq++;
        lastTime = Math.max(lastTime, time);
        if (time >= nextDeadline) { // some actor's clock passed a deadline: the clock interrupt fires it
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

    public CompletableFuture<RunEnd> end() {
        return end;
    }

    /**
     * Registers an owner of deadlines (the scheduler's timers, the NFS server's replies in progress). Its handler is
     * called with a simulated time when the run reaches its deadline: when an event is stamped at or after it, or,
     * when nothing is in flight anywhere, by letting simulated time jump to the earliest deadline. The handler must
     * send its owner a message.
     */
    public synchronized int addClock(java.util.function.LongConsumer handler) {
        clocks.add(handler);
        deadlines = java.util.Arrays.copyOf(deadlines, clocks.size());
        deadlines[clocks.size() - 1] = Long.MAX_VALUE;
        return clocks.size() - 1;
    }

    /** The metadata of a message from the clock (ids {@code clock#N}, unique in the run). */
    public synchronized Meta clockMeta(long time) {
        return new Meta("clock", ++clockSeq, -1, time);
    }

    /** Sets the next deadline of a clock ({@code Long.MAX_VALUE}: none); one already passed fires at once. */
    public synchronized void arm(int clock, long at) {
        deadlines[clock] = at;
        nextDeadline = java.util.Arrays.stream(deadlines).min().orElse(Long.MAX_VALUE);
        if (at <= lastTime && !ended) {
            fireDue(lastTime);
        }
    }

    private void fireDue(long time) {
        for (int i = 0; i < deadlines.length; i++) {
            if (deadlines[i] <= time) {
                deadlines[i] = Long.MAX_VALUE;
                clocks.get(i).accept(time);
            }
        }
        nextDeadline = java.util.Arrays.stream(deadlines).min().orElse(Long.MAX_VALUE);
    }

    /** Nothing in flight: time jumps to the earliest deadline, or, with none, nothing can ever happen again. */
    private synchronized void idle() {
        if (ended) {
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

    /** A model message has been handled (or dropped because the run ended). */
    public void handled() {
        if (inFlight.decrementAndGet() == 0 && !ended) {
            // nothing in flight means no actor is running: no other thread can be here now
            idle();
        }
    }

    /** An actor threw: the run ends as stalled, with the exception named (a model bug, never silent). */
    public void crash(String actor, RuntimeException e) {
        finish(new RunEnd(RunEnd.Kind.STALLED, "model error in " + actor + ": " + e, seq - 1, lastTime));
    }
}
