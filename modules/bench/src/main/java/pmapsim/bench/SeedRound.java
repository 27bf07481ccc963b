package pmapsim.bench;

import java.util.List;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Stamped;
import pmapsim.model.scenario.Scenario;
import pmapsim.report.RunReport;
import pmapsim.report.Runs;

/**
 * One live run of a scenario, timed: {@link Runs#run(String, Scenario, List)} with one more sink that notes the
 * wall-clock instant of the run's first event, so the actor system's start can be told apart from the simulation.
 *
 * @param wallMs     the run's wall time as its report gives it: from the actor system's start to the run's end
 * @param startupMs  from the actor system's start to the first model event
 * @param shutdownMs from the run's end until the actor system has terminated (not in {@code wallMs})
 */
record SeedRound(long events, long simTimeMs, long wallMs, double startupMs, double shutdownMs,
                 RunReport.Outcome outcome) {

    static SeedRound run(Scenario scenario) {
        FirstEvent first = new FirstEvent();
        long start = System.nanoTime();
        RunReport report = Runs.run(Runs.newRunId(), scenario, List.of(first));
        long returned = System.nanoTime();
        if (!first.seen) {
            throw new IllegalStateException("the run recorded no event");
        }
        double startupMs = (first.at - start) / 1e6;
        double shutdownMs = (returned - start) / 1e6 - report.wallMs();
        return new SeedRound(report.events(), report.simTimeMs(), report.wallMs(), startupMs, shutdownMs,
                report.outcome());
    }

    /** Events per second of wall time, the actor system's start included (as the run's report counts it). */
    double eventsPerSecond() {
        return events / (wallMs / 1e3);
    }

    /** Events per second from the first event to the run's end. */
    double eventsPerSecondAfterStartup() {
        return events / (afterStartupMs() / 1e3);
    }

    /**
     * The run's wall time from its first event. {@code wallMs} has a resolution of 1 ms, so a run that ends within
     * a millisecond of its first event (one that stalls at boot, say) counts as one millisecond.
     */
    double afterStartupMs() {
        return Math.max(wallMs - startupMs, 1);
    }

    /** Sinks are called under the run's lock, and the run's end is published after them: no more is needed here. */
    private static final class FirstEvent implements EventSink {
        private boolean seen;
        private long at;

        @Override
        public void accept(Stamped e) {
            if (!seen) {
                seen = true;
                at = System.nanoTime();
            }
        }
    }
}
