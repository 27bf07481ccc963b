package pmapsim.model.scenario;

/**
 * UVM tunables: {@code maxslp} (a process asleep this long is swapped out by the daemon), the pageout cluster size
 * (MAXBSIZE / PAGE_SIZE), the u-area size, and how many inactive pages one scan step looks at.
 */
public record UvmSpec(long maxslpMicros, int pageoutCluster, int uareaPages, int scanBatch) {
}
