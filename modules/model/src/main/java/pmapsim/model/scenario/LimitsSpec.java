package pmapsim.model.scenario;

/**
 * Budgets that end a run that would otherwise go on: simulated time, events, and how long the work may go without
 * progress before the run is declared stalled.
 */
public record LimitsSpec(long maxSimMicros, long maxEvents, long stallMicros) {
}
