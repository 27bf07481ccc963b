package pmapsim.actors.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Pool;

class DoubleFreeTest {

    @Test
    void aDoubleFreeEventFires() {
        DoubleFree m = new DoubleFree();
        assertEquals("double-free", m.name());
        m.accept(new Stamped(10, "physmem", "pmap-3#4", 9, 100,
                new PhysicalMemory.PageFreed(7, Pool.PT_L3, 3, "pmap-3", 20)));
        m.accept(new Stamped(11, "physmem", "pmap-3#5", 9, 110,
                new PhysicalMemory.DoubleFree(7, "pmap-3", Pool.FREE, 0, "it is already free")));
        m.accept(new Stamped(12, "physmem", "pmap-3#5", 9, 110,
                new PhysicalMemory.DoubleFree(8, "pmap-3", Pool.PT_L2, 5, "it is no longer its, now pt_l2 of pmap 5")));
        List<Violation> v = m.violations();
        assertEquals(2, v.size(), v.toString());
        assertEquals(new Violation("double-free", 11, "pmap-3 frees frame 7: it is already free"), v.get(0));
        assertEquals("double-free", v.get(1).monitor());
        assertEquals(12, v.get(1).event());
        assertTrue(v.get(1).message().startsWith("pmap-3 frees frame 8: "), v.get(1).message());
        assertTrue(v.get(1).message().contains("pt_l2 of pmap 5"), v.get(1).message());
    }

    @Test
    void ordinaryFreesAreSilent() {
        DoubleFree m = new DoubleFree();
        m.accept(new Stamped(1, "physmem", "x#1", -1, 0,
                new PhysicalMemory.PageAllocated(7, Pool.PT_L3, 3, "L3 PT page", false, 9)));
        m.accept(new Stamped(2, "physmem", "x#2", -1, 0,
                new PhysicalMemory.PageFreed(7, Pool.PT_L3, 3, "pmap-3", 10)));
        assertEquals(List.of(), m.violations());
    }
}
