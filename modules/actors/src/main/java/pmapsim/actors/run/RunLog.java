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
    private long nextTimer = Long.MAX_VALUE;
    private java.util.function.LongConsumer hardclock = t -> { };
    private Runnable quiescence = () -> finish(new RunEnd(RunEnd.Kind.STALLED,
            "no message in flight: nothing can make progress", seq - 1, lastTime));

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
        if (time >= nextTimer) { // some actor's clock passed the next timer: the clock interrupt fires it
            nextTimer = Long.MAX_VALUE;
            hardclock.accept(time);
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
     * Arms the hardclock: the first event stamped at or after {@code at} calls the handler given to
     * {@link #onHardclock} with its time (simulated time reaches timers that way, even when it is advanced by another
     * actor than the one holding the timers).
     */
    public synchronized void armTimer(long at) {
        nextTimer = at;
    }

    public void onHardclock(java.util.function.LongConsumer handler) {
        this.hardclock = handler;
    }

    /** A model message is about to be sent. */
    public void sent() {
        inFlight.incrementAndGet();
    }

    /**
     * Called when nothing is in flight: the scheduler may then let simulated time jump to its next timer. It runs on
     * the thread of the last actor turn; it must send a message (or end the run).
     */
    public void onQuiescence(Runnable handler) {
        this.quiescence = handler;
    }

    /** A model message has been handled (or dropped because the run ended). */
    public void handled() {
        if (inFlight.decrementAndGet() == 0 && !ended) {
            // nothing in flight means no actor is running: no other thread can be here now
            quiescence.run();
        }
    }

    /** An actor threw: the run ends as stalled, with the exception named (a model bug, never silent). */
    public void crash(String actor, RuntimeException e) {
        finish(new RunEnd(RunEnd.Kind.STALLED, "model error in " + actor + ": " + e, seq - 1, lastTime));
    }
}
