package pmapsim.actors.run;

/**
 * What every model message carries besides its content: its id ({@code from#seq}), the order stamp of the event
 * that caused it (or -1), and the sender's simulated time in microseconds when it was sent. Simulated time travels in
 * messages: a receiver's clock is the max of its own and the stamps of what it takes.
 */
public record Meta(String from, long seq, long cause, long time) {

    public String id() {
        return from + "#" + seq;
    }

    /** A message from outside the model (the run's start), stamped at time zero. */
    public static Meta boot(long seq) {
        return new Meta("boot", seq, -1, 0);
    }
}
