package pmapsim.actors.run;

import pmapsim.model.Geometry;
import pmapsim.model.Thresholds;
import pmapsim.model.policy.Policy;
import pmapsim.model.scenario.Scenario;

/**
 * What every actor of one run shares, read-only: the scenario, its policy and derived numbers, the run's log, the
 * directory of actors, and how the actors persist.
 */
public record RunContext(String runId, Scenario scenario, Policy policy, Thresholds thresholds, Geometry geometry,
                         RunLog log, Peers peers, Journaling journaling) {
}
