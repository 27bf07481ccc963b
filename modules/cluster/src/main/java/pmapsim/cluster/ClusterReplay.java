package pmapsim.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.SerializationExtension;
import pmapsim.actors.run.PmapsimConfig;
import pmapsim.actors.run.Stamped;
import pmapsim.cluster.nfs.NfsService;
import pmapsim.cluster.nfs.ServerFold;
import pmapsim.cluster.nfs.ServerReport;
import pmapsim.journal.JournalDb;
import pmapsim.journal.JournalException;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RecordedRun;
import pmapsim.journal.RunRow;
import pmapsim.report.Runs;

/**
 * A recorded cluster run read back from the journal alone: each machine's run ({@code CLUSTERRUN-MACHINE}) replayed
 * through the same fold and monitors as a lone run, the shared server's events folded into its report, and every
 * machine's events and the server's merged into one timeline ordered by simulated time.
 */
public final class ClusterReplay {
    private ClusterReplay() {
    }

    /** One event of the merged timeline: whose it is (a machine's name, or {@code nfs-server}) and the event. */
    public record Entry(String machine, Stamped event) {
    }

    public record Replayed(String runId, List<String> machines, List<Runs.Replayed> reports, ServerReport server,
                           long timelineEvents, long firstTime, long lastTime) {
        public int exitCode() {
            for (int code : new int[] {3, 5, 4, 8}) {
                if (reports.stream().anyMatch(r -> r.report().outcome().exitCode() == code)) {
                    return code;
                }
            }
            return 0;
        }
    }

    /** The machine runs of a cluster run, in the order of their names; empty when {@code runId} is none. */
    public static List<RunRow> machineRuns(JournalSettings journal, String runId) throws JournalException {
        try (JournalDb db = JournalDb.openToRead(journal)) {
            List<RunRow> rows = new ArrayList<>();
            for (RunRow r : db.runs()) {
                if (r.runId().startsWith(runId + "-") && r.runId().indexOf('-') == runId.length()) {
                    rows.add(r);
                }
            }
            rows.sort(Comparator.comparing(RunRow::runId));
            return rows;
        }
    }

    public static boolean isClusterRun(JournalSettings journal, String runId) throws JournalException {
        if (!journal.durable() || runId.contains("-")) {
            return false;
        }
        try (JournalDb db = JournalDb.openToRead(journal)) {
            if (db.run(runId).isPresent()) {
                return false;
            }
        }
        return !machineRuns(journal, runId).isEmpty();
    }

    /**
     * @param timeline sees the merged timeline, oldest first (by simulated time; at one instant, machines in name
     *                 order and the server last, each in its own order)
     */
    public static Replayed replay(JournalSettings journal, String runId, Consumer<Entry> timeline)
            throws JournalException {
        List<RunRow> rows = machineRuns(journal, runId);
        if (rows.isEmpty()) {
            throw new JournalException("no cluster run " + runId + " in " + journal.describe());
        }
        List<String> machines = new ArrayList<>();
        List<Runs.Replayed> reports = new ArrayList<>();
        List<Entry> all = new ArrayList<>();
        for (RunRow row : rows) {
            String machine = row.runId().substring(runId.length() + 1);
            machines.add(machine);
            reports.add(Runs.replayed(journal, row.runId(), reading -> List.of(e -> all.add(new Entry(machine, e)))));
        }
        ServerFold fold = new ServerFold();
        String[] spec = {"(not recorded)"};
        ActorSystem system = ActorSystem.create("pmapsim-reader", PmapsimConfig.load());
        try (JournalDb db = JournalDb.openToRead(journal)) {
            RecordedRun.timeline(db, SerializationExtension.get(system), runId, e -> {
                if (e.body() instanceof NfsService.ServerOpened o) {
                    spec[0] = NfsService.describe(new ClusterScenario.ServerSpec(o.rpcMicros(), o.bytesPerSecond(),
                            o.queue()));
                }
                fold.accept(e.body());
                all.add(new Entry(NfsService.SINGLETON, e));
            });
        } finally {
            system.terminate();
        }
        List<Entry> merged = merge(all);
        merged.forEach(timeline);
        long first = merged.isEmpty() ? 0 : merged.get(0).event().time();
        long last = merged.stream().mapToLong(e -> e.event().time()).max().orElse(0);
        return new Replayed(runId, machines, reports, fold.report(runId, spec[0]), merged.size(), first, last);
    }

    /**
     * Merges the sources' events (each source's in its own order) into one timeline: the next event is always the
     * head with the smallest simulated time, ties to the earlier source. Each source's order is kept.
     */
    static List<Entry> merge(List<Entry> all) {
        java.util.Map<String, java.util.ArrayDeque<Entry>> sources = new java.util.LinkedHashMap<>();
        for (Entry e : all) {
            sources.computeIfAbsent(e.machine(), k -> new java.util.ArrayDeque<>()).add(e);
        }
        List<java.util.ArrayDeque<Entry>> queues = new ArrayList<>(sources.values());
        List<Entry> out = new ArrayList<>(all.size());
        java.util.PriorityQueue<Integer> heads = new java.util.PriorityQueue<>(Comparator
                .comparingLong((Integer i) -> queues.get(i).peekFirst().event().time()).thenComparingInt(i -> i));
        for (int i = 0; i < queues.size(); i++) {
            heads.add(i);
        }
        while (!heads.isEmpty()) {
            int i = heads.poll();
            out.add(queues.get(i).pollFirst());
            if (!queues.get(i).isEmpty()) {
                heads.add(i);
            }
        }
        return out;
    }
}
