package pmapsim.actors.uvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.monitor.Conservation;
import pmapsim.actors.monitor.DoubleFree;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.sched.Scheduler;
import pmapsim.model.Pool;
import pmapsim.model.Usage;

/**
 * uvm_page under pmap.c 1.124 (USERESERVE, pmap_all_pmaps in LRU order, stolen pages and pv entries changing hands,
 * the pv pool's low-water mark) and under PMAP_CANFAIL (a refusal counts the fault among the waiters for memory). The
 * conservation and double-free monitors watch every event.
 */
class PhysicalMemoryPoliciesTest extends ActorProtocolTest {
    private static final long VA = 0x1_4000_0000L;

    private TestRun t;
    private ActorRef<PhysicalMemory.Command> uvm;
    private TestProbe<Pmap.Command> pmap;
    private TestProbe<PageDaemon.Command> daemon;
    private Conservation conservation;
    private DoubleFree doubleFree;

    private void spawn(String policy) {
        t = TestRun.of(kit, Map.of("machine.policy", policy));
        conservation = new Conservation(t.scenario.machine().npages());
        doubleFree = new DoubleFree();
        t.run.log().addSink(conservation);
        t.run.log().addSink(doubleFree);
        uvm = kit.spawn(PhysicalMemory.create(t.run));
        pmap = kit.createTestProbe(Pmap.Command.class);
        daemon = kit.createTestProbe(PageDaemon.Command.class);
    }

    private long free() {
        t.tell(uvm, new PhysicalMemory.DaemonPass(t.meta(), daemon.ref()));
        return t.expect(daemon, PageDaemon.PassInfo.class).free();
    }

    private void leaveFree(long left) {
        t.tell(uvm, new PhysicalMemory.KernelAlloc(t.meta(), "test", (int) (free() - left), 1, false, t.pager.ref()));
        t.expect(t.pager, SwapPager.KmemGranted.class);
        assertEquals(left, free());
    }

    private void register(int id, String command) {
        t.tell(uvm, new PhysicalMemory.RegisterPmap(t.meta(), t.handle("pmap-" + id, id, command, pmap.ref())));
    }

    private int faultIn(long key) {
        t.tell(uvm, new PhysicalMemory.Fault(t.meta(), "pmap-7", pmap.ref(), VA, key, 0, true));
        return t.expect(pmap, Pmap.PageReady.class).frame();
    }

    private void enterPv(String name, int id, int frame, long key, long va) {
        t.tell(uvm, new PhysicalMemory.EnterPv(t.meta(), name, id, pmap.ref(), frame, key, va, 1));
        assertFalse(t.expect(pmap, Pmap.PvDone.class).stale());
    }

    private void assertMonitorsQuiet() {
        free(); // every message before has been handled
        assertEquals(List.of(), conservation.violations());
        assertEquals(List.of(), doubleFree.violations());
    }

    @Test
    void underNetbsd2000APmapPageMayTakeTheKernelReserveAndARefusalListsThePmapsInLruOrder() {
        spawn("netbsd-2000");
        register(1, "init");
        register(2, "csh");
        register(3, "make");
        t.tell(uvm, new PhysicalMemory.PmapActivated(t.meta(), "pmap-1"));
        leaveFree(3);

        t.tell(uvm, new PhysicalMemory.AllocPt(t.meta(), "pmap-3", 3, pmap.ref(), Usage.L1, 1));
        t.expect(pmap, Pmap.PtGranted.class); // 3 free: below reserve_kernel, still granted (UVM_PGA_USERESERVE)
        t.tell(uvm, new PhysicalMemory.AllocPt(t.meta(), "pmap-3", 3, pmap.ref(), Usage.L2, 1));
        t.expect(pmap, Pmap.PtGranted.class);
        t.tell(uvm, new PhysicalMemory.AllocPt(t.meta(), "pmap-3", 3, pmap.ref(), Usage.L3, 1));
        Pmap.AllocRefused no = t.expect(pmap, Pmap.AllocRefused.class);
        assertTrue(no.reason().contains("reserve_pagedaemon"), no.reason());
        assertEquals(List.of("pmap-2", "pmap-3", "pmap-1"), no.pmaps().stream().map(Pmap.Handle::name).toList(),
                "created at the tail; pmap-1, activated, moved behind the others");
    }

    @Test
    void aStolenL3PageBecomesTheThiefsTableAndTheVictimsPvEntriesAndL2PageGoBack() {
        spawn("netbsd-2000");
        int data = faultIn((7L << 32) | 1);
        t.tell(uvm, new PhysicalMemory.AllocPt(t.meta(), "pmap-7", 7, pmap.ref(), Usage.L2, 1));
        int l2 = t.expect(pmap, Pmap.PtGranted.class).frame();
        t.tell(uvm, new PhysicalMemory.AllocPt(t.meta(), "pmap-7", 7, pmap.ref(), Usage.L3, 1));
        int l3 = t.expect(pmap, Pmap.PtGranted.class).frame();
        enterPv("pmap-7", 7, data, (7L << 32) | 1, VA);
        long before = free();

        TestProbe<Pmap.Command> thief = kit.createTestProbe(Pmap.Command.class);
        t.tell(uvm, new PhysicalMemory.PtpageSteal(t.meta(), "pmap-7", 7, "pmap-8", 8, Usage.L1, l3, new long[]{VA},
                new int[]{data}, new int[]{l2}, thief.ref()));
        Pmap.PtGranted granted = t.expect(thief, Pmap.PtGranted.class);
        assertEquals(l3, granted.frame());
        assertEquals(Usage.L1, granted.usage());
        PhysicalMemory.PtpageReassigned r = t.events(PhysicalMemory.PtpageReassigned.class).get(0);
        assertEquals(Pool.PT_L3, r.from());
        assertEquals(Pool.PT_L1, r.to());
        assertEquals(8, r.toOwner());
        assertEquals(before + 1, free(), "the L2 page, not the stolen one, and no pv page (the pool keeps it)");
        assertEquals(1, conservation.count(Pool.PT_L1));
        assertEquals(0, conservation.count(Pool.PT_L3));

        t.tell(uvm, new PhysicalMemory.FreePmapPages(t.meta(), "pmap-8", 8, thief.ref(), 1, new int[]{l3},
                new long[0], new int[0]));
        assertEquals(1, t.expect(thief, Pmap.PagesFreed.class).freed(), "the thief owns it now: no double free");
        assertMonitorsQuiet();
    }

    @Test
    void aStolenMappingsPvEntryIsReusedForTheThiefsMappingWithoutANewPage() {
        spawn("netbsd-2000");
        int victims = faultIn((7L << 32) | 1);
        int thiefs = faultIn((8L << 32) | 1);
        enterPv("pmap-7", 7, victims, (7L << 32) | 1, VA);
        long before = free();

        TestProbe<Pmap.Command> thief = kit.createTestProbe(Pmap.Command.class);
        t.tell(uvm, new PhysicalMemory.PvSteal(t.meta(), "pmap-7", VA, victims, "pmap-8", 8, thiefs, (8L << 32) | 1,
                VA, 1, thief.ref()));
        Pmap.PvDone done = t.expect(thief, Pmap.PvDone.class);
        assertEquals(thiefs, done.frame());
        assertFalse(done.stale());
        PhysicalMemory.PvReassigned r = t.events(PhysicalMemory.PvReassigned.class).get(0);
        assertEquals("pmap-7", r.pmap());
        assertEquals("pmap-8", r.thief());
        assertEquals(before, free());

        t.tell(uvm, new PhysicalMemory.FreePmapPages(t.meta(), "pmap-8", 8, null, -1, new int[0], new long[]{VA},
                new int[]{thiefs}));
        free(); // handled
        assertEquals(1, t.events(PhysicalMemory.PvRemoved.class).size(), "the entry is the thief's now");
        assertEquals("pmap-8", t.events(PhysicalMemory.PvRemoved.class).get(0).pmap());
        assertMonitorsQuiet();
    }

    @Test
    void thePvPoolAddsAPageWhenFewerThanSixteenEntriesAreLeftAndStealsWhenItIsEmptyAndNoPageCanBeHad() {
        spawn("netbsd-2000");
        register(7, "csh");
        register(8, "sh");
        register(9, "make");
        int frame = faultIn((7L << 32) | 1);
        int perPage = t.run.geometry().pvPerPage();
        enterPv("pmap-7", 7, frame, -1, VA); // the pool's first page
        enterPv("pmap-8", 8, frame, -1, VA);
        leaveFree(1); // no page for the pool any more, even with the kernel reserve
        for (int i = 2; i < perPage; i++) {
            enterPv("pmap-9", 9, frame, -1, VA + (long) i * 8192);
        }
        assertTrue(t.events(PhysicalMemory.PageAllocated.class).stream().noneMatch(a -> a.to() == Pool.PV),
                "below the low-water mark, but pool_catchup got no page");

        t.tell(uvm, new PhysicalMemory.EnterPv(t.meta(), "pmap-9", 9, pmap.ref(), frame, -1, VA, 1));
        Pmap.PvPoolEmpty empty = t.expect(pmap, Pmap.PvPoolEmpty.class);
        assertEquals(List.of(new Pmap.PvMapping("pmap-7", VA, frame), new Pmap.PvMapping("pmap-8", VA, frame)),
                empty.candidates(), "the first mapping of each user pmap but the requester's, in pv-table order");

        t.tell(uvm, new PhysicalMemory.KernelFree(t.meta(), t.events(PhysicalMemory.PageAllocated.class).stream()
                .filter(a -> "test".equals(a.purpose())).limit(20).mapToInt(PhysicalMemory.PageAllocated::frame)
                .toArray()));
        t.tell(uvm, new PhysicalMemory.FreePmapPages(t.meta(), "pmap-9", 9, null, -1, new int[0],
                new long[]{VA + 2 * 8192}, new int[]{frame}));
        enterPv("pmap-9", 9, frame, -1, VA); // the freed entry; 0 left: pool_catchup adds a page
        PhysicalMemory.PageAllocated added = t.events(PhysicalMemory.PageAllocated.class).stream()
                .filter(a -> a.to() == Pool.PV).findFirst().orElseThrow();
        assertTrue(added.purpose().contains("low water 16"), added.purpose());
        assertMonitorsQuiet();
    }

    @Test
    void underCanfailARefusalIsAShortageWhoseFaultWaitsAndIsWokenWhenPagesComeBack() {
        spawn("canfail");
        leaveFree(1);

        t.tell(uvm, new PhysicalMemory.AllocPt(t.meta(), "pmap-7", 7, pmap.ref(), Usage.L2, 1));
        Pmap.AllocShortage no = t.expect(pmap, Pmap.AllocShortage.class);
        assertEquals(Usage.L2, no.usage());
        assertFalse(no.swapFull());
        assertEquals("pmap-7", t.events(PhysicalMemory.WaitStarted.class).get(0).who());

        t.tell(uvm, new PhysicalMemory.KernelFree(t.meta(), t.events(PhysicalMemory.PageAllocated.class).stream()
                .filter(a -> "test".equals(a.purpose())).limit(10).mapToInt(PhysicalMemory.PageAllocated::frame)
                .toArray()));
        Scheduler.Wakeup w = t.expect(t.scheduler, Scheduler.Wakeup.class);
        assertEquals(PhysicalMemory.MEMORY_CHANNEL, w.channel());
        assertTrue(w.seq() > no.wakeSeq(), "the wakeup comes after the shortage: the sleep is not lost");
    }

    @Test
    void underCanfailTheKernelPmapsShortageMakesThePagerWaitForMemory() {
        spawn("canfail");
        int frame = faultIn((7L << 32) | 1);
        leaveFree(1);

        t.tell(uvm, new PhysicalMemory.EnterPv(t.meta(), "pmap-kernel", 0, pmap.ref(), frame, -1, VA, 1));
        assertEquals(Usage.PV, t.expect(pmap, Pmap.AllocShortage.class).usage());
        assertTrue(t.events(PhysicalMemory.WaitStarted.class).get(0).pager());

        t.tell(uvm, new PhysicalMemory.KernelFree(t.meta(), t.events(PhysicalMemory.PageAllocated.class).stream()
                .filter(a -> "test".equals(a.purpose())).limit(4).mapToInt(PhysicalMemory.PageAllocated::frame)
                .toArray()));
        t.expect(t.pager, SwapPager.MemoryAvailable.class);
    }
}
