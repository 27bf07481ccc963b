package pmapsim.actors.run;

/**
 * An event as the run records it: its order stamp in the run, the actor, the id of the message being handled, the
 * stamp of the event that caused it (-1 for none), and the actor's simulated time in microseconds.
 */
public record Stamped(long seq, String actor, String msg, long cause, long time, ModelEvent body) {
}
