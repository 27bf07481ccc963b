package pmapsim.actors.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory.PageAllocated;
import pmapsim.actors.uvm.PhysicalMemory.PageFreed;
import pmapsim.actors.uvm.PhysicalMemory.PageMoved;
import pmapsim.actors.uvm.PhysicalMemory.PvEntered;
import pmapsim.actors.uvm.PhysicalMemory.PvRemoved;
import pmapsim.model.Pool;

/** npages = FREE + ACTIVE + INACTIVE + WIRED + PT_L1 + PT_L2 + PT_L3 + PV + KMEM at every event (vm-model.md §5). */
class ConservationTest {
    private long seq;

    private long feed(Monitor m, ModelEvent body) {
        long s = ++seq;
        m.accept(new Stamped(s, "physmem", "pmap-3#" + s, s - 1, 10 * s, body));
        return s;
    }

    private static void assertPools(Conservation c, Map<Pool, Long> expected) {
        long sum = 0;
        for (Pool p : Pool.values()) {
            assertEquals(expected.getOrDefault(p, 0L), c.count(p), p.key());
            sum += c.count(p);
        }
        assertEquals(16, sum);
    }

    private static Map<Pool, Long> pools(Object... kv) {
        Map<Pool, Long> m = new EnumMap<>(Pool.class);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Pool) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void startsAllFree() {
        Conservation c = new Conservation(16);
        assertEquals("conservation", c.name());
        assertPools(c, pools(Pool.FREE, 16));
    }

    @Test
    void aCorrectSequenceIsSilentAndCounted() {
        Conservation c = new Conservation(16);
        feed(c, new PageAllocated(0, Pool.WIRED, 0, "buffer cache", false, 15));
        feed(c, new PageAllocated(1, Pool.KMEM, 0, "mbuf pool", false, 14));
        // pmap-3 (id 3) faults in its first page: L1, L2, L3, the data page, a pv page
        feed(c, new PageAllocated(2, Pool.PT_L1, 3, "lev1map", false, 13));
        feed(c, new PageAllocated(3, Pool.PT_L2, 3, "L2 PT page", false, 12));
        feed(c, new PageAllocated(4, Pool.PT_L3, 3, "L3 PT page", false, 11));
        feed(c, new PageAllocated(5, Pool.ACTIVE, 100, "zero-fill", true, 10));
        feed(c, new PvEntered(5, "pmap-3", 0x120000000L, 6, true)); // frame 6 becomes a pv page: free 9
        assertPools(c, pools(Pool.FREE, 9, Pool.WIRED, 1, Pool.KMEM, 1, Pool.PT_L1, 1, Pool.PT_L2, 1,
                Pool.PT_L3, 1, Pool.ACTIVE, 1, Pool.PV, 1));
        // a second page, its pv entry in the same pv page
        feed(c, new PageAllocated(7, Pool.ACTIVE, 101, "zero-fill", true, 8));
        feed(c, new PvEntered(7, "pmap-3", 0x120002000L, 6, false));
        // the daemon deactivates the first data page
        feed(c, new PageMoved(5, Pool.ACTIVE, Pool.INACTIVE, false));
        // a referenced page stays where it is (PhysicalMemory emits from == to)
        feed(c, new PageMoved(7, Pool.ACTIVE, Pool.ACTIVE, true));
        assertPools(c, pools(Pool.FREE, 8, Pool.WIRED, 1, Pool.KMEM, 1, Pool.PT_L1, 1, Pool.PT_L2, 1,
                Pool.PT_L3, 1, Pool.ACTIVE, 1, Pool.INACTIVE, 1, Pool.PV, 1));
        // pmap_collect: both pv entries go, the last one returns the pv page; then the tables
        feed(c, new PvRemoved(5, "pmap-3", 0x120000000L, 6, false));
        assertEquals(1, c.count(Pool.PV));
        feed(c, new PvRemoved(7, "pmap-3", 0x120002000L, 6, true));
        assertEquals(0, c.count(Pool.PV));
        assertEquals(9, c.count(Pool.FREE));
        feed(c, new PageFreed(4, Pool.PT_L3, 3, "pmap-3", 10));
        feed(c, new PageFreed(3, Pool.PT_L2, 3, "pmap-3", 11));
        feed(c, new PageFreed(2, Pool.PT_L1, 3, "pmap-3", 12));
        // the daemon frees the clean inactive page
        feed(c, new PageFreed(5, Pool.INACTIVE, 100, "pagedaemon", 13));
        // and the freed pv page can be allocated again
        feed(c, new PageAllocated(6, Pool.KMEM, 0, "swapbuf", false, 12));
        // events that do not move pages are ignored
        feed(c, new Pmap.Activated(3, "make", 0));
        feed(c, new PvEntered(7, "pmap-4", 0x140000000L, 8, false));
        assertEquals(List.of(), c.violations());
        assertPools(c, pools(Pool.FREE, 12, Pool.WIRED, 1, Pool.KMEM, 2, Pool.ACTIVE, 1));
    }

    @Test
    void allocatingAFrameTwiceFires() {
        Conservation c = new Conservation(16);
        feed(c, new PageAllocated(2, Pool.ACTIVE, 100, "zero-fill", true, 15));
        // allocated again without a free; the allocator's free count (15) is what the monitor has too
        long bad = feed(c, new PageAllocated(2, Pool.PT_L3, 3, "L3 PT page", false, 15));
        List<Violation> v = c.violations();
        assertEquals(1, v.size(), v.toString());
        assertEquals("conservation", v.get(0).monitor());
        assertEquals(bad, v.get(0).event());
        assertEquals("frame 2 moves free -> pt_l3 but it is active", v.get(0).message());
        // counted where it really went, nothing lost
        assertEquals(0, c.count(Pool.ACTIVE));
        assertEquals(1, c.count(Pool.PT_L3));
        assertEquals(15, c.count(Pool.FREE));
    }

    @Test
    void allocatingAFrameTwiceWithTheAllocatorsCountFiresTwice() {
        Conservation c = new Conservation(16);
        feed(c, new PageAllocated(2, Pool.ACTIVE, 100, "zero-fill", true, 15));
        long bad = feed(c, new PageAllocated(2, Pool.ACTIVE, 101, "zero-fill", true, 14));
        List<Violation> v = c.violations();
        assertEquals(2, v.size(), v.toString());
        assertTrue(v.stream().allMatch(x -> x.event() == bad), v.toString());
        assertEquals("frame 2 moves free -> active but it is active", v.get(0).message());
        assertEquals("the allocator says free=14 but the pages counted free are 15", v.get(1).message());
    }

    @Test
    void freeingAFreeFrameFires() {
        Conservation c = new Conservation(16);
        feed(c, new PageAllocated(0, Pool.PT_L3, 3, "L3 PT page", false, 15));
        feed(c, new PageFreed(0, Pool.PT_L3, 3, "pmap-3", 16));
        long bad = feed(c, new PageFreed(0, Pool.PT_L3, 3, "pmap-3", 16));
        List<Violation> v = c.violations();
        assertEquals(1, v.size(), v.toString());
        assertEquals(bad, v.get(0).event());
        assertEquals("frame 0 moves pt_l3 -> free but it is free", v.get(0).message());
        assertEquals(16, c.count(Pool.FREE));
        assertEquals(0, c.count(Pool.PT_L3));
    }

    @Test
    void aReportedFreeCountThatDisagreesFires() {
        Conservation c = new Conservation(16);
        feed(c, new PageAllocated(0, Pool.WIRED, 0, "buffer cache", false, 15));
        long bad = feed(c, new PageAllocated(1, Pool.WIRED, 0, "buffer cache", false, 13));
        feed(c, new PageAllocated(2, Pool.WIRED, 0, "buffer cache", false, 13));
        long bad2 = feed(c, new PageFreed(2, Pool.WIRED, 0, "kernel", 15));
        List<Violation> v = c.violations();
        assertEquals(2, v.size(), v.toString());
        assertEquals(new Violation("conservation", bad,
                "the allocator says free=13 but the pages counted free are 14"), v.get(0));
        assertEquals(new Violation("conservation", bad2,
                "the allocator says free=15 but the pages counted free are 14"), v.get(1));
    }

    @Test
    void aMoveFromTheWrongPoolFires() {
        Conservation c = new Conservation(16);
        feed(c, new PageAllocated(3, Pool.ACTIVE, 100, "zero-fill", false, 15));
        long bad = feed(c, new PageMoved(3, Pool.INACTIVE, Pool.ACTIVE, false));
        assertEquals(1, c.violations().size());
        assertEquals(bad, c.violations().get(0).event());
        assertEquals("frame 3 moves inactive -> active but it is active", c.violations().get(0).message());
        assertEquals(0, c.count(Pool.INACTIVE));
    }

    @Test
    void aPvPageThatIsNotFreeOrNotPvFires() {
        Conservation c = new Conservation(16);
        feed(c, new PageAllocated(4, Pool.ACTIVE, 100, "zero-fill", false, 15));
        long bad = feed(c, new PvEntered(4, "pmap-3", 0x120000000L, 4, true)); // the data page itself as pv page
        long bad2 = feed(c, new PvRemoved(4, "pmap-3", 0x120000000L, 9, true)); // frame 9 never was a pv page
        List<Violation> v = c.violations();
        assertEquals(2, v.size(), v.toString());
        assertEquals(new Violation("conservation", bad, "frame 4 moves free -> pv but it is active"), v.get(0));
        assertEquals(new Violation("conservation", bad2, "frame 9 moves pv -> free but it is free"), v.get(1));
    }

    @Test
    void aFrameOutsideManagedMemoryFires() {
        Conservation c = new Conservation(16);
        long bad = feed(c, new PageFreed(16, Pool.KMEM, 0, "kernel", 16));
        long bad2 = feed(c, new PageMoved(-1, Pool.ACTIVE, Pool.INACTIVE, false));
        List<Violation> v = c.violations();
        assertEquals(2, v.size(), v.toString());
        assertEquals(new Violation("conservation", bad, "frame 16 is not a managed page (npages=16)"), v.get(0));
        assertEquals(new Violation("conservation", bad2, "frame -1 is not a managed page (npages=16)"), v.get(1));
        assertEquals(16, c.count(Pool.FREE));
    }
}
