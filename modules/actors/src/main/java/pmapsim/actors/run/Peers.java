package pmapsim.actors.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.sched.Scheduler;
import pmapsim.actors.uvm.PageDaemon;
import pmapsim.actors.uvm.PhysicalMemory;

/**
 * The machine's fixed actors, known to all. The Machine guardian fills it once, after spawning them and before the
 * first message is sent (so every actor sees it filled). Pmaps are found by name: whoever spawns one registers it
 * before any message names it, so messages and events carry names, never actor references.
 */
public final class Peers {
    private volatile Wiring wiring;
    private final Map<String, ActorRef<Pmap.Command>> pmaps = new ConcurrentHashMap<>();

    public record Wiring(ActorRef<PhysicalMemory.Command> physmem, ActorRef<PageDaemon.Command> pagedaemon,
                         ActorRef<SwapPager.Command> pager, ActorRef<NfsServer.Command> nfs,
                         ActorRef<Scheduler.Command> scheduler, ActorRef<Pmap.Command> kernelPmap,
                         List<ActorRef<Cpu.Command>> cpus) {
    }

    public void wire(Wiring w) {
        if (wiring != null) {
            throw new IllegalStateException("peers wired twice");
        }
        wiring = w;
    }

    public ActorRef<PhysicalMemory.Command> physmem() {
        return wiring.physmem();
    }

    public ActorRef<PageDaemon.Command> pagedaemon() {
        return wiring.pagedaemon();
    }

    public ActorRef<SwapPager.Command> pager() {
        return wiring.pager();
    }

    public ActorRef<NfsServer.Command> nfs() {
        return wiring.nfs();
    }

    public ActorRef<Scheduler.Command> scheduler() {
        return wiring.scheduler();
    }

    public ActorRef<Pmap.Command> kernelPmap() {
        return wiring.kernelPmap();
    }

    public ActorRef<Cpu.Command> cpu(int i) {
        return wiring.cpus().get(i);
    }

    public void registerPmap(String name, ActorRef<Pmap.Command> ref) {
        pmaps.put(name, ref);
    }

    public ActorRef<Pmap.Command> pmap(String name) {
        ActorRef<Pmap.Command> ref = pmaps.get(name);
        if (ref == null) {
            throw new IllegalStateException("no pmap named " + name);
        }
        return ref;
    }
}
