package pmapsim.actors.uvm;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pmapsim.actors.pmap.Pmap;

/**
 * The emergency walk's bookkeeping in UVM, with {@code pmaps} pmaps listed: the list a refused allocation hands the
 * requesting pmap to walk (newest first, 1.33; LRU order, 1.124), a context switch's move to the LRU tail, and the
 * lookup of one pv entry on a text page that every process maps (the pv work of exit and collection). Each was a walk
 * of every pmap or mapping before issue 8's profile; the scores should not grow with {@code pmaps} except the list
 * itself, which is the walk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EmergencyWalkBench {
    @Param({"100", "10000"})
    public int pmaps;

    private UvmState s;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        s = new UvmState(Math.max(4096, pmaps * 2), 256, 1024);
        for (int i = 1; i <= pmaps; i++) {
            s.apply(new PhysicalMemory.PmapListed(new Pmap.Handle("pmap-" + i, i, i, "rm")));
        }
        // one shared text frame (frame 0) mapped once by every pmap, the pv entries in pv pages taken from the free list
        for (int i = 1; i <= pmaps; i++) {
            int page = s.pvPageWithRoom();
            boolean fresh = page < 0;
            s.apply(new PhysicalMemory.PvEntered(0, "pmap-" + i, 0x120000000L, fresh ? s.nextFree() : page, fresh));
        }
    }

    @Benchmark
    public List<Pmap.Handle> walkListNewestFirst() {
        return s.pmapList(false);
    }

    @Benchmark
    public void activateMovesToLruTail() {
        int i = next;
        next = i + 1 == pmaps ? 0 : i + 1;
        s.apply(new PhysicalMemory.PmapMovedToTail("pmap-" + (i + 1)));
    }

    @Benchmark
    public UvmState.PvEntry findPvOnSharedText() {
        int i = next;
        next = i + 1 == pmaps ? 0 : i + 1;
        return s.findPv(0, "pmap-" + (i + 1), 0x120000000L);
    }
}
