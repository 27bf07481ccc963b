package pmapsim.actors.run;

/** Why a run ended. {@code kind} is one of completed, panic, stalled; {@code reason} says what happened. */
public record RunEnd(Kind kind, String reason, long event, long simTime) {

    /** {@code INCOMPLETE}: only a replay says it, of a run that was killed before it ended. */
    public enum Kind { COMPLETED, PANIC, STALLED, INCOMPLETE }
}
