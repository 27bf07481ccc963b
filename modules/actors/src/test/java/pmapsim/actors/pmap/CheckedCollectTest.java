package pmapsim.actors.pmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Usage;
import pmapsim.model.workload.Region;

/**
 * checked-collect: the victim re-checks a Collect under its own lock. The question "inactive?" and the Collect are
 * still two messages, so another CPU may activate the victim between them — the victim then refuses, and the
 * requester walks on. Under 1998's rules the same Collect is obeyed ({@code PmapTest}).
 */
class CheckedCollectTest extends ActorProtocolTest {
    private static final long VA = Region.HEAP.base();

    private TestRun t;
    private TestProbe<Cpu.Command> cpu;
    private TestProbe<Pmap.Command> requester;

    @BeforeEach
    void setUp() {
        t = TestRun.of(kit, Map.of("machine.policy", "checked-collect"));
        cpu = kit.createTestProbe(Cpu.Command.class);
        requester = kit.createTestProbe(Pmap.Command.class);
    }

    private ActorRef<Pmap.Command> pmapWithAPage(int id, String command) {
        ActorRef<Pmap.Command> p = kit.spawn(Pmap.create(t.run, new Pmap.Handle("pmap-" + id, id, id, command), false));
        t.run.peers().registerPmap("pmap-" + id, p);
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(f.replyTo(), new Pmap.PageReady(t.meta(), VA, 100, f.key()));
        for (int frame : new int[]{200, 201, 202}) {
            PhysicalMemory.AllocPt a = t.expect(t.physmem, PhysicalMemory.AllocPt.class);
            t.tell(a.replyTo(), new Pmap.PtGranted(t.meta(), a.usage(), frame));
        }
        PhysicalMemory.EnterPv pv = t.expect(t.physmem, PhysicalMemory.EnterPv.class);
        t.tell(pv.replyTo(), new Pmap.PvDone(t.meta(), 100, false));
        t.expect(cpu, Cpu.AccessDone.class);
        return p;
    }

    private Pmap.Collect collect(int byCpu) {
        return new Pmap.Collect(t.meta(), Pmap.CollectReason.EMERGENCY, byCpu, "pmap-1", requester.ref());
    }

    @Test
    void aVictimActiveOnAnotherCpuRefusesTheCollectAndKeepsItsTables() {
        ActorRef<Pmap.Command> victim = pmapWithAPage(2, "csh");
        t.tell(victim, new Pmap.Activate(t.meta(), 1, cpu.ref())); // cpu1 switched to it after cpu0 asked
        t.expect(cpu, Cpu.Activated.class);

        t.tell(victim, collect(0));
        Pmap.CollectDone done = t.expect(requester, Pmap.CollectDone.class);
        assertTrue(done.refused());
        assertEquals(0, done.freed());
        t.physmem.expectNoMessage();
        assertEquals(0b10, t.events(Pmap.CollectRefused.class).get(0).cpus());
        assertTrue(t.events(Pmap.CollectStarted.class).isEmpty(), "collect-active cannot happen");
    }

    @Test
    void aSecondCollectWhileOneIsUnderWayIsRefusedAndAnActivationWaitsForTheFirstToEnd() {
        ActorRef<Pmap.Command> victim = pmapWithAPage(2, "csh");
        t.tell(victim, collect(0));
        PhysicalMemory.FreePmapPages free = t.expect(t.physmem, PhysicalMemory.FreePmapPages.class);

        t.tell(victim, collect(1));
        assertTrue(t.expect(requester, Pmap.CollectDone.class).refused(), "no double-collect");
        t.tell(victim, new Pmap.Activate(t.meta(), 1, cpu.ref()));
        cpu.expectNoMessage(); // pmap_activate waits for the pm_slock the collection holds
        assertEquals(1, t.events(Pmap.ActivationWaits.class).size());

        t.tell(free.replyTo(), new Pmap.PagesFreed(t.meta(), free.tag(), 4, 0));
        Pmap.CollectDone first = t.expect(requester, Pmap.CollectDone.class);
        assertEquals(4, first.freed());
        assertEquals("pmap-2", t.expect(cpu, Cpu.Activated.class).pmap());
        assertEquals(1, t.events(Pmap.CollectStarted.class).size());
    }

    @Test
    void theRequesterWalksOnToTheNextPmapWhenItsVictimRefuses() {
        ActorRef<Pmap.Command> p = kit.spawn(Pmap.create(t.run, new Pmap.Handle("pmap-1", 1, 1, "sh"), false));
        t.run.peers().registerPmap("pmap-1", p);
        TestProbe<Pmap.Command> first = kit.createTestProbe(Pmap.Command.class);
        TestProbe<Pmap.Command> second = kit.createTestProbe(Pmap.Command.class);
        Pmap.Handle firstH = t.handle("pmap-3", 3, "csh", first.ref());
        Pmap.Handle secondH = t.handle("pmap-2", 2, "rm", second.ref());
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(p, new Pmap.PageReady(t.meta(), VA, 100, f.key()));
        t.expect(t.physmem, PhysicalMemory.AllocPt.class);

        t.tell(p, new Pmap.AllocRefused(t.meta(), Usage.L1, "free=5 <= reserve_kernel=5", 5, List.of(firstH, secondH)));
        Pmap.Query q1 = t.expect(first, Pmap.Query.class);
        t.tell(q1.replyTo(), new Pmap.QueryReply(t.meta(), firstH, 0, true));
        Pmap.Collect c1 = t.expect(first, Pmap.Collect.class);
        t.tell(c1.replyTo(), new Pmap.CollectDone(t.meta(), firstH, 0, true)); // it became active meanwhile
        Pmap.Query q2 = t.expect(second, Pmap.Query.class);
        assertEquals("pmap-1", q2.requester());
    }
}
