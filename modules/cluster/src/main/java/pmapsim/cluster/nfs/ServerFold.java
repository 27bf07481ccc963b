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
    private long lastDone;
    private final Map<String, long[]> perMachine = new TreeMap<>();
    /** Arrival and end of service of every request served, in the server's order. */
    private final List<Long> arrivals = new ArrayList<>();
    private final List<Long> dones = new ArrayList<>();

    public void accept(Object event) {
        if (event instanceof NfsService.Served s) {
            served++;
            if (s.attempt() > 1) {
                retransmits++;
            }
            busyMicros += s.done() - s.start();
            waitMicros += s.start() - s.arrival();
            lastDone = Math.max(lastDone, s.done());
            arrivals.add(s.arrival());
            dones.add(s.done());
            perMachine.computeIfAbsent(s.machine(), k -> new long[3])[0]++;
            if (s.attempt() > 1) {
                perMachine.get(s.machine())[2]++;
            }
        } else if (event instanceof NfsService.Dropped d) {
            dropped++;
            if (d.attempt() > 1) {
                retransmits++;
            }
            lastDone = Math.max(lastDone, d.arrival());
            long[] m = perMachine.computeIfAbsent(d.machine(), k -> new long[3]);
            m[1]++;
            if (d.attempt() > 1) {
                m[2]++;
            }
        }
    }

    /**
     * The queue depth over simulated time, from the requests served: each is in the server from its arrival to the
     * end of its service. Per column, the deepest it was; over the run, the deepest of all.
     */
    public ServerReport report(String runId, String spec) {
        long span = Math.max(1, lastDone);
        long bucket = Math.max(1, (span + BUCKETS - 1) / BUCKETS);
        int[] max = new int[BUCKETS];
        int maxDepth = 0;
        long[] in = sorted(arrivals);
        int[] depth = depthAtArrivals(in, sorted(dones));
        for (int k = 0; k < in.length; k++) {
            int i = (int) Math.min(BUCKETS - 1, in[k] / bucket);
            max[i] = Math.max(max[i], depth[k]);
            maxDepth = Math.max(maxDepth, depth[k]);
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

    /** The most intervals {@code [starts[i], ends[i])} that overlap at one moment. */
    static int peak(List<Long> starts, List<Long> ends) {
        int peak = 0;
        for (int d : depthAtArrivals(sorted(starts), sorted(ends))) {
            peak = Math.max(peak, d);
        }
        return peak;
    }

    /**
     * For intervals given by their sorted starts and sorted ends: how many are open just after each start. An
     * interval that ends at the moment another starts has left.
     */
    private static int[] depthAtArrivals(long[] in, long[] out) {
        int[] depth = new int[in.length];
        int open = 0;
        int j = 0;
        for (int k = 0; k < in.length; k++) {
            while (j < out.length && out[j] <= in[k]) {
                j++;
                open--;
            }
            depth[k] = ++open;
        }
        return depth;
    }

    private static long[] sorted(List<Long> values) {
        long[] v = new long[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        java.util.Arrays.sort(v);
        return v;
    }
}
