package pmapsim.actors.uvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.sched.Scheduler;

/** uvm_pageout: one pass per wakeup, planned from PhysicalMemory's counts, ending asleep. */
class PageDaemonTest extends ActorProtocolTest {
    private TestRun t;
    private ActorRef<PageDaemon.Command> daemon;


    @BeforeEach
    void spawn() {
        t = TestRun.of(kit);
        daemon = kit.spawn(PageDaemon.create(t.run));
    }

    private PhysicalMemory.DaemonPass wake() {
        t.tell(daemon, new PageDaemon.Wake(t.meta()));
        return t.expect(t.physmem, PhysicalMemory.DaemonPass.class);
    }

    private PageDaemon.PassInfo info(boolean scan, boolean swapout) {
        return new PageDaemon.PassInfo(t.meta(), 10, 100, 20, 0, 43, scan, swapout);
    }

    @Test
    void aPassThatNeedsAScanScansTheInactiveQueueAndHandsEachClusterToThePagerThenSleeps() {
        PhysicalMemory.DaemonPass pass = wake();
        t.tell(pass.replyTo(), info(true, false));
        PhysicalMemory.ScanInactive scan = t.expect(t.physmem, PhysicalMemory.ScanInactive.class);

        t.tell(scan.replyTo(), new PageDaemon.ScanResult(t.meta(), List.of(new int[]{1, 2}, new int[]{3}), 0, 5));
        assertArrayEquals(new int[]{1, 2}, t.expect(t.pager, SwapPager.Put.class).frames());
        assertArrayEquals(new int[]{3}, t.expect(t.pager, SwapPager.Put.class).frames());
        t.expect(t.physmem, PhysicalMemory.DaemonSleeping.class);
        assertEquals(3, t.events(PageDaemon.PageoutsQueued.class).get(0).pages());
    }

    @Test
    void aPassWithNothingToDoGoesStraightBackToSleep() {
        PhysicalMemory.DaemonPass pass = wake();
        t.tell(pass.replyTo(), info(false, false));
        t.expect(t.physmem, PhysicalMemory.DaemonSleeping.class);
        t.pager.expectNoMessage();
        t.scheduler.expectNoMessage();
    }

    @Test
    void belowFreetargItAsksTheSchedulerToSwapOutLongSleepers() {
        PhysicalMemory.DaemonPass pass = wake();
        t.tell(pass.replyTo(), info(false, true));
        Scheduler.SwapoutSleepers s = t.expect(t.scheduler, Scheduler.SwapoutSleepers.class);
        assertEquals(t.scenario.uvm().maxslpMicros(), s.maxslp());
        t.expect(t.physmem, PhysicalMemory.DaemonSleeping.class);
    }

    @Test
    void aWakeupDuringAPassRunsAnotherPassInsteadOfSleeping() {
        PhysicalMemory.DaemonPass pass = wake();
        t.tell(daemon, new PageDaemon.Wake(t.meta()));
        t.physmem.expectNoMessage();

        t.tell(pass.replyTo(), info(false, false));
        PhysicalMemory.DaemonPass again = t.expect(t.physmem, PhysicalMemory.DaemonPass.class);
        t.tell(again.replyTo(), info(false, false));
        t.expect(t.physmem, PhysicalMemory.DaemonSleeping.class);
        assertEquals(2, t.events(PageDaemon.PassBegan.class).size());
    }
}
