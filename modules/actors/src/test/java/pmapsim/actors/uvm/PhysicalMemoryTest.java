package pmapsim.actors.uvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.model.Pool;
import pmapsim.model.Usage;

/** uvm_page as the pmaps, the pager and the page daemon see it: what is granted, what is refused, and why. */
class PhysicalMemoryTest extends ActorProtocolTest {
    private static final long VA = 0x1_4000_0000L;
    private static final long ANON = (7L << 32) | 1;

    private TestRun t;
    private ActorRef<PhysicalMemory.Command> uvm;
    private TestProbe<Pmap.Command> pmap;
    /** The page daemon's side of a pass (replies); wakeups go to {@code t.pagedaemon}. */
    private TestProbe<PageDaemon.Command> daemon;


    @BeforeEach
    void spawn() {
        t = TestRun.of(kit);
        uvm = kit.spawn(PhysicalMemory.create(t.run));
        pmap = kit.createTestProbe(Pmap.Command.class);
        daemon = kit.createTestProbe(PageDaemon.Command.class);
    }

    private long free() {
        t.tell(uvm, new PhysicalMemory.DaemonPass(t.meta(), daemon.ref()));
        return t.expect(daemon, PageDaemon.PassInfo.class).free();
    }

    /** Takes kernel memory (which may use the kernel reserve) until {@code left} pages are free. */
    private void leaveFree(long left) {
        t.tell(uvm, new PhysicalMemory.KernelAlloc(t.meta(), "test", (int) (free() - left), 1, false, t.pager.ref()));
        t.expect(t.pager, SwapPager.KmemGranted.class);
        assertEquals(left, free());
    }

    private PhysicalMemory.AllocPt allocPt(String name, int id, Usage usage) {
        return new PhysicalMemory.AllocPt(t.meta(), name, id, pmap.ref(), usage, 1);
    }

    private int faultIn(long key) {
        t.tell(uvm, new PhysicalMemory.Fault(t.meta(), "pmap-7", pmap.ref(), VA, key, 0, true));
        return t.expect(pmap, Pmap.PageReady.class).frame();
    }

    @Test
    void pageTablesAreGrantedAboveTheKernelReserveAndRefusedAtItWithTheListOfPmapsNewestFirst() {
        Pmap.Handle older = t.handle("pmap-1", 1, "init", pmap.ref());
        Pmap.Handle newer = t.handle("pmap-2", 2, "make", pmap.ref());
        t.tell(uvm, new PhysicalMemory.RegisterPmap(t.meta(), older));
        t.tell(uvm, new PhysicalMemory.RegisterPmap(t.meta(), newer));
        leaveFree(6);

        t.tell(uvm, allocPt("pmap-2", 2, Usage.L1));
        assertEquals(Usage.L1, t.expect(pmap, Pmap.PtGranted.class).usage());
        assertEquals(5, free());

        t.tell(uvm, allocPt("pmap-2", 2, Usage.L2));
        Pmap.AllocRefused no = t.expect(pmap, Pmap.AllocRefused.class);
        assertEquals(Usage.L2, no.usage());
        assertEquals(5, no.free());
        assertTrue(no.reason().contains("reserve_kernel"), no.reason());
        assertEquals(List.of("pmap-2", "pmap-1"), no.pmaps().stream().map(Pmap.Handle::name).toList());
        assertEquals(5, free(), "a refusal takes nothing");
    }

    @Test
    void aFaultOnANewAnonGetsAZeroFilledActivePage() {
        int frame = faultIn(ANON);

        PhysicalMemory.PageAllocated a = t.events(PhysicalMemory.PageAllocated.class).stream()
                .filter(e -> e.frame() == frame).findFirst().orElseThrow();
        assertEquals(Pool.ACTIVE, a.to());
        assertEquals("zero-fill", a.purpose());
        assertEquals(ANON, a.owner());
    }

    @Test
    void aFaultOnAResidentPageReturnsTheSameFrameWithoutAllocating() {
        int frame = faultIn(ANON);
        long before = free();

        assertEquals(frame, faultIn(ANON));
        assertEquals(before, free());
    }

    @Test
    void aFaultAtTheKernelReserveSendsTheProcessToUvmWait() {
        leaveFree(5);

        t.tell(uvm, new PhysicalMemory.Fault(t.meta(), "pmap-7", pmap.ref(), VA, ANON, 0, true));
        Pmap.PageWait w = t.expect(pmap, Pmap.PageWait.class);
        assertEquals(PhysicalMemory.MEMORY_CHANNEL, w.channel());
        assertTrue(w.reason().startsWith("uvm_wait: "), w.reason());
        assertEquals(5, free());
    }

    @Test
    void kernelMemoryIsAllOrNothingAndMayDigIntoTheKernelReserve() {
        long free = free();

        t.tell(uvm, new PhysicalMemory.KernelAlloc(t.meta(), "mbufs", (int) free, 9, false, t.pager.ref()));
        assertEquals(9, t.expect(t.pager, SwapPager.KmemRefused.class).tag());
        assertEquals(free, free(), "a refused request takes no page at all");

        t.tell(uvm, new PhysicalMemory.KernelAlloc(t.meta(), "mbufs", (int) free - 1, 10, false, t.pager.ref()));
        SwapPager.KmemGranted g = t.expect(t.pager, SwapPager.KmemGranted.class);
        assertEquals(10, g.tag());
        assertEquals(free - 1, g.frames().length);
        assertEquals(1, free(), "only reserve_pagedaemon is left");
    }

    @Test
    void freeingATablePageTwiceIsReportedAsADoubleFree() {
        t.tell(uvm, allocPt("pmap-7", 7, Usage.L3));
        int frame = t.expect(pmap, Pmap.PtGranted.class).frame();
        int[] frames = {frame};

        t.tell(uvm, new PhysicalMemory.FreePmapPages(t.meta(), "pmap-7", 7, pmap.ref(), 1, frames, new long[0],
                new int[0]));
        Pmap.PagesFreed first = t.expect(pmap, Pmap.PagesFreed.class);
        assertEquals(1, first.freed());
        assertEquals(0, first.doubleFreed());
        assertTrue(t.events(PhysicalMemory.DoubleFree.class).isEmpty());

        t.tell(uvm, new PhysicalMemory.FreePmapPages(t.meta(), "pmap-7", 7, pmap.ref(), 2, frames, new long[0],
                new int[0]));
        Pmap.PagesFreed second = t.expect(pmap, Pmap.PagesFreed.class);
        assertEquals(2, second.tag());
        assertEquals(0, second.freed());
        assertEquals(1, second.doubleFreed());
        PhysicalMemory.DoubleFree d = t.events(PhysicalMemory.DoubleFree.class).get(0);
        assertEquals(frame, d.frame());
        assertEquals("pmap-7", d.by());
        assertEquals(Pool.FREE, d.found());
        assertTrue(d.detail().contains("already free"), d.detail());
    }

    @Test
    void aPvPageIsTakenOnlyWhenNoPvPageHasRoom() {
        int frame = faultIn(ANON);
        long before = free();

        t.tell(uvm, new PhysicalMemory.EnterPv(t.meta(), "pmap-7", 7, pmap.ref(), frame, ANON, VA, 1));
        assertFalse(t.expect(pmap, Pmap.PvDone.class).stale());
        t.tell(uvm, new PhysicalMemory.EnterPv(t.meta(), "pmap-8", 8, pmap.ref(), frame, ANON, VA, 1));
        assertFalse(t.expect(pmap, Pmap.PvDone.class).stale());

        List<PhysicalMemory.PvEntered> pv = t.events(PhysicalMemory.PvEntered.class);
        assertEquals(2, pv.size());
        assertTrue(pv.get(0).newPvPage());
        assertFalse(pv.get(1).newPvPage());
        assertEquals(pv.get(0).pvPage(), pv.get(1).pvPage());
        assertEquals(before - 1, free(), "one pv page for both entries");
    }

    @Test
    void aPvEntryForAPageThatChangedOwnerIsAnsweredStale() {
        int frame = faultIn(ANON);

        t.tell(uvm, new PhysicalMemory.EnterPv(t.meta(), "pmap-7", 7, pmap.ref(), frame, ANON + 1, VA, 1));
        Pmap.PvDone d = t.expect(pmap, Pmap.PvDone.class);
        assertTrue(d.stale());
        assertTrue(t.events(PhysicalMemory.PvEntered.class).isEmpty());
    }

    @Test
    void thePageDaemonIsWokenOnceWhileAwakeAndAgainAfterItSleeps() {
        leaveFree(t.run.thresholds().freemin());
        t.expect(t.pagedaemon, PageDaemon.Wake.class);

        t.tell(uvm, allocPt("pmap-7", 7, Usage.L1));
        t.expect(pmap, Pmap.PtGranted.class);
        t.pagedaemon.expectNoMessage();

        t.tell(uvm, new PhysicalMemory.DaemonSleeping(t.meta()));
        t.tell(uvm, allocPt("pmap-7", 7, Usage.L2));
        t.expect(pmap, Pmap.PtGranted.class);
        t.expect(t.pagedaemon, PageDaemon.Wake.class);
        assertEquals(2, t.events(PhysicalMemory.DaemonWoken.class).size());
    }

    @Test
    void dirtyPagesAreDeactivatedThenClusteredForPageoutAndFreedWhenThePageoutIsDone() {
        int[] frames = {faultIn(ANON), faultIn(ANON + 1), faultIn(ANON + 2)};
        leaveFree(10);

        t.tell(uvm, new PhysicalMemory.ScanInactive(t.meta(), daemon.ref()));
        PageDaemon.ScanResult first = t.expect(daemon, PageDaemon.ScanResult.class);
        assertEquals(3, first.deactivated());
        assertTrue(first.clusters().isEmpty());

        t.tell(uvm, new PhysicalMemory.ScanInactive(t.meta(), daemon.ref()));
        PageDaemon.ScanResult second = t.expect(daemon, PageDaemon.ScanResult.class);
        assertEquals(1, second.clusters().size());
        assertArrayEquals(frames, second.clusters().get(0));
        assertEquals(10, free(), "a page being paged out is still in use");

        t.tell(uvm, new PhysicalMemory.PageoutDone(t.meta(), frames));
        assertEquals(13, free());
    }
}
