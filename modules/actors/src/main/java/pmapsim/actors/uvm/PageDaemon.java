package pmapsim.actors.uvm;

import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelActor;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Msg;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.sched.Scheduler;

/**
 * uvm_pageout (uvm_pdaemon.c 1.12): sleeps until woken; each pass recomputes {@code inactarg}, swaps out processes
 * asleep for {@code maxslp} or more when free &lt; freetarg ({@code pmap_collect} of each), scans the inactive queue
 * (clean pages freed, dirty pages clustered and handed to the swap pager) and deactivates active pages.
 */
public final class PageDaemon extends ModelActor<PageDaemon.Command> {

    public sealed interface Command extends Msg {
    }

    public record Wake(Meta meta) implements Command {
    }

    public record PassInfo(Meta meta, long free, long active, long inactive, long paging, long inactarg, boolean scan,
                           boolean swapout) implements Command {
    }

    public record ScanResult(Meta meta, List<int[]> clusters, int freed, int deactivated) implements Command {
    }

    public sealed interface Event extends ModelEvent {
    }

    public record PassBegan(long pass) implements Event {
    }

    public record PassPlanned(long free, long inactive, long paging, long inactarg, boolean scan, boolean swapout)
            implements Event {
    }

    public record PageoutsQueued(int clusters, int pages) implements Event {
    }

    public record PassEnded(long pass) implements Event {
    }

    public record WakeDeferred() implements Event {
    }

    public static Behavior<Command> create(RunContext run) {
        return behavior(run, "pagedaemon", ctx -> new PageDaemon(ctx, run));
    }

    private long passes;
    private boolean inPass;
    private boolean again;

    private PageDaemon(ActorContext<Command> ctx, RunContext run) {
        super(ctx, run, "pagedaemon");
    }

    @Override
    protected void apply(ModelEvent e) {
        if (e instanceof PassBegan p) {
            passes = p.pass();
            inPass = true;
            again = false;
        } else if (e instanceof PassEnded) {
            inPass = false;
        } else if (e instanceof WakeDeferred) {
            again = true;
        }
    }

    @Override
    protected void handle(Command m) {
        if (m instanceof Wake) {
            if (inPass) {
                emit(new WakeDeferred());
            } else {
                beginPass();
            }
        } else if (m instanceof PassInfo p) {
            emit(new PassPlanned(p.free(), p.inactive(), p.paging(), p.inactarg(), p.scan(), p.swapout()));
            if (p.swapout()) {
                run.peers().scheduler().tell(new Scheduler.SwapoutSleepers(meta(), run.scenario().uvm().maxslpMicros()));
            }
            if (p.scan()) {
                spend(50);
                run.peers().physmem().tell(new PhysicalMemory.ScanInactive(meta(), getContext().getSelf()));
            } else {
                endPass();
            }
        } else if (m instanceof ScanResult r) {
            int pages = r.clusters().stream().mapToInt(c -> c.length).sum();
            emit(new PageoutsQueued(r.clusters().size(), pages));
            for (int[] cluster : r.clusters()) {
                run.peers().pager().tell(new SwapPager.Put(meta(), cluster));
            }
            endPass();
        }
    }

    private void beginPass() {
        emit(new PassBegan(passes + 1));
        spend(10);
        run.peers().physmem().tell(new PhysicalMemory.DaemonPass(meta(), getContext().getSelf()));
    }

    private void endPass() {
        emit(new PassEnded(passes));
        if (again) {
            beginPass();
        } else {
            run.peers().physmem().tell(new PhysicalMemory.DaemonSleeping(meta()));
        }
    }
}
