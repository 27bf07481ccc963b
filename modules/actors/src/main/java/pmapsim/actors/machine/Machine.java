package pmapsim.actors.machine;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
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
        return create(run, NfsServer::create);
    }

    /**
     * A machine whose swap file's server is made by {@code nfs} (a cluster machine's mount of the shared server,
     * named {@code nfsd} like the local one); the rest of the machine is the same.
     */
    public static Behavior<Void> create(RunContext run,
                                        java.util.function.Function<RunContext, Behavior<NfsServer.Command>> nfs) {
        return Behaviors.setup(ctx -> {
            wire(ctx, run, nfs);
            // an actor that fails to start (or stops) would leave its messages uncounted: end the run, never hang
            return Behaviors.receive(Void.class)
                    .onSignal(ChildFailed.class, f -> {
                        if (f.getCause() instanceof org.apache.pekko.persistence.typed.internal.JournalFailureException) {
                            run.log().journalFailed(f.getRef().path().name(), rootCause(f.getCause()));
                            return Behaviors.same();
                        }
                        run.log().crash(f.getRef().path().name(), new IllegalStateException(f.getCause()));
                        return Behaviors.same();
                    })
                    .onSignal(Terminated.class, t -> {
                        run.log().crash(t.getRef().path().name(), new IllegalStateException("stopped"));
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    static void wire(ActorContext<?> ctx, RunContext run,
                     java.util.function.Function<RunContext, Behavior<NfsServer.Command>> nfsFactory) {
        // the journal plugins start now, from this thread, not from the first actor's turn: in controlled mode an
        // actor started from a thread the driver does not own would be a choice nobody made
        org.apache.pekko.persistence.Persistence p =
                org.apache.pekko.persistence.Persistence.get(ctx.getSystem().classicSystem());
        p.journalFor(run.journaling().pluginId(), com.typesafe.config.ConfigFactory.empty());
        p.snapshotStoreFor("", com.typesafe.config.ConfigFactory.empty());
        DispatcherSelector d = DispatcherSelector.fromConfig(Scheduler.DISPATCHER);
        int cpus = run.scenario().machine().cpus();
        ActorRef<PhysicalMemory.Command> physmem = ctx.spawn(PhysicalMemory.create(run), "physmem", d);

        ActorRef<PageDaemon.Command> daemon = ctx.spawn(PageDaemon.create(run), "pagedaemon", d);
        ActorRef<SwapPager.Command> pager = ctx.spawn(SwapPager.create(run), "swappager", d);
        ActorRef<NfsServer.Command> nfs = ctx.spawn(nfsFactory.apply(run), "nfsd", d);
        ActorRef<Scheduler.Command> scheduler = ctx.spawn(Scheduler.create(run), "scheduler", d);

        Pmap.Handle kernel = new Pmap.Handle("pmap-kernel", 0, 0, "kernel");
        ActorRef<Pmap.Command> kernelRef = ctx.spawn(Pmap.create(run, kernel, true), kernel.name(), d);
        run.peers().registerPmap(kernel.name(), kernelRef);
        List<ActorRef<Cpu.Command>> cpuRefs = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            cpuRefs.add(ctx.spawn(Cpu.create(run, i), "cpu-" + i, d));
        }
        Peers.Wiring w = new Peers.Wiring(physmem, daemon, pager, nfs, scheduler, kernelRef, List.copyOf(cpuRefs));
        for (ActorRef<?> a : List.of(physmem, daemon, pager, nfs, scheduler, kernelRef)) {
            ctx.watch(a);
        }
        cpuRefs.forEach(ctx::watch);
        run.peers().wire(w);
        // count every boot message before sending the first: one handled before the next is counted would
        // leave nothing in flight, and the run would end as a deadlock at time zero
        for (int i = 0; i < 2 + cpuRefs.size(); i++) {
            run.log().sent();
        }
        long seq = 0;
        physmem.tell(new PhysicalMemory.RegisterPmap(Meta.boot(++seq), kernel));
        scheduler.tell(new Scheduler.Boot(Meta.boot(++seq)));
        for (ActorRef<Cpu.Command> cpu : cpuRefs) {
            cpu.tell(new Cpu.Start(Meta.boot(++seq)));
        }
        run.log().booted().complete(null);
    }
}
