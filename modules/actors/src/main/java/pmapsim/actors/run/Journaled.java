package pmapsim.actors.run;

/**
 * One record of an actor's journal: an event of one turn, or, for a turn that changed nothing, a {@link Took}
 * marker that keeps the turn's place in the actor's delivery order.
 *
 * @param run    the run id
 * @param stamp  the event's order stamp in the run ({@code -1}: a marker, or an event after the run's end)
 * @param actor  the actor's name
 * @param msg    the id of the message the turn took ({@code sender#seq})
 * @param sentAt the simulated time the message carried (for a clock tick, the time the clock gave it)
 * @param cause  the order stamp of the event that caused this one ({@code -1}: none)
 * @param time   the actor's simulated time at the event, in microseconds
 * @param clock  the actor's simulated time at the end of the turn (what a recovering actor resumes from)
 * @param sent   how many messages the actor had sent by the end of the turn (the next id it gives)
 * @param body   the event
 */
public record Journaled(String run, long stamp, String actor, String msg, long sentAt, long cause, long time,
                        long clock, long sent, ModelEvent body) implements Cbor {

    /** The event as the run's timeline, monitors and reports see it. */
    public Stamped stamped() {
        return new Stamped(stamp, actor, msg, cause, time, body);
    }

    public boolean marker() {
        return body instanceof Took;
    }

    /** A turn that emitted no event: the actor took {@code msg} and only answered, deferred or dropped it. */
    public record Took() implements ModelEvent {
    }
}
