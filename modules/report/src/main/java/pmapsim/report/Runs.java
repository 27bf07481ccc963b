package pmapsim.report;

import pmapsim.model.scenario.Scenario;

/** Runs a scenario on the actors and turns what happened into a {@link RunReport}. */
public final class Runs {
    private Runs() {
    }

    public static RunReport run(Scenario scenario) {
        throw new IllegalStateException("not written yet");
    }
}
