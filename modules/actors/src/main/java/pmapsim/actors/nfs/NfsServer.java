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

    public sealed interface Event extends ModelEvent {
    }

    public record Served(long xid, boolean write, long bytes, int attempt, int queueDepth, long start, long done)
            implements Event {
    }

    public static Behavior<Command> create(RunContext run) {
        return Behaviors.setup(ctx -> new NfsServer(ctx, run));
    }

    private final SwapSpec spec;
    private final ArrayDeque<Long> pending = new ArrayDeque<>();
    private long busyUntil;

    private NfsServer(ActorContext<Command> ctx, RunContext run) {
        super(ctx, run, "nfsd");
        this.spec = run.scenario().swap();
    }

    @Override
    protected void apply(ModelEvent e) {
        if (e instanceof Served s) {
            while (!pending.isEmpty() && pending.peekFirst() <= s.start()) {
                pending.pollFirst();
            }
            pending.addLast(s.done());
            busyUntil = s.done();
        }
    }

    @Override
    protected void handle(Command m) {
        if (m instanceof Request r) {
            long start = Math.max(now(), busyUntil);
            long done = start + spec.serviceMicros(r.bytes());
            int depth = (int) pending.stream().filter(d -> d > now()).count();
            emit(new Served(r.xid(), r.write(), r.bytes(), r.attempt(), depth, start, done));
            r.replyTo().tell(new SwapPager.NfsReply(metaAt(done - now()), r.xid()));
        }
    }
}
