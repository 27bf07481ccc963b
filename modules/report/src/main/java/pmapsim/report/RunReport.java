package pmapsim.report;

import java.util.List;
import java.util.SortedMap;

/**
 * What a run tells its user. The field names are the JSON keys of {@code run --json} (a contract from issue 2):
 * {@link Json} writes them in snake case.
 *
 * @param memory   pages per pool (vm-model.md §5) at the end of the run, plus {@code npages}
 * @param collected every {@code pmap_collect} done by the emergency path, oldest first
 * @param backtrace the causal chain that ended the run (newest first), one line per step
 */
public record RunReport(String runId, String scenario, long seed, String policy, int cpus, Outcome outcome,
                        String panic, List<Violation> violations, SortedMap<String, Long> memory,
                        long pagesInFlight, List<PmapUsage> topPmaps, List<Collection> collected,
                        List<String> backtrace, SortedMap<String, Long> counters, long events, long simTimeMs,
                        long wallMs, String endReason) {

    public enum Outcome {
        COMPLETED(0), PANIC(3), VIOLATION(4), STALLED(5),
        /** A replay of a run that was killed: the journal holds its beginning, not its end. */
        INCOMPLETE(8);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A safety monitor that fired: its name, the event (order stamp) that broke it, and what it saw. */
    public record Violation(String monitor, long event, String message) {
    }

    /** One emergency collection: the victim ({@code pid command}), the CPU whose allocation asked for it. */
    public record Collection(String victim, int byCpu, long event, long pagesFreed, long simTimeUs) {
    }

    /** A pmap's share of the memory: table pages by level and pv entries it holds. */
    public record PmapUsage(String pmap, int pid, String command, long ptL1, long ptL2, long ptL3, long pvEntries) {
        public long tablePages() {
            return ptL1 + ptL2 + ptL3;
        }
    }
}
