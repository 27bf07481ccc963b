package pmapsim.cluster.nfs;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.run.ModelActor;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.RunContext;

/**
 * A cluster machine's NFS mount of the shared server: it stands where a lone machine's {@link NfsServer} stands
 * (actor {@code nfsd}, the same protocol towards the swap pager, the same {@code Served}/{@code Replied} events), but
 * the service times come from the {@link NfsService} singleton, which may run on another node. A request is forwarded
 * with its simulated arrival time; the server answers with the interval it serves it in ({@code Scheduled}), or
 * drops it when its queue is full ({@code QueueFull}), and the mount retransmits after the client's timeout. The
 * reply reaches the pager when this machine's simulated time reaches the end of the service.
 *
 * <p>While a request is at the server the machine's run counts a message in flight, so a machine waiting for the
 * server is never taken for a deadlocked one.
 */
public final class NfsMount extends ModelActor<NfsServer.Command> {

    /** A request went to the shared server, arriving at {@code arrival} (simulated microseconds). */
    public record Forwarded(long xid, boolean write, long bytes, int attempt, long arrival) implements ModelEvent {
    }

    /** The shared server's queue was full: the request goes again after the client's timeout. */
    public record Retransmitted(long xid, int attempt, int queueDepth, long arrival)
            implements NfsServer.Retransmission {
    }

    /** @param clusterRun the cluster run (the server's run), of which this machine's run is a part */
    public static Behavior<NfsServer.Command> create(RunContext run, String clusterRun, String machine,
                                                     ActorRef<NfsService.Command> server) {
        return behavior(run, "nfsd", ctx -> new NfsMount(ctx, run, clusterRun, machine, server));
    }

    private record Pending(boolean write, long bytes) {
    }

    private record InService(long done, long xid) {
    }

    private final String clusterRun;
    private final String machine;
    private final ActorRef<NfsService.Command> server;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final PriorityQueue<InService> queue = new PriorityQueue<>((a, b) -> a.done() != b.done()
            ? Long.compare(a.done(), b.done()) : Long.compare(a.xid(), b.xid()));
    private final int clock;
    private final long rto;

    private NfsMount(ActorContext<NfsServer.Command> ctx, RunContext run, String clusterRun, String machine,
                     ActorRef<NfsService.Command> server) {
        super(ctx, run, "nfsd");
        this.clusterRun = clusterRun;
        this.machine = machine;
        this.server = server;
        this.rto = run.scenario().swap().retransmitMicros();
        ActorRef<NfsServer.Command> self = ctx.getSelf();
        this.clock = run.log().addClock("nfsd", meta -> self.tell(new NfsServer.Hardclock(meta)));
    }

    @Override
    protected void apply(ModelEvent e) {
        if (e instanceof Forwarded f) {
            pending.put(f.xid(), new Pending(f.write(), f.bytes()));
        } else if (e instanceof NfsServer.Served s) {
            queue.add(new InService(s.done(), s.xid()));
        } else if (e instanceof NfsServer.Replied r) {
            queue.poll();
        }
    }

    @Override
    protected void handle(NfsServer.Command m) {
        if (m instanceof NfsServer.Request r) {
            forward(r.xid(), r.write(), r.bytes(), r.attempt(), now());
        } else if (m instanceof NfsServer.Scheduled s) {
            Pending p = pending.get(s.xid());
            if (p != null) {
                emit(new NfsServer.Served(s.xid(), p.write(), p.bytes(), s.attempt(), s.queueDepth(), s.start(),
                        s.done()));
            }
        } else if (m instanceof NfsServer.QueueFull q) {
            Pending p = pending.get(q.xid());
            if (p != null) {
                emit(new Retransmitted(q.xid(), q.attempt() + 1, q.queueDepth(), now() + rto));
                forward(q.xid(), p.write(), p.bytes(), q.attempt() + 1, now() + rto);
            }
        }
        while (!queue.isEmpty() && queue.peek().done() <= now()) {
            InService done = queue.peek();
            emit(new NfsServer.Replied(done.xid(), done.done()));
            run.peers().pager().tell(new SwapPager.NfsReply(metaAt(done.done() - now()), done.xid()));
        }
        run.log().arm(clock, queue.isEmpty() ? Long.MAX_VALUE : queue.peek().done());
    }

    private void forward(long xid, boolean write, long bytes, int attempt, long arrival) {
        emit(new Forwarded(xid, write, bytes, attempt, arrival));
        run.log().sent(); // the answer is handled as a message of this run: it is in flight until then
        server.tell(new NfsService.Serve(clusterRun, machine, xid, write, bytes, attempt, arrival,
                getContext().getSelf()));
    }
}
