package pmapsim.actors.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.run.ModelEvent;
import pmapsim.model.scenario.SwapSpec;

/** The NFS server behind the swap file: replies go out when simulated time reaches the end of their service. */
class NfsServerTest extends ActorProtocolTest {
    /** Some other actor's event: its clock passing a deadline is the clock interrupt that fires it. */
    private record Tick() implements ModelEvent {
    }

    private TestRun t;
    private ActorRef<NfsServer.Command> nfsd;
    private SwapSpec swap;


    @BeforeEach
    void spawn() {
        t = TestRun.of(kit);
        nfsd = kit.spawn(NfsServer.create(t.run));
        swap = t.scenario.swap();
    }

    private NfsServer.Request request(long time, long xid, long bytes) {
        return new NfsServer.Request(t.meta(time), xid, true, bytes, 1, t.pager.ref());
    }

    @Test
    void aRequestIsAnsweredOnlyWhenSimulatedTimeReachesTheEndOfItsService() {
        long done = 1_000 + swap.serviceMicros(65_536);
        t.tell(nfsd, request(1_000, 1, 65_536));
        t.pager.expectNoMessage();

        t.run.log().append("cpu-0", "test#1", -1, done - 1, new Tick());
        t.pager.expectNoMessage();

        t.run.log().append("cpu-0", "test#2", -1, done, new Tick());
        SwapPager.NfsReply reply = t.expect(t.pager, SwapPager.NfsReply.class);
        assertEquals(1, reply.xid());
        assertEquals(done, reply.meta().time());
        assertFalse(t.run.log().ended(), t.state());
    }

    @Test
    void twoRequestsAreServedInOrderTheSecondFinishingItsServiceTimeAfterTheFirst() {
        t.tell(nfsd, request(0, 1, 65_536));
        t.tell(nfsd, request(0, 2, 8_192));
        t.quiesce(); // nothing else in the machine: time jumps to the first end of service

        SwapPager.NfsReply first = t.expect(t.pager, SwapPager.NfsReply.class);
        assertEquals(1, first.xid());
        long done1 = swap.serviceMicros(65_536);
        assertEquals(done1, first.meta().time());
        t.pager.expectNoMessage();

        t.quiesce(); // the pager has handled the first reply: time jumps again
        SwapPager.NfsReply second = t.expect(t.pager, SwapPager.NfsReply.class);
        assertEquals(2, second.xid());
        assertEquals(done1 + swap.serviceMicros(8_192), second.meta().time());

        List<NfsServer.Served> served = t.events(NfsServer.Served.class);
        assertEquals(0, served.get(0).queueDepth());
        assertEquals(1, served.get(1).queueDepth());
        assertEquals(done1, served.get(1).start());
    }

    @Test
    void aRequestArrivingAfterTheServerWentIdleStartsAtItsOwnTime() {
        t.tell(nfsd, request(0, 1, 8_192));
        t.quiesce();
        long done1 = t.expect(t.pager, SwapPager.NfsReply.class).meta().time();

        long later = done1 + 5_000_000;
        t.tell(nfsd, request(later, 2, 8_192));
        t.quiesce();
        SwapPager.NfsReply reply = t.expect(t.pager, SwapPager.NfsReply.class);
        assertEquals(later + swap.serviceMicros(8_192), reply.meta().time());
    }
}
