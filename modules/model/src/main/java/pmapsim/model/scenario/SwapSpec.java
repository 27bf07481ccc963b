package pmapsim.model.scenario;

/**
 * The swap file on NFS and the NFS server behind it: size, the server's fixed cost per RPC and its bandwidth, and the
 * client's retransmit timeout. A reply that finds no receive mbuf is dropped and the request is retransmitted.
 * {@code mbufPoolBytes}: the mbuf clusters and swapbufs allocated at boot (kernel memory the pools start with).
 */
public record SwapSpec(long sizeBytes, long rpcMicros, long bytesPerSecond, long retransmitMicros,
                       long mbufPoolBytes) {

    /** Simulated service time of one request of {@code bytes}. */
    public long serviceMicros(long bytes) {
        return rpcMicros + (bytes * 1_000_000L) / bytesPerSecond;
    }
}
