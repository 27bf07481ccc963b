package pmapsim.model.workload;

/**
 * A process the machine starts: {@code count} copies of {@code program} named {@code command}. A daemon loops its
 * program forever and is not part of the work whose end completes the run.
 */
public record ProcessSpec(String command, String program, int count, boolean daemon, long startMicros) {
}
