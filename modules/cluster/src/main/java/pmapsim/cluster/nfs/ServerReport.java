package pmapsim.cluster.nfs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pmapsim.actors.run.Cbor;

/**
 * What the shared NFS server did in one cluster run.
 *
 * @param served         requests served (retransmits included)
 * @param dropped        requests dropped because the queue was full (each retransmitted by its client)
 * @param retransmits    requests that were retransmissions (after a drop, or after a client lost a reply)
 * @param maxQueueDepth  the most requests the server held at once (never more than its queue)
 * @param busyMicros     simulated time spent serving
 * @param meanWaitMicros mean time a served request waited before its service began
 * @param spanMicros     simulated time from 0 to the end of the last service
 * @param bucketMicros   the width of one column of {@code queueDepth}
 * @param queueDepth     the most requests the server held at once in each column of simulated time
 */
public record ServerReport(String runId, String spec, long served, long dropped, long retransmits,
                           int maxQueueDepth, long busyMicros, long meanWaitMicros, long spanMicros,
                           long bucketMicros, List<Integer> queueDepth, List<Client> clients) implements Cbor {

    /** One client's requests: served, dropped, and retransmitted. */
    public record Client(String machine, long served, long dropped, long retransmits) implements Cbor {
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("NFS server (shared): ").append(spec).append('\n');
        b.append(String.format("  requests served %d, dropped (queue full) %d, retransmits %d%n", served, dropped,
                retransmits));
        b.append(String.format("  busy %.1f s of %.1f s simulated (%.0f%%), mean wait %.1f ms, deepest queue %d%n",
                busyMicros / 1e6, spanMicros / 1e6, spanMicros == 0 ? 0.0 : 100.0 * busyMicros / spanMicros,
                meanWaitMicros / 1e3, maxQueueDepth));
        b.append(String.format("  queue depth over simulated time (deepest per %.1f s):%n   ", bucketMicros / 1e6));
        for (int d : queueDepth) {
            b.append(' ').append(d);
        }
        b.append('\n');
        b.append(String.format("  %-12s %9s %9s %12s%n", "client", "served", "dropped", "retransmits"));
        for (Client c : clients) {
            b.append(String.format("  %-12s %9d %9d %12d%n", c.machine(), c.served(), c.dropped(), c.retransmits()));
        }
        return b.toString();
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec);
        m.put("requests_served", served);
        m.put("requests_dropped", dropped);
        m.put("retransmits", retransmits);
        m.put("max_queue_depth", maxQueueDepth);
        m.put("busy_us", busyMicros);
        m.put("mean_wait_us", meanWaitMicros);
        m.put("span_us", spanMicros);
        m.put("queue_depth_bucket_us", bucketMicros);
        m.put("queue_depth", queueDepth);
        List<Map<String, Object>> cs = new java.util.ArrayList<>();
        for (Client c : clients) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("machine", c.machine());
            x.put("served", c.served());
            x.put("dropped", c.dropped());
            x.put("retransmits", c.retransmits());
            cs.add(x);
        }
        m.put("clients", cs);
        return m;
    }
}
