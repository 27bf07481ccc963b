package pmapsim.actors.cpu;

import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelActor;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Msg;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.sched.Proc;
import pmapsim.actors.sched.Scheduler;
import pmapsim.model.SplitMix64;
import pmapsim.model.workload.Image;
import pmapsim.model.workload.Op;
import pmapsim.model.workload.Region;

/**
 * One CPU: runs the process the scheduler dispatches, op by op, for a quantum. {@code cpu_switch} deactivates the
 * old pmap and activates the new one — one, then the other, each acknowledged — so at most one user pmap holds
 * this CPU's bit at any event. A process that sleeps or exits leaves the CPU with its pmap deactivated.
 */
public final class Cpu extends ModelActor<Cpu.Command> {

    /** Simulated quantum (NetBSD's roundrobin interval). */
    public static final long QUANTUM_MICROS = 100_000;
    /** Pages touched per message to the pmap. */
    public static final int CHUNK = 32;

    public sealed interface Command extends Msg {
    }

    public record Start(Meta meta) implements Command {
    }

    public record Dispatch(Meta meta, Proc proc) implements Command {
    }

    public record Activated(Meta meta, String pmap) implements Command {
    }

    public record Deactivated(Meta meta, String pmap) implements Command {
    }

    /** The pmap entered {@code done} of the pages; a {@code reason}: the process must sleep on {@code channel}. */
    public record AccessDone(Meta meta, int done, long channel, String reason, long wakeSeq) implements Command {
    }

    /** uvm_fault returned {@code error} after {@code done} pages (PMAP_CANFAIL with swap full): the process dies. */
    public record AccessFailed(Meta meta, int done, String error) implements Command {
    }

    public record OpDone(Meta meta) implements Command {
    }

    public record ForkDone(Meta meta, Pmap.Handle child, int childPid) implements Command {
    }

    public record ForkBlocked(Meta meta, long channel, long wakeSeq) implements Command {
    }

    public sealed interface Event extends ModelEvent {
    }

    /** cpu_switch finished: {@code pmap} is this CPU's active pmap. */
    public record Switched(int cpu, int pid, String command, String pmap, String from) implements Event {
    }

    /** The CPU takes a process for a quantum ending at {@code sliceEnd}. */
    public record Running(int cpu, Proc proc, long sliceEnd) implements Event {
    }

    /** The process is leaving the CPU: it sleeps (on a channel, or until a time) or exits, once its pmap is off. */
    public record LeaveBegan(int cpu, int pid, boolean exit, long channel, long until, long wakeSeq) implements Event {
    }

    /** The scheduler made the child; the parent's pmap is sharing its pages with it. */
    public record ChildMade(int cpu, int parent, int child) implements Event {
    }

    public record OpBegan(int cpu, int pid, int pc, String op) implements Event {
    }

    public record Stepped(Proc proc, boolean progressed) implements Event {
    }

    public record Left(int cpu, int pid, String why) implements Event {
    }

    public record PmapDropped(int cpu, String pmap) implements Event {
    }

    /** trap(): uvm_fault failed with ENOMEM for a user fault; the process is killed ({@code message} is the console's). */
    public record Killed(int cpu, int pid, String command, String message) implements Event {
    }

    public static Behavior<Command> create(RunContext run, int id) {
        return behavior(run, "cpu-" + id, ctx -> new Cpu(ctx, run, id));
    }

    private enum Leaving { NONE, SLEEP, EXIT }

    private int pendingChild = -1;

    private final int id;
    private Proc proc;
    private Pmap.Handle loaded;
    private Pmap.Handle switchingTo;
    private long sliceEnd;
    private boolean progressed;
    private Leaving leaving = Leaving.NONE;
    private long sleepChannel;
    private long sleepUntil;
    private long sleepSeq;

    private Cpu(ActorContext<Command> ctx, RunContext run, int id) {
        super(ctx, run, "cpu-" + id);
        this.id = id;
    }

    @Override
    protected void apply(ModelEvent e) {
        if (e instanceof Running r) {
            proc = r.proc();
            sliceEnd = r.sliceEnd();
            progressed = false;
        } else if (e instanceof LeaveBegan l) {
            leaving = l.exit() ? Leaving.EXIT : Leaving.SLEEP;
            sleepChannel = l.channel();
            sleepUntil = l.until();
            sleepSeq = l.wakeSeq();
        } else if (e instanceof ChildMade c) {
            pendingChild = c.child();
        } else if (e instanceof Stepped s) {
            proc = s.proc();
            progressed |= s.progressed();
        } else if (e instanceof Switched s) {
            loaded = proc.pmap();
            switchingTo = null;
        } else if (e instanceof PmapDropped) {
            loaded = null;
        } else if (e instanceof Left) {
            proc = null;
            leaving = Leaving.NONE;
            pendingChild = -1;
        }
    }

    @Override
    protected void handle(Command m) {
        if (m instanceof Start) {
            run.peers().scheduler().tell(new Scheduler.Next(meta(), id));
        } else if (m instanceof Dispatch d) {
            emit(new Running(id, d.proc(), now() + QUANTUM_MICROS));
            spend(5);
            if (loaded != null && loaded.name().equals(d.proc().pmap().name())) {
                step();
            } else if (loaded != null) {
                run.peers().pmap(loaded.name()).tell(new Pmap.Deactivate(meta(), id, getContext().getSelf()));
            } else {
                activate();
            }
        } else if (m instanceof Deactivated) {
            emit(new PmapDropped(id, loaded.name()));
            if (leaving != Leaving.NONE) {
                leave();
            } else {
                activate();
            }
        } else if (m instanceof Activated a) {
            emit(new Switched(id, proc.pid(), proc.command(), a.pmap(), loaded == null ? null : loaded.name()));
            step();
        } else if (m instanceof AccessDone a) {
            onAccessDone(a);
        } else if (m instanceof AccessFailed f) {
            onAccessFailed(f);
        } else if (m instanceof OpDone) {
            onOpDone();
        } else if (m instanceof ForkDone f) {
            emit(new ChildMade(id, proc.pid(), f.childPid()));
            run.peers().pmap(proc.pmap().name()).tell(new Pmap.Fork(meta(), f.child(), getContext().getSelf()));
        } else if (m instanceof ForkBlocked b) {
            sleep(b.channel(), -1, b.wakeSeq());
        }
    }

    private void activate() {
        switchingTo = proc.pmap();
        run.peers().pmap(proc.pmap().name()).tell(new Pmap.Activate(meta(), id, getContext().getSelf()));
    }

    // --- running a program

    private List<Op> program() {
        return run.scenario().workload().programs().get(proc.program());
    }

    /** Runs the current op (or the next); called after every completed message exchange. */
    private void step() {
        while (true) {
            if (now() >= sliceEnd) {
                Proc p = proc;
                boolean did = progressed;
                emit(new Left(id, p.pid(), "quantum"));
                run.peers().scheduler().tell(new Scheduler.Yield(meta(), id, p, did));
                return;
            }
            List<Op> prog = program();
            if (proc.pc() >= prog.size()) {
                if (proc.daemon()) {
                    emit(new Stepped(proc.nextPass(), false));
                    continue;
                }
                exit();
                return;
            }
            Op op = prog.get(proc.pc());
            if (proc.progress() == 0) {
                emit(new OpBegan(id, proc.pid(), proc.pc(), op.getClass().getSimpleName()));
            }
            if (op instanceof Op.Compute c) {
                spend(c.micros());
                next();
            } else if (op instanceof Op.Touch t) {
                if (!touch(t)) {
                    next();
                } else {
                    return;
                }
            } else if (op instanceof Op.Grow g) {
                grow(g);
                return;
            } else if (op instanceof Op.Exec x) {
                run.peers().pmap(proc.pmap().name()).tell(new Pmap.Exec(meta(), x.image(), getContext().getSelf()));
                return;
            } else if (op instanceof Op.Fork f) {
                run.peers().scheduler().tell(new Scheduler.ForkRequest(meta(), id, proc, f.program(),
                        getContext().getSelf()));
                return;
            } else if (op instanceof Op.Wait) {
                emit(new Stepped(proc.at(proc.pc() + 1, 0), true));
                sleep(Scheduler.waitChannel(proc.pid()), -1, 0);
                return;
            } else if (op instanceof Op.Sleep s) {
                emit(new Stepped(proc.at(proc.pc() + 1, 0), true));
                sleep(-1, now() + s.micros(), 0);
                return;
            } else if (op instanceof Op.Exit) {
                exit();
                return;
            }
        }
    }

    private void next() {
        emit(new Stepped(proc.at(proc.pc() + 1, 0), true));
    }

    /** Sends the next chunk of a touch op; false when the region is empty (nothing to touch). */
    private boolean touch(Op.Touch t) {
        int size = regionSize(t.region());
        int total = t.pages() * t.times();
        if (size == 0 || proc.progress() >= total) {
            return false;
        }
        int n = Math.min(CHUNK, total - proc.progress());
        long[] vas = new long[n];
        for (int i = 0; i < n; i++) {
            int k = proc.progress() + i;
            int page = t.random()
                    ? (int) Long.remainderUnsigned(SplitMix64.derive(proc.seed(), ((long) proc.pc() << 40)
                    ^ ((long) proc.pass() << 20) ^ k), size)
                    : k % Math.min(t.pages(), size);
            vas[i] = va(t.region(), page);
        }
        run.peers().pmap(proc.pmap().name()).tell(new Pmap.Access(meta(), id, vas, t.write(), getContext().getSelf()));
        return true;
    }

    /** sbrk and write each new page; {@code progress} counts the pages added so far. */
    private void grow(Op.Grow g) {
        int n = Math.min(CHUNK, g.pages() - proc.progress());
        long[] vas = new long[n];
        for (int i = 0; i < n; i++) {
            vas[i] = va(Region.HEAP, proc.heapPages() + i);
        }
        run.peers().pmap(proc.pmap().name()).tell(new Pmap.Access(meta(), id, vas, true, getContext().getSelf()));
    }

    private void onAccessDone(AccessDone a) {
        Op op = program().get(proc.pc());
        int progress = proc.progress() + a.done();
        Proc p = proc;
        if (op instanceof Op.Grow g) {
            p = p.withHeap(p.heapPages() + a.done());
            p = progress >= g.pages() ? p.at(p.pc() + 1, 0) : p.at(p.pc(), progress);
        } else {
            Op.Touch t = (Op.Touch) op;
            p = progress >= t.pages() * t.times() ? p.at(p.pc() + 1, 0) : p.at(p.pc(), progress);
        }
        emit(new Stepped(p, a.done() > 0));
        if (a.reason() != null) { // blocked: sleep on the channel (text pages use negative keys as channels)
            sleep(a.channel(), -1, a.wakeSeq());
        } else {
            step();
        }
    }

    private void onAccessFailed(AccessFailed f) {
        emit(new Killed(id, proc.pid(), proc.command(), "UVM: pid " + proc.pid() + " (" + proc.command()
                + "), uid 0 killed: " + f.error()));
        exit();
    }

    private void onOpDone() {
        if (leaving == Leaving.EXIT) { // pmap_destroy done: leave the CPU
            run.peers().pmap(loaded.name()).tell(new Pmap.Deactivate(meta(), id, getContext().getSelf()));
            return;
        }
        Op op = program().get(proc.pc());
        if (op instanceof Op.Exec x) {
            Image img = run.scenario().workload().images().get(x.image());
            emit(new Stepped(proc.exec(img).at(proc.pc() + 1, 0), true));
            step();
        } else if (op instanceof Op.Fork) {
            run.peers().scheduler().tell(new Scheduler.ChildReady(meta(), pendingChild));
            next();
            step();
        }
    }

    private void exit() {
        emit(new LeaveBegan(id, proc.pid(), true, -1, -1, 0));
        run.peers().pmap(proc.pmap().name()).tell(new Pmap.Exit(meta(), getContext().getSelf()));
    }

    private void sleep(long channel, long until, long wakeSeq) {
        emit(new LeaveBegan(id, proc.pid(), false, channel, until, wakeSeq));
        run.peers().pmap(loaded.name()).tell(new Pmap.Deactivate(meta(), id, getContext().getSelf()));
    }

    /** The process's pmap is deactivated: tell the scheduler, which gives this CPU its next process. */
    private void leave() {
        Proc p = proc;
        boolean did = progressed;
        if (leaving == Leaving.EXIT) {
            emit(new Left(id, p.pid(), "exit"));
            run.peers().scheduler().tell(new Scheduler.Exited(meta(), id, p));
        } else {
            emit(new Left(id, p.pid(), sleepUntil >= 0 ? "sleep" : "wait"));
            run.peers().scheduler().tell(new Scheduler.Sleep(meta(), id, p, sleepChannel, sleepUntil, sleepSeq, did));
        }
    }

    private int regionSize(Region r) {
        return switch (r) {
            case TEXT -> proc.textPages();
            case DATA -> proc.dataPages();
            case HEAP -> proc.heapPages();
            case STACK -> proc.stackPages();
        };
    }

    private long va(Region r, int page) {
        long ps = run.geometry().pageSize();
        return switch (r) {
            case TEXT -> Region.TEXT.base() + page * ps;
            case DATA -> Region.DATA.base() + page * ps;
            case HEAP -> Region.DATA.base() + (proc.dataPages() + (long) page) * ps;
            case STACK -> Region.STACK.base() - (page + 1L) * ps;
        };
    }
}
