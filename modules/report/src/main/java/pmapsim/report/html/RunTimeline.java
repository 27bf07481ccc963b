package pmapsim.report.html;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.EventSink;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Pool;
import pmapsim.model.Thresholds;

/**
 * The fold behind the HTML report's pictures: the pools over simulated time, which pmap each CPU had active when,
 * the moments worth a mark, and the last events (for the causal chain). It sees the run's events in the run's
 * order, after the report's own fold, and keeps only what is bounded: at most {@link #MAX_SAMPLES} memory samples
 * and one simulated time per event.
 *
 * <p>Time: every actor keeps its own simulated clock, so the stamps of consecutive events are not always in
 * order. The run's clock is the latest time any event has shown so far; the memory samples and the end use it.
 */
public final class RunTimeline implements EventSink {
    /** The same window and the same limit as the text report's backtrace, so both walk the same chain. */
    static final int RING = 1 << 16;
    static final int MAX_LINES = 60;
    static final int MAX_SAMPLES = 1000;

    /** The pools at one moment: {@code pages[pool.ordinal()]}. */
    public record Sample(long time, long[] pages) {
        public long pages(Pool p) {
            return pages[p.ordinal()];
        }
    }

    /** A pmap active on a CPU from {@code start} to {@code end} (simulated microseconds). */
    public record Active(int cpu, String pmap, int pid, String command, long start, long end) {
    }

    public enum MarkKind { EMERGENCY, COLLECTION, PAGEOUT, RETRANSMIT, PANIC }

    /**
     * Something worth a mark in the CPU lanes. {@code lane} is a CPU, or {@link #DAEMON_LANE} for the page daemon,
     * the swap pager and NFS.
     */
    public record Mark(MarkKind kind, int lane, long time, long event, String what) {
    }

    public static final int DAEMON_LANE = -1;

    private final long npages;
    private final int cpus;
    private final Thresholds thresholds;
    private final long endEvent;
    private final Pool[] pool;
    private final long[] count = new long[Pool.values().length];
    private final List<Sample> samples = new ArrayList<>();
    private long resolution = 1000;
    private long clock;
    private long[] timeOf = new long[1 << 12];
    private final Stamped[] ring = new Stamped[RING];
    private long lastSeq = -1;
    private final List<Active> active = new ArrayList<>();
    private final Active[] open;
    private final List<Mark> marks = new ArrayList<>();

    /**
     * @param endEvent the event that ended the run (its panic, say), or -1 when unknown: then the last event read
     */
    public RunTimeline(long npages, int cpus, Thresholds thresholds, long endEvent) {
        this.npages = npages;
        this.cpus = cpus;
        this.thresholds = thresholds;
        this.endEvent = endEvent;
        this.pool = new Pool[(int) npages];
        Arrays.fill(pool, Pool.FREE);
        count[Pool.FREE.ordinal()] = npages;
        this.open = new Active[cpus];
        Arrays.fill(timeOf, -1);
    }

    @Override
    public void accept(Stamped e) {
        clock = Math.max(clock, e.time());
        remember(e);
        Object b = e.body();
        if (b instanceof PhysicalMemory.PageAllocated a) {
            move(a.frame(), Pool.FREE, a.to());
        } else if (b instanceof PhysicalMemory.PageFreed f) {
            move(f.frame(), f.from(), Pool.FREE);
        } else if (b instanceof PhysicalMemory.PageMoved m) {
            move(m.frame(), m.from(), m.to());
        } else if (b instanceof PhysicalMemory.PvEntered p && p.newPvPage()) {
            move(p.pvPage(), Pool.FREE, Pool.PV);
        } else if (b instanceof PhysicalMemory.PvRemoved p && p.pvPageFreed()) {
            move(p.pvPage(), Pool.PV, Pool.FREE);
        } else if (b instanceof Cpu.Switched s) {
            switched(e, s);
        } else if (b instanceof Cpu.PmapDropped d) {
            dropped(e, d.cpu());
        } else if (b instanceof Pmap.EmergencyBegan em) {
            mark(MarkKind.EMERGENCY, em.cpu(), e, "emergency: " + em.usage().what() + " refused (" + em.reason()
                    + "), attempt " + em.attempt() + " for pid " + em.pid() + " " + em.command());
        } else if (b instanceof Pmap.Collected c && c.reason() == Pmap.CollectReason.EMERGENCY) {
            mark(MarkKind.COLLECTION, c.byCpu(), e, "pmap_collect victim: pid " + c.pid() + " " + c.command() + ", "
                    + c.freed() + " page(s) freed");
        } else if (b instanceof SwapPager.IoQueued q && q.write()) {
            mark(MarkKind.PAGEOUT, DAEMON_LANE, e, "pageout of " + q.frames().length + " page(s) (I/O " + q.tag()
                    + ")");
        } else if (b instanceof SwapPager.ReplyDropped d) {
            mark(MarkKind.RETRANSMIT, DAEMON_LANE, e, "NFS reply to xid " + d.xid() + " dropped (" + d.reason()
                    + "): retransmit");
        } else if (b instanceof Pmap.Panicked p) {
            mark(MarkKind.PANIC, p.cpu(), e, "panic: " + p.message());
        }
    }

    private void remember(Stamped e) {
        long seq = e.seq();
        if (seq >= 0) {
            if (seq >= timeOf.length) {
                int n = timeOf.length;
                while (n <= seq) {
                    n *= 2;
                }
                int old = timeOf.length;
                timeOf = Arrays.copyOf(timeOf, n);
                Arrays.fill(timeOf, old, n, -1);
            }
            timeOf[(int) seq] = clock;
            ring[(int) (seq % RING)] = e;
        }
        lastSeq = seq;
    }

    /** A page moves between pools, counted as the conservation monitor counts it (from where the frame is). */
    private void move(int frame, Pool from, Pool to) {
        if (frame < 0 || frame >= npages) {
            return;
        }
        count[pool[frame].ordinal()]--;
        pool[frame] = to;
        count[to.ordinal()]++;
        sample();
    }

    /**
     * One sample per time bucket: the moment of the bucket with the fewest free pages (the pressure is what the
     * picture is for). When there are too many buckets, they are made twice as long.
     */
    private void sample() {
        long bucket = clock / resolution;
        Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        if (last == null || bucket > last.time() / resolution) {
            samples.add(new Sample(clock, count.clone()));
        } else if (count[Pool.FREE.ordinal()] < last.pages(Pool.FREE)) {
            samples.set(samples.size() - 1, new Sample(clock, count.clone()));
        }
        if (samples.size() > MAX_SAMPLES) {
            resolution *= 2;
            List<Sample> merged = new ArrayList<>(MAX_SAMPLES / 2 + 1);
            for (Sample s : samples) {
                Sample m = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (m == null || s.time() / resolution > m.time() / resolution) {
                    merged.add(s);
                } else if (s.pages(Pool.FREE) < m.pages(Pool.FREE)) {
                    merged.set(merged.size() - 1, s);
                }
            }
            samples.clear();
            samples.addAll(merged);
        }
    }

    /** cpu_switch loaded the pmap: it is the CPU's active pmap, by the CPU's clock, until the CPU drops it. */
    private void switched(Stamped e, Cpu.Switched sw) {
        if (sw.cpu() < 0 || sw.cpu() >= cpus) {
            return;
        }
        dropped(e, sw.cpu());
        open[sw.cpu()] = new Active(sw.cpu(), sw.pmap(), sw.pid(), sw.command(), e.time(), -1);
    }

    private void dropped(Stamped e, int cpu) {
        if (cpu < 0 || cpu >= cpus || open[cpu] == null) {
            return;
        }
        Active o = open[cpu];
        active.add(new Active(cpu, o.pmap(), o.pid(), o.command(), o.start(), Math.max(o.start(), e.time())));
        open[cpu] = null;
    }

    private void mark(MarkKind kind, int cpu, Stamped e, String what) {
        int lane = cpu >= 0 && cpu < cpus ? cpu : DAEMON_LANE;
        marks.add(new Mark(kind, lane, e.time(), e.seq(), what));
    }

    // --- what the charts read, once every event is in

    public long npages() {
        return npages;
    }

    public int cpus() {
        return cpus;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** The run's clock at its last event, in simulated microseconds. */
    public long end() {
        return clock;
    }

    /** The memory samples, oldest first, ending with the pools after the last event. */
    public List<Sample> samples() {
        List<Sample> out = new ArrayList<>(samples);
        Sample last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last == null || !Arrays.equals(last.pages(), count) || last.time() != clock) {
            out.add(new Sample(clock, count.clone()));
        }
        return out;
    }

    /** Every CPU's active pmaps, by CPU then time; one still active at the end runs to the end. */
    public List<Active> active() {
        List<Active> out = new ArrayList<>(active);
        for (Active o : open) {
            if (o != null) {
                out.add(new Active(o.cpu(), o.pmap(), o.pid(), o.command(), o.start(), Math.max(o.start(), clock)));
            }
        }
        out.sort((x, y) -> x.cpu() != y.cpu() ? Integer.compare(x.cpu(), y.cpu()) : Long.compare(x.start(), y.start()));
        return out;
    }

    public List<Mark> marks() {
        return List.copyOf(marks);
    }

    /** The run's clock when event {@code seq} happened, or -1 if it was not read. */
    public long timeOf(long seq) {
        return seq >= 0 && seq < timeOf.length ? timeOf[(int) seq] : -1;
    }

    /**
     * The causal chain from the event that ended the run back through each event's cause, newest first, with runs
     * of the same kind of event by the same actor as one step (each step's events newest first): the steps of the
     * text report's backtrace, line for line. {@code truncated}: the chain went further back than the window kept.
     */
    public record Chain(List<List<Stamped>> steps, boolean truncated) {
    }

    public Chain chain() {
        List<List<Stamped>> steps = new ArrayList<>();
        List<Stamped> group = new ArrayList<>();
        long seq = endEvent >= 0 ? endEvent : lastSeq;
        boolean truncated = false;
        while (seq >= 0 && steps.size() < MAX_LINES) {
            Stamped e = ring[(int) (seq % RING)];
            if (e == null || e.seq() != seq) {
                truncated = true;
                break;
            }
            if (!group.isEmpty() && !sameKind(group.get(0), e)) {
                steps.add(List.copyOf(group));
                group.clear();
            }
            group.add(e);
            seq = e.cause();
        }
        if (!group.isEmpty()) {
            steps.add(List.copyOf(group));
        }
        return new Chain(steps, truncated);
    }

    private static boolean sameKind(Stamped a, Stamped b) {
        return a.actor().equals(b.actor()) && a.body().getClass() == b.body().getClass();
    }
}
