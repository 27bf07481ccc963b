package pmapsim.cluster.nfs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shared NFS server's report, folded from its events (live, as the server persists them; or read back from the
 * journal by {@code replay}): requests served and dropped, retransmits, per client, and the queue depth over
 * simulated time.
 */
public final class ServerFold {
    /** Columns of the queue-depth line. */
    static final int BUCKETS = 20;

    private long served;
    private long dropped;
    private long retransmits;
    private long busyMicros;
    private long waitMicros;
    private int maxDepth;
    private long lastDone;
    private final Map<String, long[]> perMachine = new TreeMap<>();
    /** (arrival, depth) of every request, in the server's order. */
    private final List<long[]> depths = new ArrayList<>();

    public void accept(Object event) {
        if (event instanceof NfsService.Served s) {
            served++;
            if (s.attempt() > 1) {
                retransmits++;
            }
            busyMicros += s.done() - s.start();
            waitMicros += s.start() - s.arrival();
            lastDone = Math.max(lastDone, s.done());
            maxDepth = Math.max(maxDepth, s.queueDepth());
            depths.add(new long[] {s.arrival(), s.queueDepth()});
            perMachine.computeIfAbsent(s.machine(), k -> new long[3])[0]++;
            if (s.attempt() > 1) {
                perMachine.get(s.machine())[2]++;
            }
        } else if (event instanceof NfsService.Dropped d) {
            dropped++;
            if (d.attempt() > 1) {
                retransmits++;
            }
            maxDepth = Math.max(maxDepth, d.queueDepth());
            lastDone = Math.max(lastDone, d.arrival());
            depths.add(new long[] {d.arrival(), d.queueDepth()});
            long[] m = perMachine.computeIfAbsent(d.machine(), k -> new long[3]);
            m[1]++;
            if (d.attempt() > 1) {
                m[2]++;
            }
        }
    }

    public ServerReport report(String runId, String spec) {
        long span = Math.max(1, lastDone);
        long bucket = Math.max(1, (span + BUCKETS - 1) / BUCKETS);
        int[] max = new int[BUCKETS];
        for (long[] d : depths) {
            int i = (int) Math.min(BUCKETS - 1, d[0] / bucket);
            max[i] = (int) Math.max(max[i], d[1]);
        }
        List<Integer> line = new ArrayList<>();
        for (int m : max) {
            line.add(m);
        }
        List<ServerReport.Client> clients = new ArrayList<>();
        perMachine.forEach((k, v) -> clients.add(new ServerReport.Client(k, v[0], v[1], v[2])));
        return new ServerReport(runId, spec, served, dropped, retransmits, maxDepth, busyMicros,
                served == 0 ? 0 : waitMicros / served, lastDone, bucket, List.copyOf(line), List.copyOf(clients));
    }
}
