package pmapsim.actors.sched;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelActor;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Msg;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.SplitMix64;
import pmapsim.model.workload.ProcessSpec;

/**
 * The process table and run queue: creates processes (a pmap actor and a u-area each), gives CPUs the next runnable
 * process, puts processes to sleep on channels or until a simulated time, wakes them, swaps out long sleepers for the
 * page daemon, and ends the run when the work (every process that is not a daemon) has exited — or when it makes no
 * progress for {@code limits.stall-time} of simulated time.
 */
public final class Scheduler extends ModelActor<Scheduler.Command> {

    public static final String DISPATCHER = "pmapsim.model-dispatcher";

    public sealed interface Command extends Msg {
    }

    public record Boot(Meta meta) implements Command {
    }

    /** A CPU is free: give it a process (now, or when one becomes runnable). */
    public record Next(Meta meta, int cpu) implements Command {
    }

    /** The quantum is over: {@code proc} goes to the back of the run queue; the CPU takes the head. */
    public record Yield(Meta meta, int cpu, Proc proc, boolean progressed) implements Command {
    }

    /** {@code proc} sleeps on {@code channel} (or until {@code until} when channel is -1); the CPU is free. */
    public record Sleep(Meta meta, int cpu, Proc proc, long channel, long until, long wakeSeq, boolean progressed)
            implements Command {
    }

    public record Exited(Meta meta, int cpu, Proc proc) implements Command {
    }

    public record ForkRequest(Meta meta, int cpu, Proc parent, String program, ActorRef<Cpu.Command> replyTo)
            implements Command {
    }

    /** The parent's pmap has shared its pages with the child: the child may run. */
    public record ChildReady(Meta meta, int pid) implements Command {
    }

    public record Wakeup(Meta meta, long channel, long seq) implements Command {
    }

    public record UareaGranted(Meta meta, int pid, int[] frames) implements Command {
    }

    public record UareaRefused(Meta meta, int pid, long wakeSeq) implements Command {
    }

    public record SwapoutSleepers(Meta meta, long maxslp) implements Command {
    }

    /** From the clock: simulated time has reached the next timer (or jumped to it, with nothing else to do). */
    public record Hardclock(Meta meta) implements Command {
    }

    public sealed interface Event extends ModelEvent {
    }

    public record ProcCreated(Proc proc, int[] uarea) implements Event {
    }

    public record Dispatched(int cpu, int pid, String command) implements Event {
    }

    public record Slept(Proc proc, long channel, long until) implements Event {
    }

    public record Woken(int pid, long channel) implements Event {
    }

    public record ProcExited(Proc proc) implements Event {
    }

    public record SwappedOut(int pid, String command, long sleptFor) implements Event {
    }

    public record ForkAsked(int tag, int parent, String program) implements Event {
    }

    public record ForkWaits(int parent, String reason) implements Event {
    }

    public record CpuIdle(int cpu) implements Event {
    }

    public record Progress(long at) implements Event {
    }

    public record UareaWired(int pid, int[] frames) implements Event {
    }

    public record UareaPending(int pid) implements Event {
    }

    public record ChannelWoken(long channel, long seq) implements Event {
    }

    public record Yielded(int cpu, Proc proc) implements Event {
    }

    public static Behavior<Command> create(RunContext run) {
        return behavior(run, "scheduler", ctx -> new Scheduler(ctx, run));
    }

    private static final class Entry {
        Proc proc;
        boolean runnable;
        boolean running;
        long channel = -1;
        long until = -1;
        long sleptAt;
        boolean swappedOut;
        int liveChildren;
        int[] uarea = new int[0];
    }

    private record Timer(long at, int pid) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return at != o.at ? Long.compare(at, o.at) : Integer.compare(pid, o.pid);
        }
    }

    private record PendingFork(int cpu, Proc parent, String program, ActorRef<Cpu.Command> replyTo) {
    }

    private static final long WAIT_CHANNEL_BASE = 1L << 62;
    private final TreeMap<Integer, Entry> procs = new TreeMap<>();
    private final ArrayDeque<Integer> runQueue = new ArrayDeque<>();
    private final TreeSet<Integer> idleCpus = new TreeSet<>();
    private final TreeSet<Timer> timers = new TreeSet<>();
    /** processes made at boot still waiting for their u-area */
    private final TreeSet<Integer> uareaPending = new TreeSet<>();
    private final Map<Integer, PendingFork> forks = new HashMap<>();
    private final int clock;
    private int nextPid = 1;
    private int forkTag;
    /** channel -> the sequence number of its last wakeup */
    private final Map<Long, Long> lastWake = new HashMap<>();
    private int liveJobs;
    private long lastProgress;

    private Scheduler(ActorContext<Command> ctx, RunContext run) {
        super(ctx, run, "scheduler");
        ActorRef<Command> self = ctx.getSelf();
        this.clock = run.log().addClock("scheduler", meta -> self.tell(new Hardclock(meta)));
    }

    public static long waitChannel(int pid) {
        return WAIT_CHANNEL_BASE + pid;
    }

    @Override
    protected void apply(ModelEvent e) {
        if (e instanceof ProcCreated c) {
            nextPid = c.proc().pid() + 1;
            Entry en = new Entry();
            en.proc = c.proc();
            en.uarea = c.uarea();
            procs.put(c.proc().pid(), en);
            if (!c.proc().daemon()) {
                liveJobs++;
            }
            Entry parent = procs.get(c.proc().ppid());
            if (parent != null) {
                parent.liveChildren++;
            }
        } else if (e instanceof Dispatched d) {
            runQueue.remove(d.pid());
            idleCpus.remove(d.cpu());
            Entry en = procs.get(d.pid());
            en.runnable = false;
            en.running = true;
            en.swappedOut = false;
        } else if (e instanceof Slept s) {
            Entry en = procs.get(s.proc().pid());
            en.proc = s.proc();
            en.running = false;
            en.channel = s.channel();
            en.until = s.until();
            en.sleptAt = now();
            if (s.until() >= 0) {
                timers.add(new Timer(s.until(), s.proc().pid()));
            }
        } else if (e instanceof Woken w) {
            Entry en = procs.get(w.pid());
            if (en.until >= 0) {
                timers.remove(new Timer(en.until, w.pid()));
            }
            en.channel = -1;
            en.until = -1;
            en.runnable = true;
            en.running = false;
            runQueue.addLast(w.pid());
        } else if (e instanceof ProcExited x) {
            procs.remove(x.proc().pid());
            if (!x.proc().daemon()) {
                liveJobs--;
            }
            Entry parent = procs.get(x.proc().ppid());
            if (parent != null) {
                parent.liveChildren--;
            }
        } else if (e instanceof UareaWired u) {
            procs.get(u.pid()).uarea = u.frames();
            uareaPending.remove(u.pid());
        } else if (e instanceof UareaPending u) {
            uareaPending.add(u.pid());
        } else if (e instanceof ChannelWoken c) {
            lastWake.put(c.channel(), c.seq());
        } else if (e instanceof ForkAsked f) {
            forkTag = f.tag();
        } else if (e instanceof SwappedOut s) {
            procs.get(s.pid()).swappedOut = true;
        } else if (e instanceof CpuIdle c) {
            idleCpus.add(c.cpu());
        } else if (e instanceof Progress p) {
            lastProgress = p.at();
        } else if (e instanceof Yielded y) {
            Entry en = procs.get(y.proc().pid());
            en.proc = y.proc();
            en.running = false;
            en.runnable = true;
            runQueue.addLast(y.proc().pid());
        }
    }

    @Override
    protected void handle(Command m) {
        if (m instanceof Boot) {
            boot();
        } else if (m instanceof Next n) {
            idle(n.cpu());
        } else if (m instanceof Yield y) {
            progress(y.proc(), y.progressed());
            emit(new Yielded(y.cpu(), y.proc())); // back on the run queue, at the tail
            idle(y.cpu());
        } else if (m instanceof Sleep s) {
            progress(s.proc(), s.progressed());
            Entry en = procs.get(s.proc().pid());
            emit(new Slept(s.proc(), s.channel(), s.until()));
            boolean noChildren = s.channel() == waitChannel(s.proc().pid()) && en.liveChildren == 0;
            boolean missedWakeup = lastWake.getOrDefault(s.channel(), -1L) > s.wakeSeq();
            if (noChildren || missedWakeup) { // the wakeup came before the sleep: do not sleep
                emit(new Woken(s.proc().pid(), s.channel()));
            }
            idle(s.cpu());
        } else if (m instanceof Exited x) {
            onExit(x);
        } else if (m instanceof ForkRequest f) {
            onFork(f);
        } else if (m instanceof UareaGranted g) {
            onUarea(g);
        } else if (m instanceof UareaRefused r && r.pid() > 0) {
            emit(new UareaPending(r.pid())); // a process made at boot: its u-area is asked again when memory is back
        } else if (m instanceof UareaRefused r) {
            PendingFork pf = forks.remove(-r.pid());
            emit(new ForkWaits(pf.parent().pid(), "no memory for a u-area"));
            pf.replyTo().tell(new Cpu.ForkBlocked(meta(), PhysicalMemory.MEMORY_CHANNEL, r.wakeSeq()));
        } else if (m instanceof ChildReady c) {
            emit(new Woken(c.pid(), -1));
        } else if (m instanceof Wakeup w) {
            emit(new ChannelWoken(w.channel(), w.seq()));
            wake(w.channel());
            if (w.channel() == PhysicalMemory.MEMORY_CHANNEL) {
                for (int pid : uareaPending) {
                    run.peers().physmem().tell(new PhysicalMemory.UareaAlloc(meta(), pid,
                            run.scenario().uvm().uareaPages(), getContext().getSelf()));
                }
            }
        } else if (m instanceof SwapoutSleepers s) {
            swapout(s.maxslp());
        } // a Hardclock only brings the time: the timers due fire below
        fireTimers();
        dispatchIdle();
        checkLimits();
        run.log().arm(clock, timers.isEmpty() ? Long.MAX_VALUE : timers.first().at());
    }

    private void boot() {
        long seed = run.scenario().seed();
        for (ProcessSpec spec : run.scenario().workload().processes()) {
            for (int i = 0; i < spec.count(); i++) {
                int pid = nextPid;
                Proc p = newProc(pid, 0, spec.command(), spec.program(), spec.daemon(),
                        SplitMix64.derive(seed, pid));
                emit(new ProcCreated(p, new int[0]));
                run.peers().physmem().tell(new PhysicalMemory.RegisterPmap(meta(), p.pmap()));
                run.peers().physmem().tell(new PhysicalMemory.UareaAlloc(meta(), pid,
                        run.scenario().uvm().uareaPages(), getContext().getSelf()));
                if (spec.startMicros() > 0) {
                    emit(new Slept(p, -1, spec.startMicros()));
                } else {
                    emit(new Woken(pid, -1));
                }
            }
        }
    }

    private Proc newProc(int pid, int ppid, String command, String program, boolean daemon, long seed) {
        Pmap.Handle pmap = new Pmap.Handle("pmap-" + pid, pid, pid, command);
        run.peers().registerPmap(pmap.name(), getContext().spawn(Pmap.create(run, pmap, false), pmap.name(),
                DispatcherSelector.fromConfig(DISPATCHER)));
        return new Proc(pid, ppid, command, program, 0, 0, 0, daemon, pmap, seed, "", 0, 0, 0, 0);
    }

    private void idle(int cpu) {
        emit(new CpuIdle(cpu));
    }

    private void progress(Proc p, boolean progressed) {
        if (progressed && !p.daemon()) {
            emit(new Progress(now()));
        }
    }

    private void onExit(Exited x) {
        Entry en = procs.get(x.proc().pid());
        progress(x.proc(), true);
        if (en.uarea.length > 0) {
            run.peers().physmem().tell(new PhysicalMemory.KernelFree(meta(), en.uarea));
        }
        emit(new ProcExited(x.proc()));
        Entry parent = procs.get(x.proc().ppid());
        if (parent != null && parent.liveChildren == 0 && parent.channel == waitChannel(x.proc().ppid())) {
            emit(new Woken(x.proc().ppid(), parent.channel));
        }
        idle(x.cpu());
        if (liveJobs == 0) {
            long seq = emit(new Progress(now()));
            run.log().finish(new RunEnd(RunEnd.Kind.COMPLETED, "every process of the work has exited", seq, now()));
        }
    }

    /** fork1: a u-area first (it may have to wait for memory); then the child, its pmap and its place in the list. */
    private void onFork(ForkRequest f) {
        int tag = forkTag + 1;
        emit(new ForkAsked(tag, f.parent().pid(), f.program()));
        forks.put(tag, new PendingFork(f.cpu(), f.parent(), f.program(), f.replyTo()));
        run.peers().physmem().tell(new PhysicalMemory.UareaAlloc(meta(), -tag, run.scenario().uvm().uareaPages(),
                getContext().getSelf()));
    }

    private void onUarea(UareaGranted g) {
        if (g.pid() > 0) { // a process created at boot
            emit(new UareaWired(g.pid(), g.frames()));
            return;
        }
        PendingFork pf = forks.remove(-g.pid());
        int pid = nextPid;
        Proc parent = pf.parent();
        Proc child = newProc(pid, parent.pid(), parent.command(), pf.program(), false,
                SplitMix64.derive(parent.seed(), pid));
        child = new Proc(pid, parent.pid(), parent.command(), pf.program(), 0, 0, 0, false, child.pmap(), child.seed(),
                parent.image(), parent.textPages(), parent.dataPages(), parent.heapPages(), parent.stackPages());
        emit(new ProcCreated(child, g.frames()));
        run.peers().physmem().tell(new PhysicalMemory.RegisterPmap(meta(), child.pmap()));
        pf.replyTo().tell(new Cpu.ForkDone(meta(), child.pmap(), pid));
    }

    private void wake(long channel) {
        for (Map.Entry<Integer, Entry> e : procs.entrySet()) {
            Entry en = e.getValue();
            if (!en.runnable && !en.running && en.channel == channel && en.until < 0) {
                emit(new Woken(e.getKey(), channel));
            }
        }
    }

    private void fireTimers() {
        while (!timers.isEmpty() && timers.first().at() <= now()) {
            Timer t = timers.first();
            emit(new Woken(t.pid(), -1));
        }
    }

    private void dispatchIdle() {
        while (!runQueue.isEmpty() && !idleCpus.isEmpty() && !run.log().ended()) {
            int cpu = idleCpus.first();
            int pid = runQueue.peekFirst();
            Entry en = procs.get(pid);
            emit(new Dispatched(cpu, pid, en.proc.command()));
            run.peers().cpu(cpu).tell(new Cpu.Dispatch(meta(), en.proc));
        }
    }

    private void swapout(long maxslp) {
        for (Map.Entry<Integer, Entry> e : procs.entrySet()) {
            Entry en = e.getValue();
            if (!en.running && !en.runnable && !en.swappedOut && now() - en.sleptAt >= maxslp) {
                emit(new SwappedOut(e.getKey(), en.proc.command(), now() - en.sleptAt));
                run.peers().pmap(en.proc.pmap().name()).tell(new Pmap.Collect(meta(), Pmap.CollectReason.SWAPOUT, -1, "pagedaemon",
                        null));
            }
        }
    }

    private void checkLimits() {
        if (run.log().ended()) {
            return;
        }
        if (now() > run.scenario().limits().maxSimMicros()) {
            run.log().finish(new RunEnd(RunEnd.Kind.STALLED, "simulated-time budget of "
                    + run.scenario().limits().maxSimMicros() / 1_000_000 + " s reached", run.log().events() - 1, now()));
        } else if (liveJobs > 0 && now() - lastProgress > run.scenario().limits().stallMicros()) {
            run.log().finish(new RunEnd(RunEnd.Kind.STALLED, "no progress on the work for "
                    + (now() - lastProgress) / 1_000_000 + " s of simulated time", run.log().events() - 1, now()));
        }
    }
}
