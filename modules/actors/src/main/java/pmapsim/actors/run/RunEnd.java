package pmapsim.actors.run;

/** Why a run ended. {@code kind} is one of completed, panic, stalled; {@code reason} says what happened. */
public record RunEnd(Kind kind, String reason, long event, long simTime) {

    public enum Kind { COMPLETED, PANIC, STALLED }
}
