package pmapsim.actors.pmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Usage;
import pmapsim.model.workload.Region;

/**
 * PMAP_CANFAIL: a page that cannot be had makes pmap_enter fail; the fault sleeps in uvm_wait("flt_pmfail1") and is
 * taken again, or, with swap full, the process gets ENOMEM. Nothing walks, collects, steals or panics.
 */
class CanfailTest extends ActorProtocolTest {
    private static final long VA = Region.HEAP.base();

    private TestRun t;
    private TestProbe<Cpu.Command> cpu;

    @BeforeEach
    void setUp() {
        t = TestRun.of(kit, Map.of("machine.policy", "canfail"));
        cpu = kit.createTestProbe(Cpu.Command.class);
    }

    private ActorRef<Pmap.Command> pmap(int id, String command) {
        ActorRef<Pmap.Command> p = kit.spawn(Pmap.create(t.run, new Pmap.Handle("pmap-" + id, id, id, command), false));
        t.run.peers().registerPmap("pmap-" + id, p);
        return p;
    }

    private PhysicalMemory.AllocPt touch(ActorRef<Pmap.Command> p) {
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(f.replyTo(), new Pmap.PageReady(t.meta(), VA, 100, f.key()));
        return t.expect(t.physmem, PhysicalMemory.AllocPt.class);
    }

    @Test
    void aShortageSendsTheFaultToSleepInFltPmfail1AndTheRetryFaultsAgain() {
        ActorRef<Pmap.Command> p = pmap(1, "make");
        PhysicalMemory.AllocPt l1 = touch(p);
        t.tell(l1.replyTo(), new Pmap.PtGranted(t.meta(), Usage.L1, 200));
        PhysicalMemory.AllocPt l2 = t.expect(t.physmem, PhysicalMemory.AllocPt.class);

        t.tell(l2.replyTo(), new Pmap.AllocShortage(t.meta(), Usage.L2, "free=1 <= reserve_pagedaemon=1", 1, false, 4));
        Cpu.AccessDone done = t.expect(cpu, Cpu.AccessDone.class);
        assertEquals(0, done.done());
        assertEquals(PhysicalMemory.MEMORY_CHANNEL, done.channel());
        assertTrue(done.reason().startsWith("uvm_wait(\"flt_pmfail1\")"), done.reason());
        assertEquals(4, done.wakeSeq());
        t.physmem.expectNoMessage();
        assertFalse(t.run.log().ended(), "no panic");
        Pmap.EnterFailed failed = t.events(Pmap.EnterFailed.class).get(0);
        assertEquals(Usage.L2, failed.usage());
        assertTrue(t.events(Pmap.EmergencyBegan.class).isEmpty() && t.events(Pmap.StealBegan.class).isEmpty());

        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref())); // woken: the fault again
        PhysicalMemory.Fault again = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(again.replyTo(), new Pmap.PageReady(t.meta(), VA, 100, again.key()));
        assertEquals(Usage.L2, t.expect(t.physmem, PhysicalMemory.AllocPt.class).usage(), "the L1 page was kept");
    }

    @Test
    void withSwapFullTheProcessGetsEnomem() {
        ActorRef<Pmap.Command> p = pmap(1, "make");
        PhysicalMemory.AllocPt l1 = touch(p);

        t.tell(l1.replyTo(), new Pmap.AllocShortage(t.meta(), Usage.L1, "free=1 <= reserve_pagedaemon=1", 1, true, 0));
        Cpu.AccessFailed f = t.expect(cpu, Cpu.AccessFailed.class);
        assertEquals(0, f.done());
        assertEquals("out of swap", f.error());
        assertFalse(t.run.log().ended());
    }

    @Test
    void aPagerMappingThatFailsUnmapsWhatItMappedAndTheIoWaitsForMemory() {
        ActorRef<Pmap.Command> kernel = kit.spawn(Pmap.create(t.run, new Pmap.Handle("pmap-kernel", 0, 0, "kernel"),
                true));
        TestProbe<SwapPager.Command> pager = kit.createTestProbe(SwapPager.Command.class);
        t.tell(kernel, new Pmap.PagerMap(t.meta(), 7, new int[]{10, 11}, pager.ref()));
        PhysicalMemory.EnterPv first = t.expect(t.physmem, PhysicalMemory.EnterPv.class);
        t.tell(first.replyTo(), new Pmap.PvDone(t.meta(), 10, false));
        PhysicalMemory.EnterPv second = t.expect(t.physmem, PhysicalMemory.EnterPv.class);

        t.tell(second.replyTo(), new Pmap.AllocShortage(t.meta(), Usage.PV, "free=1 <= reserve_pagedaemon=1", 1, false,
                0));
        PhysicalMemory.FreePmapPages undo = t.expect(t.physmem, PhysicalMemory.FreePmapPages.class);
        assertArrayEquals(new long[]{first.va()}, undo.pvVas());
        assertArrayEquals(new int[]{10}, undo.pvFrames());
        SwapPager.PagerMapFailed failed = t.expect(pager, SwapPager.PagerMapFailed.class);
        assertEquals(7, failed.tag());
        assertFalse(t.run.log().ended());
    }
}
