package pmapsim.actors.pager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import pmapsim.actors.ActorProtocolTest;
import pmapsim.actors.TestRun;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.uvm.PhysicalMemory;

/** Swap I/O to a file on NFS: it costs memory (pager_map, swapbuf, mbufs) before it frees any. */
class SwapPagerTest extends ActorProtocolTest {
    private static final int[] CLUSTER = {10, 11};

    private TestRun t;
    private ActorRef<SwapPager.Command> pager;


    private void spawn(Map<String, String> overrides) {
        t = TestRun.of(kit, overrides);
        pager = kit.spawn(SwapPager.create(t.run));
    }

    /** Put a cluster and answer the kernel pmap's side: the pager's mapping is done. */
    private void putAndMap(int[] frames) {
        t.tell(pager, new SwapPager.Put(t.meta(), frames));
        Pmap.PagerMap map = t.expect(t.kernelPmap, Pmap.PagerMap.class);
        assertArrayEquals(frames, map.frames());
        t.tell(map.replyTo(), new SwapPager.PagerMapped(t.meta(), map.tag()));
    }

    @Test
    void aClusterIsMappedThenWrittenOverNfsAndItsCompletionGoesToPhysicalMemory() {
        spawn(Map.of());
        putAndMap(CLUSTER);

        NfsServer.Request rpc = t.expect(t.nfs, NfsServer.Request.class);
        assertTrue(rpc.write());
        assertEquals(2L * t.run.geometry().pageSize(), rpc.bytes());
        assertEquals(1, rpc.attempt());
        t.physmem.expectNoMessage(); // the boot-time mbuf pool has room: no new kernel memory

        t.tell(rpc.replyTo(), new SwapPager.NfsReply(t.meta(), rpc.xid()));
        assertArrayEquals(CLUSTER, t.expect(t.physmem, PhysicalMemory.PageoutDone.class).frames());
    }

    @Test
    void clustersAreMappedIntoPagerMapOneAtATime() {
        spawn(Map.of());
        t.tell(pager, new SwapPager.Put(t.meta(), CLUSTER));
        t.tell(pager, new SwapPager.Put(t.meta(), new int[]{12}));
        Pmap.PagerMap first = t.expect(t.kernelPmap, Pmap.PagerMap.class);
        t.kernelPmap.expectNoMessage();

        t.tell(first.replyTo(), new SwapPager.PagerMapped(t.meta(), first.tag()));
        Pmap.PagerMap second = t.expect(t.kernelPmap, Pmap.PagerMap.class);
        assertArrayEquals(new int[]{12}, second.frames());
    }

    @Test
    void withNoMbufsLeftThePagerAsksForKernelMemoryAndSleepsForItWhichIsThePagedaemonDeadlock() {
        spawn(Map.of("swap.mbuf-pool", "0"));
        putAndMap(CLUSTER);

        PhysicalMemory.KernelAlloc k = t.expect(t.physmem, PhysicalMemory.KernelAlloc.class);
        assertEquals(1 + CLUSTER.length, k.pages(), "a swapbuf and the data's mbufs");
        assertTrue(k.mayWait());
        t.tell(k.replyTo(), new SwapPager.KmemRefused(t.meta(), k.tag(), "free=1"));
        t.nfs.expectNoMessage();

        t.tell(pager, new SwapPager.MemoryAvailable(t.meta()));
        PhysicalMemory.KernelAlloc again = t.expect(t.physmem, PhysicalMemory.KernelAlloc.class);
        assertEquals("pagedaemon: deadlock detected!", t.events(SwapPager.PagedaemonDeadlock.class).get(0).message());
        t.tell(again.replyTo(), new SwapPager.KmemGranted(t.meta(), again.tag(), new int[]{500, 501, 502}));
        assertEquals(1, t.expect(t.nfs, NfsServer.Request.class).attempt());
    }

    @Test
    void aReplyThatFindsNoReceiveMbufIsDroppedAndTheRequestRetransmittedWithADoublingTimeout() {
        spawn(Map.of("swap.mbuf-pool", "0"));
        long rto = t.scenario.swap().retransmitMicros();
        putAndMap(CLUSTER);
        PhysicalMemory.KernelAlloc k = t.expect(t.physmem, PhysicalMemory.KernelAlloc.class);
        t.tell(k.replyTo(), new SwapPager.KmemGranted(t.meta(), k.tag(), new int[]{500, 501, 502}));
        NfsServer.Request rpc = t.expect(t.nfs, NfsServer.Request.class);

        long at = 1_000_000;
        for (int attempt = 2; attempt <= 3; attempt++) {
            t.tell(rpc.replyTo(), new SwapPager.NfsReply(t.meta(at), rpc.xid()));
            PhysicalMemory.KernelAlloc mbuf = t.expect(t.physmem, PhysicalMemory.KernelAlloc.class);
            assertEquals(1, mbuf.pages());
            assertFalse(mbuf.mayWait(), "taken at interrupt time");
            t.tell(mbuf.replyTo(), new SwapPager.KmemRefused(t.meta(at), mbuf.tag(), "free=1"));
            rpc = t.expect(t.nfs, NfsServer.Request.class);
            assertEquals(attempt, rpc.attempt());
            assertEquals(at + rto, rpc.meta().time());
            at += 10 * rto;
            rto *= 2;
        }
        assertEquals(2, t.events(SwapPager.ReplyDropped.class).size());
        t.physmem.expectNoMessage();
    }

    @Test
    void aFailedMappingWaitsForMemoryThenMapsTheSameIoAgainAndOthersQueueBehindIt() {
        spawn(Map.of("machine.policy", "canfail"));
        t.tell(pager, new SwapPager.Put(t.meta(), CLUSTER));
        Pmap.PagerMap map = t.expect(t.kernelPmap, Pmap.PagerMap.class);

        t.tell(map.replyTo(), new SwapPager.PagerMapFailed(t.meta(), map.tag(), "free=1 <= reserve_pagedaemon=1"));
        t.tell(pager, new SwapPager.Put(t.meta(), new int[]{12}));
        t.kernelPmap.expectNoMessage();
        assertEquals(map.tag(), t.events(SwapPager.MapWaits.class).get(0).tag());

        t.tell(pager, new SwapPager.MemoryAvailable(t.meta()));
        Pmap.PagerMap again = t.expect(t.kernelPmap, Pmap.PagerMap.class);
        assertEquals(map.tag(), again.tag());
        assertArrayEquals(CLUSTER, again.frames());
    }
}
