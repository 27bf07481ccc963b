package pmapsim.actors.pmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Usage;
import pmapsim.model.workload.Region;

/**
 * pmap.c 1.33 as a conversation: the test plays the CPU and PhysicalMemory (and, in the emergency, the other pmaps),
 * and checks what the pmap under test asks for and answers.
 */
class PmapTest extends ActorProtocolTest {
    private static final long VA = Region.HEAP.base();
    private static final String PANIC = "pmap_alloc_physpage: no pages available after 5 tries";

    private TestRun t;
    private TestProbe<Cpu.Command> cpu;
    private TestProbe<Pmap.Command> other;


    @BeforeEach
    void setUp() {
        t = TestRun.of(kit);
        cpu = kit.createTestProbe(Cpu.Command.class);
        other = kit.createTestProbe(Pmap.Command.class);
    }

    private ActorRef<Pmap.Command> pmap(int id, String command) {
        ActorRef<Pmap.Command> p = kit.spawn(Pmap.create(t.run, new Pmap.Handle("pmap-" + id, id, id, command), false));
        t.run.peers().registerPmap("pmap-" + id, p);
        return p;
    }

    private Pmap.QueryReply query(ActorRef<Pmap.Command> p) {
        t.tell(p, new Pmap.Query(t.meta(), "test", other.ref()));
        return t.expect(other, Pmap.QueryReply.class);
    }

    /** The first touch of {@code VA}: answers as PhysicalMemory with the data frame, then L1, L2, L3, then the pv. */
    private Cpu.AccessDone enterFirstPage(ActorRef<Pmap.Command> p, int data, int l1, int l2, int l3) {
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        assertEquals(VA, f.va());
        t.tell(f.replyTo(), new Pmap.PageReady(t.meta(), VA, data, f.key()));
        int[] tables = {l1, l2, l3};
        Usage[] levels = {Usage.L1, Usage.L2, Usage.L3};
        for (int i = 0; i < 3; i++) {
            PhysicalMemory.AllocPt a = t.expect(t.physmem, PhysicalMemory.AllocPt.class);
            assertEquals(levels[i], a.usage());
            assertEquals(1, a.attempt());
            t.tell(a.replyTo(), new Pmap.PtGranted(t.meta(), a.usage(), tables[i]));
        }
        PhysicalMemory.EnterPv pv = t.expect(t.physmem, PhysicalMemory.EnterPv.class);
        assertEquals(data, pv.frame());
        assertEquals(f.key(), pv.key());
        t.tell(pv.replyTo(), new Pmap.PvDone(t.meta(), data, false));
        return t.expect(cpu, Cpu.AccessDone.class);
    }

    @Test
    void activateAndDeactivateAreAcknowledgedAndShowInTheCpuMask() {
        ActorRef<Pmap.Command> p = pmap(1, "make");
        Pmap.QueryReply fresh = query(p);
        assertEquals("pmap-1", fresh.victim().name());
        assertEquals(0, fresh.cpus());
        assertFalse(fresh.privateL1(), "a new pmap still uses the shared Lev1map");

        t.tell(p, new Pmap.Activate(t.meta(), 1, cpu.ref()));
        assertEquals("pmap-1", t.expect(cpu, Cpu.Activated.class).pmap());
        assertEquals(0b10, query(p).cpus());

        t.tell(p, new Pmap.Deactivate(t.meta(), 1, cpu.ref()));
        assertEquals("pmap-1", t.expect(cpu, Cpu.Deactivated.class).pmap());
        assertEquals(0, query(p).cpus());
    }

    @Test
    void theFirstTouchOfAPageFaultsAndBuildsL1ThenL2ThenL3ThenThePvEntry() {
        ActorRef<Pmap.Command> p = pmap(1, "make");

        Cpu.AccessDone done = enterFirstPage(p, 100, 200, 201, 202);
        assertEquals(1, done.done());
        assertNull(done.reason());
        assertTrue(query(p).privateL1());
        Pmap.MappingEntered m = t.events(Pmap.MappingEntered.class).get(0);
        assertEquals(VA, m.va());
        assertEquals(100, m.frame());
    }

    @Test
    void aSecondTouchOfAMappedPageIsAHitWithoutAFault() {
        ActorRef<Pmap.Command> p = pmap(1, "make");
        enterFirstPage(p, 100, 200, 201, 202);

        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        assertEquals(1, t.expect(cpu, Cpu.AccessDone.class).done());
        t.physmem.expectNoMessage();
    }

    @Test
    void aPageThatIsNotReadyPutsTheProcessToSleepOnTheChannelPhysicalMemoryGives() {
        ActorRef<Pmap.Command> p = pmap(1, "make");
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);

        t.tell(f.replyTo(), new Pmap.PageWait(t.meta(), VA, PhysicalMemory.MEMORY_CHANNEL, "uvm_wait: x", 3));
        Cpu.AccessDone done = t.expect(cpu, Cpu.AccessDone.class);
        assertEquals(0, done.done());
        assertEquals(PhysicalMemory.MEMORY_CHANNEL, done.channel());
        assertEquals("uvm_wait: x", done.reason());
        assertEquals(3, done.wakeSeq());
    }

    @Test
    void unmappingFreesAnL3PageOnlyWithItsLastMappingAndItsL2PageWithIt() {
        ActorRef<Pmap.Command> p = pmap(1, "make");
        enterFirstPage(p, 100, 200, 201, 202);
        long va2 = VA + t.run.geometry().pageSize();
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{va2}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(f.replyTo(), new Pmap.PageReady(t.meta(), va2, 101, f.key()));
        PhysicalMemory.EnterPv pv = t.expect(t.physmem, PhysicalMemory.EnterPv.class); // same L3 page: no table asked
        t.tell(pv.replyTo(), new Pmap.PvDone(t.meta(), 101, false));
        t.expect(cpu, Cpu.AccessDone.class);

        t.tell(p, new Pmap.Unmap(t.meta(), VA, 100));
        t.tell(p, new Pmap.Activate(t.meta(), 0, cpu.ref())); // a marker: the Unmap has been handled
        t.expect(cpu, Cpu.Activated.class);
        t.physmem.expectNoMessage();
        assertTrue(t.events(Pmap.TablesTrimmed.class).isEmpty(), "the L3 page still maps va2");

        t.tell(p, new Pmap.Unmap(t.meta(), va2, 101));
        PhysicalMemory.FreePmapPages free = t.expect(t.physmem, PhysicalMemory.FreePmapPages.class);
        assertArrayEquals(new int[]{202, 201}, free.frames(), "the empty L3 page, then its L2 page");
        assertEquals(0, free.pvVas().length, "the page daemon removed the pv entry itself");
    }

    @Test
    void aRefusedTablePageWalksThePmapsSkipsAnActiveOneAndCollectsTheFirstInactiveOneWithAPrivateL1() {
        ActorRef<Pmap.Command> p = pmap(1, "sh");
        TestProbe<Pmap.Command> active = kit.createTestProbe(Pmap.Command.class);
        Pmap.Handle activeH = t.handle("pmap-3", 3, "make", active.ref());
        Pmap.Handle victimH = t.handle("pmap-2", 2, "csh", other.ref());
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(p, new Pmap.PageReady(t.meta(), VA, 100, f.key()));
        PhysicalMemory.AllocPt a = t.expect(t.physmem, PhysicalMemory.AllocPt.class);

        t.tell(p, new Pmap.AllocRefused(t.meta(), a.usage(), "free=5 <= reserve_kernel=5", 5,
                List.of(activeH, victimH)));
        Pmap.Query q1 = t.expect(active, Pmap.Query.class);
        assertEquals("pmap-1", q1.requester());
        t.tell(q1.replyTo(), new Pmap.QueryReply(t.meta(), activeH, 1, true));
        active.expectNoMessage();
        Pmap.Query q2 = t.expect(other, Pmap.Query.class);
        t.tell(q2.replyTo(), new Pmap.QueryReply(t.meta(), victimH, 0, true));
        Pmap.Collect c = t.expect(other, Pmap.Collect.class);
        assertEquals(Pmap.CollectReason.EMERGENCY, c.reason());
        assertEquals(0, c.byCpu());
        assertEquals("pmap-1", c.requester());
        t.tell(c.replyTo(), new Pmap.CollectDone(t.meta(), victimH, 3, false));

        PhysicalMemory.AllocPt retry = t.expect(t.physmem, PhysicalMemory.AllocPt.class);
        assertEquals(Usage.L1, retry.usage());
        assertEquals(2, retry.attempt());
        assertEquals(List.of("pmap-3", "pmap-2"), t.events(Pmap.EmergencyBegan.class).get(0).walk());
    }

    @Test
    void sixRefusalsEndTheRunWithThe1998Panic() {
        ActorRef<Pmap.Command> p = pmap(1, "sh");
        Pmap.Handle victimH = t.handle("pmap-2", 2, "csh", other.ref());
        t.tell(p, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        PhysicalMemory.Fault f = t.expect(t.physmem, PhysicalMemory.Fault.class);
        t.tell(p, new Pmap.PageReady(t.meta(), VA, 100, f.key()));

        for (int attempt = 1; attempt <= 6; attempt++) {
            PhysicalMemory.AllocPt a = t.expect(t.physmem, PhysicalMemory.AllocPt.class);
            assertEquals(attempt, a.attempt());
            assertFalse(t.run.log().ended(), "ended before attempt " + attempt);
            t.tell(p, new Pmap.AllocRefused(t.meta(), a.usage(), "free=5 <= reserve_kernel=5", 5, List.of(victimH)));
            Pmap.Query q = t.expect(other, Pmap.Query.class);
            t.tell(q.replyTo(), new Pmap.QueryReply(t.meta(), victimH, 0, true));
            Pmap.Collect c = t.expect(other, Pmap.Collect.class);
            t.tell(c.replyTo(), new Pmap.CollectDone(t.meta(), victimH, 0, false));
        }

        RunEnd end = t.end();
        assertEquals(RunEnd.Kind.PANIC, end.kind());
        assertEquals(PANIC, end.reason());
        t.physmem.expectNoMessage();
        Pmap.Panicked panic = t.events(Pmap.Panicked.class).get(0);
        assertEquals(Usage.L1, panic.usage());
        assertEquals(6, t.events(Pmap.CollectAsked.class).size(), "a collection after each failure, the sixth too");
    }

    @Test
    void anInactivePmapCollectedFreesItsTablesAndPvEntriesThenAnswersAndFaultsAgainLater() {
        ActorRef<Pmap.Command> victim = pmap(2, "csh");
        enterFirstPage(victim, 100, 200, 201, 202);

        t.tell(victim, new Pmap.Collect(t.meta(), Pmap.CollectReason.EMERGENCY, 0, "pmap-1", other.ref()));
        PhysicalMemory.FreePmapPages free = t.expect(t.physmem, PhysicalMemory.FreePmapPages.class);
        assertEquals("pmap-2", free.pmap());
        assertEquals(2, free.pmapId());
        assertArrayEquals(new int[]{202, 201, 200}, free.frames());
        assertArrayEquals(new long[]{VA}, free.pvVas());
        assertArrayEquals(new int[]{100}, free.pvFrames());
        other.expectNoMessage();

        t.tell(free.replyTo(), new Pmap.PagesFreed(t.meta(), free.tag(), 4, 0));
        Pmap.CollectDone done = t.expect(other, Pmap.CollectDone.class);
        assertEquals("pmap-2", done.victim().name());
        assertEquals(4, done.freed());
        assertFalse(done.refused());
        assertFalse(query(victim).privateL1(), "back on Lev1map");

        t.tell(victim, new Pmap.Access(t.meta(), 0, new long[]{VA}, true, cpu.ref()));
        assertEquals(VA, t.expect(t.physmem, PhysicalMemory.Fault.class).va());
    }

    @Test
    void under1998RulesAPmapActiveOnAnotherCpuObeysACollectAndTheEventSaysItWasActive() {
        ActorRef<Pmap.Command> victim = pmap(2, "csh");
        enterFirstPage(victim, 100, 200, 201, 202);
        t.tell(victim, new Pmap.Activate(t.meta(), 1, cpu.ref()));
        t.expect(cpu, Cpu.Activated.class);

        t.tell(victim, new Pmap.Collect(t.meta(), Pmap.CollectReason.EMERGENCY, 0, "pmap-1", other.ref()));
        t.expect(t.physmem, PhysicalMemory.FreePmapPages.class);
        Pmap.CollectStarted started = t.events(Pmap.CollectStarted.class).get(0);
        assertEquals(0b10, started.cpusAtCollect());
        assertEquals(0, started.onCpu());
    }

    @Test
    void theKernelPmapRefusesToBeCollected() {
        ActorRef<Pmap.Command> kernel = kit.spawn(Pmap.create(t.run,
                new Pmap.Handle("pmap-kernel", 0, 0, "kernel"), true));

        t.tell(kernel, new Pmap.Collect(t.meta(), Pmap.CollectReason.EMERGENCY, 0, "pmap-1", other.ref()));
        Pmap.CollectDone done = t.expect(other, Pmap.CollectDone.class);
        assertTrue(done.refused());
        assertEquals(0, done.freed());
        t.physmem.expectNoMessage();
    }

    @Test
    void theKernelPmapMapsAPageoutClusterWithOnePvEntryPerPageThenTellsThePager() {
        ActorRef<Pmap.Command> kernel = kit.spawn(Pmap.create(t.run,
                new Pmap.Handle("pmap-kernel", 0, 0, "kernel"), true));
        TestProbe<SwapPager.Command> pager = kit.createTestProbe(SwapPager.Command.class);

        t.tell(kernel, new Pmap.PagerMap(t.meta(), 7, new int[]{10, 11}, pager.ref()));
        for (int frame : new int[]{10, 11}) {
            PhysicalMemory.EnterPv pv = t.expect(t.physmem, PhysicalMemory.EnterPv.class);
            assertEquals(frame, pv.frame());
            assertEquals(-1, pv.key());
            t.tell(pv.replyTo(), new Pmap.PvDone(t.meta(), frame, false));
        }
        assertEquals(7, t.expect(pager, SwapPager.PagerMapped.class).tag());
        t.physmem.expectNoMessage();
    }
}
