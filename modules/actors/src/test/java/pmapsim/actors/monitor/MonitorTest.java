package pmapsim.actors.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Pool;

/** The standard set, fed one mixed stream: each monitor answers only for its own property. */
class MonitorTest {

    @Test
    void standardSet() {
        List<Monitor> ms = Monitor.standard(8);
        assertEquals(List.of("one-active-pmap-per-cpu", "collect-active", "double-free", "conservation"),
                ms.stream().map(Monitor::name).toList());
        assertNotSame(ms.get(3), Monitor.standard(8).get(3));
        assertEquals(8, ((Conservation) ms.get(3)).count(Pool.FREE));
    }

    @Test
    void aMixedStreamFiresEachMonitorAtItsOwnEvent() {
        List<Monitor> ms = Monitor.standard(8);
        List<Stamped> events = new ArrayList<>();
        add(events, "physmem", new PhysicalMemory.PageAllocated(0, Pool.PT_L1, 3, "lev1map", false, 7));  // 1
        add(events, "pmap-3", new Pmap.Activated(3, "make", 0));                                          // 2
        add(events, "cpu-0", new Cpu.Switched(0, 3, "make", "pmap-3", null));                               // 3
        add(events, "pmap-3", new Pmap.CollectStarted(1, 3, "make", Pmap.CollectReason.EMERGENCY, 1, 1,
                "pmap-4", 1L, new int[] {0}, new long[0], new int[0]));                                    // 4
        add(events, "physmem", new PhysicalMemory.PageFreed(0, Pool.PT_L1, 3, "pmap-3", 8));               // 5
        add(events, "physmem", new PhysicalMemory.DoubleFree(0, "pmap-3", Pool.FREE, 0, "already free"));  // 6
        add(events, "pmap-4", new Pmap.Activated(4, "sh", 0));                                            // 7
        for (Stamped e : events) {
            ms.forEach(m -> m.accept(e));
        }
        assertEquals(List.of(7L), seqs(ms.get(0)));
        assertEquals(List.of(4L), seqs(ms.get(1)));
        assertEquals(List.of(6L), seqs(ms.get(2)));
        assertEquals(List.of(), seqs(ms.get(3)));
    }

    private static void add(List<Stamped> events, String actor, ModelEvent body) {
        long seq = events.size() + 1;
        events.add(new Stamped(seq, actor, actor + "#" + seq, seq - 1, seq * 5, body));
    }

    private static List<Long> seqs(Monitor m) {
        return m.violations().stream().map(Violation::event).toList();
    }
}
