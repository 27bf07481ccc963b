package pmapsim.actors.monitor;

import java.util.Arrays;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Pool;

/**
 * {@code npages = FREE + ACTIVE + INACTIVE + WIRED + PT_L1 + PT_L2 + PT_L3 + PV + KMEM} at every event (vm-model.md
 * §5). It keeps its own map of every frame's pool, built only from the page events, and checks that each move starts
 * where the frame is, that no pool goes negative, that the pools sum to {@code npages}, and that the free count the
 * allocator reports is the one it computes.
 */
public final class Conservation extends Monitor {
    private final long npages;
    private final Pool[] pool;
    private final long[] count = new long[Pool.values().length];

    public Conservation(long npages) {
        super("conservation");
        this.npages = npages;
        this.pool = new Pool[(int) npages];
        Arrays.fill(pool, Pool.FREE);
        count[Pool.FREE.ordinal()] = npages;
    }

    /** Pages per pool as this monitor has counted them. */
    public long count(Pool p) {
        return count[p.ordinal()];
    }

    @Override
    public void accept(Stamped e) {
        if (e.body() instanceof PhysicalMemory.PageAllocated a) {
            move(e, a.frame(), Pool.FREE, a.to());
            reported(e, a.free());
        } else if (e.body() instanceof PhysicalMemory.PageFreed f) {
            move(e, f.frame(), f.from(), Pool.FREE);
            reported(e, f.free());
        } else if (e.body() instanceof PhysicalMemory.PageMoved m) {
            move(e, m.frame(), m.from(), m.to());
        } else if (e.body() instanceof PhysicalMemory.PtpageReassigned r) {
            move(e, r.frame(), r.from(), r.to());
        } else if (e.body() instanceof PhysicalMemory.PvEntered p && p.newPvPage()) {
            move(e, p.pvPage(), Pool.FREE, Pool.PV);
        } else if (e.body() instanceof PhysicalMemory.PvRemoved p && p.pvPageFreed()) {
            move(e, p.pvPage(), Pool.PV, Pool.FREE);
        }
    }

    private void move(Stamped e, int frame, Pool from, Pool to) {
        if (frame < 0 || frame >= npages) {
            fire(e, "frame " + frame + " is not a managed page (npages=" + npages + ")");
            return;
        }
        if (pool[frame] != from) {
            fire(e, "frame " + frame + " moves " + from.key() + " -> " + to.key() + " but it is " + pool[frame].key());
            count[pool[frame].ordinal()]--;
        } else {
            count[from.ordinal()]--;
        }
        pool[frame] = to;
        count[to.ordinal()]++;
        long sum = 0;
        for (Pool p : Pool.values()) {
            if (count[p.ordinal()] < 0) {
                fire(e, p.key() + " went negative: " + count[p.ordinal()]);
            }
            sum += count[p.ordinal()];
        }
        if (sum != npages) {
            fire(e, "pools sum to " + sum + ", not npages=" + npages);
        }
    }

    private void reported(Stamped e, long free) {
        if (free != count[Pool.FREE.ordinal()]) {
            fire(e, "the allocator says free=" + free + " but the pages counted free are "
                    + count[Pool.FREE.ordinal()]);
        }
    }
}
