package pmapsim.journal;

/**
 * One run in the catalogue ({@code pmapsim_runs}). {@code outcome} is null while the run is under way, and stays null
 * for a run that was killed: such a run replays as {@code incomplete}.
 */
public record RunRow(String runId, String scenario, String source, String scenarioText, long seed, String policy,
                     int cpus, long startedAt, String outcome, String endKind, String endReason, long endEvent,
                     long endSimTime, long events, long wallMs) {
}
