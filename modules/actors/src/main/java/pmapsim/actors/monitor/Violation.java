package pmapsim.actors.monitor;

/** A safety property broken: which monitor, the order stamp of the event that broke it, and what it saw. */
public record Violation(String monitor, long event, String message) {
}
