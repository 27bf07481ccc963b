package pmapsim.report;

import java.util.List;
import java.util.UUID;
import pmapsim.actors.machine.Simulation;
import pmapsim.actors.run.EventSink;
import pmapsim.model.scenario.Scenario;

/** Runs a scenario on the actors and turns what happened into a {@link RunReport}. */
public final class Runs {
    private Runs() {
    }

    public static RunReport run(Scenario scenario) {
        return run(newRunId(), scenario);
    }

    public static RunReport run(String runId, Scenario scenario) {
        return run(runId, scenario, List.of());
    }

    /** @param extraSinks see every event too, after the report's fold (a benchmark's timer, a journal writer) */
    public static RunReport run(String runId, Scenario scenario, List<? extends EventSink> extraSinks) {
        RunSummary summary = new RunSummary(scenario);
        List<EventSink> sinks = new java.util.ArrayList<>(List.of(summary));
        sinks.addAll(extraSinks);
        Simulation.Result r = Simulation.run(runId, scenario, sinks);
        return summary.report(runId, r.end(), r.events(), r.wallMs());
    }

    /** A short unique id for a run (not part of the model: it may come from anywhere). */
    public static String newRunId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
