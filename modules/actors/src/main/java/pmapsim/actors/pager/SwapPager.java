package pmapsim.actors.pager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.nfs.NfsServer;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelActor;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Msg;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.uvm.PhysicalMemory;

/**
 * uvm_pager + uvm_swap for a swap <em>file</em> on NFS: swap I/O costs memory before it frees any. Each I/O maps its
 * pages into {@code pager_map} (a wired, managed {@code pmap_enter} on the kernel pmap: pv entries, and so possibly
 * the emergency path), takes a swapbuf and the request's mbufs (it may sleep for them: when the page daemon waits for
 * memory that only it can free, that is {@code pagedaemon: deadlock detected!}), sends the RPC, and needs a receive
 * mbuf for the reply — without one the reply is dropped and the request retransmitted after the timeout.
 *
 * <p>Mbuf clusters and swapbufs come from pools that grow a page at a time from kernel memory and, as in 4.4BSD's
 * {@code mb_map}, never give a page back: once the pools are big enough for the I/O in flight, swap I/O stops asking
 * UVM for memory, until more I/O is in flight than ever before.
 */
public final class SwapPager extends ModelActor<SwapPager.Command> {

    public sealed interface Command extends Msg {
    }

    /** uvm_pager_put from the page daemon: write this cluster to swap. */
    public record Put(Meta meta, int[] frames) implements Command {
    }

    /** A fault needs page {@code key} read into {@code frame} (from its swap slot, or from the executable). */
    public record PageIn(Meta meta, int frame, long key, int slot) implements Command {
    }

    public record PagerMapped(Meta meta, long tag) implements Command {
    }

    /** PMAP_CANFAIL: uvm_pagermapin could not map the I/O's pages (no pv entry); it waits for memory. */
    public record PagerMapFailed(Meta meta, long tag, String reason) implements Command {
    }

    public record KmemGranted(Meta meta, long tag, int[] frames) implements Command {
    }

    public record KmemRefused(Meta meta, long tag, String reason) implements Command {
    }

    public record MemoryAvailable(Meta meta) implements Command {
    }

    public record NfsReply(Meta meta, long xid) implements Command {
    }

    public sealed interface Event extends ModelEvent {
    }

    public record IoQueued(long tag, boolean write, int[] frames, long key) implements Event {
    }

    public record MapAsked(long tag) implements Event {
    }

    public record IoMapped(long tag) implements Event {
    }

    /** The mapping of I/O {@code tag} failed; the pager sleeps until pages are freed, then maps it again. */
    public record MapWaits(long tag, String reason) implements Event {
    }

    public record MapRetried(long tag) implements Event {
    }

    public record ReplyArrived(long xid, int attempt) implements Event {
    }

    /** Kernel pages added to the mbuf/swapbuf pools (they stay there). */
    public record PoolGrew(long tag, int[] frames) implements Event {
    }

    /** An I/O takes {@code pages} of pool memory (its swapbuf and request mbufs, or a receive mbuf). */
    public record PoolTaken(long tag, int pages, boolean reply) implements Event {
    }

    public record PoolReturned(long tag, int pages) implements Event {
    }

    /** The pager sleeps for kernel memory on behalf of the page daemon. */
    public record PagedaemonDeadlock(long tag, String reason, String message) implements Event {
    }

    public record RpcSent(long xid, boolean write, long bytes, int attempt) implements Event {
    }

    public record ReplyDropped(long xid, int attempt, String reason, long retransmitAfter)
            implements Event, NfsServer.Retransmission {
    }

    public record IoDone(long tag, boolean write, int pages) implements Event {
    }

    public static Behavior<Command> create(RunContext run) {
        return behavior(run, "swappager", ctx -> new SwapPager(ctx, run));
    }

    private static final class Io {
        final long tag;
        final boolean write;
        final int[] frames;
        final long key;
        int pooled;
        boolean sent;
        boolean awaitingReplyMbuf;
        int attempt = 1;
        long rto;

        Io(long tag, boolean write, int[] frames, long key, long rto) {
            this.tag = tag;
            this.write = write;
            this.frames = frames;
            this.key = key;
            this.rto = rto;
        }
    }

    private static final long MAX_RTO = 60_000_000L;
    private final TreeMap<Long, Io> ios = new TreeMap<>();
    private final ArrayDeque<Long> toMap = new ArrayDeque<>();
    private final List<Long> waitingKmem = new ArrayList<>();
    private long mapping = -1;
    /** The I/O at the head of {@code toMap} waits for memory to be mapped. */
    private boolean mapWaiting;
    private int poolFree;
    private long nextTag;
    private final int pageSize;

    private SwapPager(ActorContext<Command> ctx, RunContext run) {
        super(ctx, run, "swappager");
        this.pageSize = run.geometry().pageSize();
        this.poolFree = bootPoolPages(run); // allocated by PhysicalMemory at boot
    }

    /** Pages of mbuf clusters and swapbufs allocated at boot. */
    public static int bootPoolPages(RunContext run) {
        return (int) (run.scenario().swap().mbufPoolBytes() / run.geometry().pageSize());
    }

    @Override
    protected void apply(ModelEvent e) {
        if (e instanceof IoQueued q) {
            nextTag = q.tag();
            ios.put(q.tag(), new Io(q.tag(), q.write(), q.frames(), q.key(), run.scenario().swap().retransmitMicros()));
            toMap.addLast(q.tag());
        } else if (e instanceof MapAsked m) {
            mapping = m.tag();
        } else if (e instanceof ReplyArrived r) {
            ios.get(r.xid()).awaitingReplyMbuf = true;
        } else if (e instanceof IoMapped m) {
            mapping = -1;
            toMap.remove(m.tag());
        } else if (e instanceof MapWaits) {
            mapping = -1;
            mapWaiting = true;
        } else if (e instanceof MapRetried) {
            mapWaiting = false;
        } else if (e instanceof PoolGrew g) {
            poolFree += g.frames().length;
        } else if (e instanceof PoolTaken t) {
            Io io = ios.get(t.tag());
            poolFree -= t.pages();
            io.pooled += t.pages();
            if (t.reply()) {
                io.awaitingReplyMbuf = false;
            } else {
                io.sent = true;
            }
            waitingKmem.remove(t.tag());
        } else if (e instanceof PoolReturned r) {
            poolFree += r.pages();
        } else if (e instanceof PagedaemonDeadlock d) {
            if (!waitingKmem.contains(d.tag())) {
                waitingKmem.add(d.tag());
            }
        } else if (e instanceof RpcSent r) {
            ios.get(r.xid()).attempt = r.attempt();
        } else if (e instanceof ReplyDropped d) {
            Io io = ios.get(d.xid());
            io.awaitingReplyMbuf = false;
            io.rto = Math.min(MAX_RTO, io.rto * 2);
        } else if (e instanceof IoDone d) {
            ios.remove(d.tag());
        }
    }

    @Override
    protected void handle(Command m) {
        if (m instanceof Put p) {
            emit(new IoQueued(nextTag + 1, true, p.frames(), 0));
            pumpMap();
        } else if (m instanceof PageIn p) {
            emit(new IoQueued(nextTag + 1, false, new int[]{p.frame()}, p.key()));
            pumpMap();
        } else if (m instanceof PagerMapped pm) {
            emit(new IoMapped(pm.tag()));
            askKmem(ios.get(pm.tag()));
            pumpMap();
        } else if (m instanceof KmemGranted g) {
            emit(new PoolGrew(g.tag(), g.frames()));
            Io io = ios.get(g.tag());
            if (io.awaitingReplyMbuf) {
                receive(io);
            } else {
                askKmem(io);
            }
        } else if (m instanceof KmemRefused r) {
            Io io = ios.get(r.tag());
            if (io.awaitingReplyMbuf) { // no receive buffer: the reply is lost, NFS retransmits after its timeout
                long rto = io.rto;
                emit(new ReplyDropped(io.tag, io.attempt, r.reason(), rto));
                emit(new RpcSent(io.tag, io.write, serviceBytes(io), io.attempt + 1));
                run.peers().nfs().tell(new NfsServer.Request(metaAt(rto), io.tag, io.write, serviceBytes(io),
                        io.attempt, getContext().getSelf()));
            } else {
                emit(new PagedaemonDeadlock(io.tag, r.reason(), "pagedaemon: deadlock detected!"));
            }
        } else if (m instanceof PagerMapFailed f) {
            emit(new MapWaits(f.tag(), f.reason()));
        } else if (m instanceof MemoryAvailable) {
            for (Long tag : List.copyOf(waitingKmem)) {
                askKmem(ios.get(tag));
            }
            if (mapWaiting) {
                emit(new MapRetried(toMap.peekFirst()));
                pumpMap();
            }
        } else if (m instanceof NfsReply r) {
            Io io = ios.get(r.xid());
            if (io == null || io.awaitingReplyMbuf) {
                return; // a duplicate reply to a retransmitted request
            }
            emit(new ReplyArrived(io.tag, io.attempt));
            receive(io);
        }
    }

    private void pumpMap() {
        if (mapping < 0 && !mapWaiting && !toMap.isEmpty()) {
            Io io = ios.get(toMap.peekFirst());
            emit(new MapAsked(io.tag));
            spend(5);
            run.peers().kernelPmap().tell(new Pmap.PagerMap(meta(), io.tag, io.frames, getContext().getSelf()));
        }
    }

    /**
     * A swapbuf and the request's mbufs (the data of a write is copied into mbuf clusters), from the pools; what the
     * pools lack comes from UVM, and the I/O may sleep for it.
     */
    private void askKmem(Io io) {
        int pages = 1 + (io.write ? io.frames.length : 1);
        if (poolFree >= pages) {
            emit(new PoolTaken(io.tag, pages, false));
            send(io);
        } else {
            run.peers().physmem().tell(new PhysicalMemory.KernelAlloc(meta(), io.write ? "swapbuf+mbufs (nfs write)"
                    : "swapbuf+mbuf (nfs read)", pages - poolFree, io.tag, true, getContext().getSelf()));
        }
    }

    /** The reply needs a receive mbuf, taken at interrupt time without waiting: from the pool, or a new page. */
    private void receive(Io io) {
        if (poolFree >= 1) {
            emit(new PoolTaken(io.tag, 1, true));
            complete(io);
        } else {
            run.peers().physmem().tell(new PhysicalMemory.KernelAlloc(meta(), "mbuf (nfs reply)", 1, io.tag, false,
                    getContext().getSelf()));
        }
    }

    /** Bytes on the wire that the server's service time depends on: the data written, or the page read. */
    private long serviceBytes(Io io) {
        return io.write ? (long) io.frames.length * pageSize : pageSize;
    }

    private void send(Io io) {
        emit(new RpcSent(io.tag, io.write, serviceBytes(io), io.attempt));
        run.peers().nfs().tell(new NfsServer.Request(meta(), io.tag, io.write, serviceBytes(io), io.attempt,
                getContext().getSelf()));
    }

    private void complete(Io io) {
        emit(new PoolReturned(io.tag, io.pooled));
        emit(new IoDone(io.tag, io.write, io.frames.length));
        if (io.write) {
            run.peers().physmem().tell(new PhysicalMemory.PageoutDone(meta(), io.frames));
        } else {
            run.peers().physmem().tell(new PhysicalMemory.PageinDone(meta(), io.frames[0], io.key));
        }
    }
}
