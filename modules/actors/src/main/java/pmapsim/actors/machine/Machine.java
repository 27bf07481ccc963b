package pmapsim.actors.machine;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.Peers;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.sched.Scheduler;
import pmapsim.actors.uvm.PageDaemon;
import pmapsim.actors.uvm.PhysicalMemory;

/**
 * The guardian of one machine: spawns its actors on the model dispatcher, wires them, and boots it. It takes no
 * messages itself; the run ends through the {@link pmapsim.actors.run.RunLog}.
 */
public final class Machine {
    private Machine() {
    }

    public static Behavior<Void> create(RunContext run) {
        return Behaviors.setup(ctx -> {
            wire(ctx, run);
            return Behaviors.empty();
        });
    }

    static void wire(ActorContext<?> ctx, RunContext run) {
        DispatcherSelector d = DispatcherSelector.fromConfig(Scheduler.DISPATCHER);
        int cpus = run.scenario().machine().cpus();
        ActorRef<PhysicalMemory.Command> physmem = ctx.spawn(PhysicalMemory.create(run), "physmem", d);
        ActorRef<PageDaemon.Command> daemon = ctx.spawn(PageDaemon.create(run), "pagedaemon", d);
        ActorRef<SwapPager.Command> pager = ctx.spawn(SwapPager.create(run), "swappager", d);
        ActorRef<NfsServer.Command> nfs = ctx.spawn(NfsServer.create(run), "nfsd", d);
        ActorRef<Scheduler.Command> scheduler = ctx.spawn(Scheduler.create(run, cpus), "scheduler", d);
        Pmap.Handle kernel = new Pmap.Handle("pmap-kernel", 0, 0, "kernel", null);
        ActorRef<Pmap.Command> kernelRef = ctx.spawn(Pmap.create(run, kernel, true), kernel.name(), d);
        List<ActorRef<Cpu.Command>> cpuRefs = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            cpuRefs.add(ctx.spawn(Cpu.create(run, i), "cpu-" + i, d));
        }
        Peers.Wiring w = new Peers.Wiring(physmem, daemon, pager, nfs, scheduler, kernelRef, List.copyOf(cpuRefs));
        run.peers().wire(w);
        long seq = 0;
        run.log().sent();
        physmem.tell(new PhysicalMemory.RegisterPmap(Meta.boot(++seq),
                new Pmap.Handle(kernel.name(), 0, 0, "kernel", kernelRef)));
        run.log().sent();
        scheduler.tell(new Scheduler.Boot(Meta.boot(++seq)));
        for (ActorRef<Cpu.Command> cpu : cpuRefs) {
            run.log().sent();
            cpu.tell(new Cpu.Start(Meta.boot(++seq)));
        }
    }
}
