package pmapsim.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Pool;
import pmapsim.model.Thresholds;
import pmapsim.model.Usage;

/** The timeline's fold on a few events made by hand: lanes of two CPUs, marks, samples, the causal chain. */
class RunTimelineTest {
    private long seq;

    private Stamped ev(String actor, long cause, long time, ModelEvent body) {
        return new Stamped(seq++, actor, actor + "#" + seq, cause, time, body);
    }

    private static RunTimeline timeline(int cpus) {
        return new RunTimeline(64, cpus, Thresholds.of(64, 8192), -1);
    }

    @Test
    void eachCpuHasItsActivePmapsAndTheMarksGoToTheirLanes() {
        RunTimeline tl = timeline(2);
        tl.accept(ev("cpu-0", -1, 100, new Cpu.Switched(0, 12, "make", "pmap-12", null)));
        tl.accept(ev("cpu-1", -1, 150, new Cpu.Switched(1, 4, "inetd", "pmap-4", null)));
        tl.accept(ev("pmap-12", 0, 180, new Pmap.EmergencyBegan(12, "make", 0, Usage.L3, 1, "free=5", 5,
                List.of("pmap-4"))));
        tl.accept(ev("pmap-4", 2, 190, new Pmap.Collected(1, 4, "inetd", Pmap.CollectReason.EMERGENCY, 0, "pmap-12",
                3, new long[0])));
        tl.accept(ev("swappager", -1, 195, new SwapPager.IoQueued(7, true, new int[] {1, 2}, 0)));
        tl.accept(ev("swappager", -1, 196, new SwapPager.ReplyDropped(9, 1, "no mbuf", 500)));
        tl.accept(ev("cpu-0", -1, 200, new Cpu.PmapDropped(0, "pmap-12")));
        tl.accept(ev("cpu-0", -1, 250, new Cpu.Switched(0, 6, "update", "pmap-6", null)));
        tl.accept(ev("pmap-6", 7, 300, new Pmap.Panicked("pmap_alloc_physpage: no pages available after 5 tries",
                Usage.L3, 0, 6)));

        assertEquals(List.of(
                new RunTimeline.Active(0, "pmap-12", 12, "make", 100, 200),
                new RunTimeline.Active(0, "pmap-6", 6, "update", 250, 300),
                new RunTimeline.Active(1, "pmap-4", 4, "inetd", 150, 300)), tl.active(),
                "by CPU then time; those still active run to the end");
        List<RunTimeline.Mark> marks = tl.marks();
        assertEquals(List.of(RunTimeline.MarkKind.EMERGENCY, RunTimeline.MarkKind.COLLECTION,
                RunTimeline.MarkKind.PAGEOUT, RunTimeline.MarkKind.RETRANSMIT, RunTimeline.MarkKind.PANIC),
                marks.stream().map(RunTimeline.Mark::kind).toList());
        assertEquals(List.of(0, 0, RunTimeline.DAEMON_LANE, RunTimeline.DAEMON_LANE, 0),
                marks.stream().map(RunTimeline.Mark::lane).toList());
        assertTrue(marks.get(1).what().contains("pid 4 inetd"), marks.get(1).what());
        assertEquals(300, tl.end());
        assertEquals(190, tl.timeOf(3));
        assertEquals(-1, tl.timeOf(99));
    }

    @Test
    void theRunsClockIsTheLatestTimeSeenAndSamplesStayBounded() {
        RunTimeline tl = timeline(1);
        for (int i = 0; i < 5000; i++) {
            int frame = i % 32;
            boolean alloc = (i / 32) % 2 == 0;
            ModelEvent body = alloc ? new PhysicalMemory.PageAllocated(frame, Pool.ACTIVE, 1, "test", false, 0)
                    : new PhysicalMemory.PageFreed(frame, Pool.ACTIVE, 1, "test", 0);
            tl.accept(ev("physmem", -1, i * 1000L - (i % 7 == 0 ? 5000 : 0), body));
        }
        List<RunTimeline.Sample> samples = tl.samples();
        assertTrue(samples.size() <= RunTimeline.MAX_SAMPLES + 1, "samples: " + samples.size());
        assertTrue(samples.size() > RunTimeline.MAX_SAMPLES / 4, "samples: " + samples.size());
        for (int i = 1; i < samples.size(); i++) {
            assertTrue(samples.get(i).time() >= samples.get(i - 1).time());
        }
        RunTimeline.Sample last = samples.get(samples.size() - 1);
        assertEquals(4_999_000, last.time());
        assertEquals(64, last.pages(Pool.FREE) + last.pages(Pool.ACTIVE));
    }

    @Test
    void theChainFollowsCausesAndFoldsRunsOfTheSameKind() {
        RunTimeline tl = timeline(1);
        tl.accept(ev("cpu-0", -1, 1, new Cpu.Switched(0, 4, "inetd", "pmap-4", null)));           // 0
        tl.accept(ev("pmap-4", 0, 2, new Pmap.VictimChecked("pmap-12", 1, true, false)));         // 1
        tl.accept(ev("pmap-4", 1, 3, new Pmap.VictimChecked("pmap-11", 0, false, false)));        // 2
        tl.accept(ev("swappager", -1, 3, new SwapPager.IoQueued(7, true, new int[] {1}, 0)));     // 3, not a cause
        tl.accept(ev("pmap-4", 2, 4, new Pmap.Panicked("panic", Usage.L3, 0, 6)));                // 4
        RunTimeline.Chain chain = tl.chain();
        assertEquals(List.of(List.of(4L), List.of(2L, 1L), List.of(0L)), chain.steps().stream()
                .map(s -> s.stream().map(Stamped::seq).toList()).toList());
        assertEquals(false, chain.truncated());
        Canvas c = SequenceDiagram.of(chain, List.of("#0 line", "#1 line", "#2 line"));
        String svg = Svg.of(c);
        assertTrue(svg.contains(">cpu-0</text>") && svg.contains(">pmap-4</text>"), svg);
        assertTrue(!svg.contains(">swappager</text>"), "only the actors on the chain have lifelines");
    }
}
