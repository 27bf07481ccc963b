package pmapsim.cluster.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import pmapsim.actors.run.ModelEvent;
import pmapsim.cluster.ClusterScenario;

/**
 * The shared server's queue when machines' clocks are not synchronised: requests are booked in the order they reach
 * the server, which is not the order of their simulated arrivals. The queue's size still holds at every moment.
 */
class ServerQueueTest {
    /** 10 ms per request (the bandwidth is so high that bytes cost nothing), a queue of 2. */
    private static NfsService.State server(int queue) {
        NfsService.State s = new NfsService.State();
        s.spec = new ClusterScenario.ServerSpec(10_000, Long.MAX_VALUE / 2_000_000, queue);
        return s;
    }

    private static ModelEvent take(NfsService.State s, String machine, long xid, long arrival) {
        ModelEvent e = s.take(machine, xid, true, 1, 1, arrival);
        if (e instanceof NfsService.Served sv) {
            s.served(sv);
        }
        s.fold.accept(e);
        return e;
    }

    @Test
    void aRequestBookedLateButArrivingEarlyIsDroppedWhenItWouldOverfillTheQueue() {
        NfsService.State s = server(2);
        // alpha-b ran ahead: its two requests at t=100 ms are booked first, served 100..110 and 110..120 ms
        var b1 = assertInstanceOf(NfsService.Served.class, take(s, "alpha-b", 1, 100_000));
        var b2 = assertInstanceOf(NfsService.Served.class, take(s, "alpha-b", 2, 100_000));
        assertEquals(List.of(100_000L, 110_000L), List.of(b1.start(), b2.start()));
        assertEquals(1, b2.queueDepth());
        // alpha-a, behind in simulated time, asks at t=95 ms: the first free 10 ms start at 120 ms, so it would be in
        // the server from 95 to 130 ms, beside both of alpha-b's at 100 ms: three at once. Dropped.
        var a1 = assertInstanceOf(NfsService.Dropped.class, take(s, "alpha-a", 1, 95_000));
        assertEquals(2, a1.queueDepth());
        // at t=50 ms there is room: served 50..60 ms, before alpha-b's requests arrive
        var a2 = assertInstanceOf(NfsService.Served.class, take(s, "alpha-a", 2, 50_000));
        assertEquals(50_000, a2.start());
        // once alpha-b's first is done (110 ms) there is a place again
        var a3 = assertInstanceOf(NfsService.Served.class, take(s, "alpha-a", 3, 112_000));
        assertEquals(120_000, a3.start());
        ServerReport r = s.fold.report("run", "spec");
        assertEquals(2, r.maxQueueDepth());
        assertEquals(4, r.served());
        assertEquals(1, r.dropped());
    }

    @Test
    void manyMachinesOutOfOrderNeverOverfillTheQueue() {
        NfsService.State s = server(4);
        pmapsim.model.SplitMix64 rnd = new pmapsim.model.SplitMix64(7);
        long[] clock = new long[5];
        int served = 0;
        for (int i = 0; i < 2_000; i++) { // five machines, each advancing its own clock, taking turns at random
            int m = (int) Math.floorMod(rnd.nextLong(), 5L);
            clock[m] += Math.floorMod(rnd.nextLong(), 8_000L);
            if (take(s, "m" + m, i, clock[m]) instanceof NfsService.Served) {
                served++;
            }
        }
        ServerReport r = s.fold.report("run", "spec");
        assertTrue(r.dropped() > 0, "the load is above the server's rate: some requests are dropped");
        assertEquals(served, r.served());
        assertTrue(r.maxQueueDepth() <= 4, "deepest queue " + r.maxQueueDepth() + " is more than the queue of 4");
        assertTrue(r.queueDepth().stream().allMatch(d -> d <= 4), r.queueDepth().toString());
    }
}
