package pmapsim.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pmapsim.actors.run.Journaled;
import pmapsim.actors.run.ModelEvent;

/** The timeline's reorder buffer (a ring and a heap) puts records out exactly as the heap alone did. */
class ReorderTest {
    record E() implements ModelEvent {
    }

    private static Journaled at(long stamp) {
        return new Journaled("r", stamp, "a", "m", 0, -1, 0, 0, 0, new E());
    }

    /** The buffer as it was: one heap. */
    private static List<Long> heapOnly(List<Journaled> in, int limit) {
        List<Long> out = new ArrayList<>();
        PriorityQueue<Journaled> pending = new PriorityQueue<>((a, b) -> Long.compare(a.stamp(), b.stamp()));
        long next = 0;
        for (Journaled j : in) {
            pending.add(j);
            if (pending.size() > limit && pending.peek().stamp() > next) {
                next = pending.peek().stamp();
            }
            while (!pending.isEmpty() && pending.peek().stamp() <= next) {
                Journaled o = pending.poll();
                out.add(o.stamp());
                next = Math.max(next, o.stamp() + 1);
            }
        }
        while (!pending.isEmpty()) {
            out.add(pending.poll().stamp());
        }
        return out;
    }

    private static List<Long> ring(List<Journaled> in, int limit, int ring) {
        List<Long> out = new ArrayList<>();
        RecordedRun.Reorder r = new RecordedRun.Reorder(limit, ring, j -> out.add(j.stamp()));
        in.forEach(r::add);
        r.finish();
        assertEquals(out.size(), r.emitted());
        return out;
    }

    @Test
    void sameOrderAsTheHeapOnShuffledRunsWithGapsLateAndDuplicateStamps() {
        Random random = new Random(8);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(3000);
            List<Long> stamps = new ArrayList<>();
            for (long s = 0; s < n; s++) {
                if (random.nextInt(200) == 0) {
                    s += random.nextInt(trial % 2 == 0 ? 50 : 20_000); // a gap (a killed run's)
                }
                stamps.add(s);
                if (random.nextInt(500) == 0) {
                    stamps.add(s); // a duplicate stamp
                }
            }
            // shuffled within windows, as turns written at once are; now and then one far out of place
            for (int i = 0; i < stamps.size(); ) {
                int w = Math.min(stamps.size() - i, 1 + random.nextInt(trial % 3 == 0 ? 5000 : 64));
                Collections.shuffle(stamps.subList(i, i + w), random);
                i += w;
            }
            List<Journaled> in = stamps.stream().map(ReorderTest::at).toList();
            int limit = 1 + random.nextInt(trial % 4 == 0 ? 20 : 3000);
            int ring = 1 << (1 + random.nextInt(12));
            List<Long> expected = heapOnly(in, limit);
            List<Long> got = ring(in, limit, ring);
            int i = 0;
            while (i < Math.min(expected.size(), got.size()) && expected.get(i).equals(got.get(i))) {
                i++;
            }
            assertEquals(expected.size(), i, "trial " + trial + ", limit " + limit + ", ring " + ring
                    + ": first difference at " + i + " of " + expected.size() + " (" + got.size() + " out)");
            assertEquals(expected.size(), got.size());
        }
    }

    private static List<Long> prefix(List<Long> stamps, int limit, long[] leftOut) {
        List<Long> out = new ArrayList<>();
        RecordedRun.Reorder r = new RecordedRun.Reorder(limit, 64, j -> out.add(j.stamp()), true);
        stamps.forEach(s -> r.add(at(s)));
        r.finish();
        leftOut[0] = r.leftOut();
        return out;
    }

    /**
     * A killed run's consistent prefix: its events in order up to the first one missing for good; what was written
     * after it is left out and counted, whether the gap shows at the end or when too much waits behind it. A stamp
     * that comes late but comes closes no gap: everything is out, in order.
     */
    @Test
    void aKilledRunsPrefixStopsAtTheFirstMissingEventAndCountsWhatItLeavesOut() {
        List<Long> gap = new ArrayList<>();
        for (long s = 0; s < 100; s++) {
            if (s != 50) {
                gap.add(s);
            }
        }
        Collections.shuffle(gap.subList(40, 60), new Random(1)); // written a little out of stamp order
        long[] leftOut = {0};
        List<Long> out = prefix(gap, 1000, leftOut);
        assertEquals(java.util.stream.LongStream.range(0, 50).boxed().toList(), out);
        assertEquals(49, leftOut[0], "51..99");

        List<Long> sorted = new ArrayList<>(gap);
        Collections.sort(sorted);
        out = prefix(sorted, 10, leftOut); // more than 10 wait behind stamp 50: the gap is taken as final early
        assertEquals(java.util.stream.LongStream.range(0, 50).boxed().toList(), out);
        assertEquals(49, leftOut[0], "the ten waiting, and the rest as they came");

        List<Long> late = new ArrayList<>(gap);
        late.add(70, 50L); // stamp 50 written after 70 others: late, not lost
        out = prefix(late, 1000, leftOut);
        assertEquals(java.util.stream.LongStream.range(0, 100).boxed().toList(), out);
        assertEquals(0, leftOut[0]);
    }
}
