package pmapsim.actors.nfs;

import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelActor;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Msg;
import pmapsim.actors.run.RunContext;
import pmapsim.model.scenario.SwapSpec;

/**
 * The NFS server holding the swap file: one queue, served in order, each request costing a fixed RPC time plus its
 * bytes over the link. A reply is stamped with the simulated time its service ends, so no one waits on a clock.
 */
public final class NfsServer extends ModelActor<NfsServer.Command> {

    public sealed interface Command extends Msg {
    }

    public record Request(Meta meta, long xid, boolean write, long bytes, int attempt,
                          ActorRef<SwapPager.Command> replyTo) implements Command {
    }

    /**
     * A cluster's shared server (another node) took a request that a machine's mount forwarded: it serves it from
     * {@code start} to {@code done}, simulated microseconds. The local server neither sends nor takes it.
     */
    public record Scheduled(Meta meta, long xid, int attempt, int queueDepth, long start, long done)
            implements Command, pmapsim.actors.run.Cbor {
    }

    /** A cluster's shared server found its queue full and dropped the request: the client retransmits. */
    public record QueueFull(Meta meta, long xid, int attempt, int queueDepth)
            implements Command, pmapsim.actors.run.Cbor {
    }

    /** From the clock: simulated time has reached the end of the service in progress. */
    public record Hardclock(Meta meta) implements Command {
    }

    public sealed interface Event extends ModelEvent {
    }

    /**
     * An event saying a request goes to the server again: its reply was lost (no receive mbuf), or a shared server's
     * queue was full. Each is one of the machine's {@code nfs_retransmits}.
     */
    public interface Retransmission extends ModelEvent {
    }

    public record Served(long xid, boolean write, long bytes, int attempt, int queueDepth, long start, long done)
            implements Event {
    }

    public record Replied(long xid, long done) implements Event {
    }

    public static Behavior<Command> create(RunContext run) {
        return behavior(run, "nfsd", ctx -> new NfsServer(ctx, run));
    }

    private final SwapSpec spec;
    private record InService(long done, long xid) {
    }

    /**
     * Requests served in order: the reply of each goes out when simulated time reaches its end of service. The
     * queue is state (a fold of Served and Replied); replies go to the swap pager, the only client.
     */
    private final ArrayDeque<InService> queue = new ArrayDeque<>();
    private long busyUntil;
    private final int clock;

    private NfsServer(ActorContext<Command> ctx, RunContext run) {
        super(ctx, run, "nfsd");
        this.spec = run.scenario().swap();
        ActorRef<Command> self = ctx.getSelf();
        this.clock = run.log().addClock("nfsd", meta -> self.tell(new Hardclock(meta)));
    }

    @Override
    protected void apply(ModelEvent e) {
        if (e instanceof Served s) {
            busyUntil = s.done();
            queue.addLast(new InService(s.done(), s.xid()));
        } else if (e instanceof Replied r) {
            queue.pollFirst();
        }
    }

    @Override
    protected void handle(Command m) {
        if (m instanceof Request r) {
            long start = Math.max(now(), busyUntil);
            long done = start + spec.serviceMicros(r.bytes());
            emit(new Served(r.xid(), r.write(), r.bytes(), r.attempt(), queue.size(), start, done));
        }
        while (!queue.isEmpty() && queue.peekFirst().done() <= now()) {
            InService done = queue.peekFirst();
            emit(new Replied(done.xid(), done.done()));
            run.peers().pager().tell(new SwapPager.NfsReply(metaAt(done.done() - now()), done.xid()));
        }
        run.log().arm(clock, queue.isEmpty() ? Long.MAX_VALUE : queue.peekFirst().done());
    }
}
