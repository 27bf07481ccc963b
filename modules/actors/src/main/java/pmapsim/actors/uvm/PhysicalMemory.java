package pmapsim.actors.uvm;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelActor;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Msg;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.sched.Scheduler;
import pmapsim.model.AllocClass;
import pmapsim.model.Pool;
import pmapsim.model.Thresholds;
import pmapsim.model.Usage;
import pmapsim.model.UvmRules;
import pmapsim.model.policy.Policy;
import pmapsim.model.scenario.Scenario;

/**
 * UVM's page layer (uvm_page.c, vm-model.md §4–5): the free list with its reserves, the active and inactive queues,
 * anons and their swap slots, the pv entries of every managed page, and the list of all pmaps. Every page move is an
 * event, so the pools of §5 can be checked at every event. It wakes the page daemon by §4's rule and wakes sleepers
 * when pages come back.
 */
public final class PhysicalMemory extends ModelActor<PhysicalMemory.Command> {

    /** The sleep channel of processes in {@code uvm_wait}. */
    public static final long MEMORY_CHANNEL = 0;

    public sealed interface Command extends Msg {
    }

    /** uvm_fault: a resident frame for page {@code key} ({@code copyOf} != 0: copy-on-write copy of that anon). */
    public record Fault(Meta meta, String pmap, ActorRef<Pmap.Command> replyTo, long va, long key, long copyOf,
                        boolean write) implements Command {
    }

    /** pmap_alloc_physpage for a page-table page. */
    public record AllocPt(Meta meta, String pmap, int pmapId, ActorRef<Pmap.Command> replyTo, Usage usage,
                          int attempt) implements Command {
    }

    /** pmap_enter_pv: a pv entry for ({@code pmap}, {@code va}) on {@code frame}; {@code key} -1 skips the check. */
    public record EnterPv(Meta meta, String pmap, int pmapId, ActorRef<Pmap.Command> replyTo, int frame, long key,
                          long va, int attempt) implements Command {
    }

    /** Table pages and pv entries a pmap gives back; {@code replyTo} null when no answer is wanted. */
    public record FreePmapPages(Meta meta, String pmap, int pmapId, ActorRef<Pmap.Command> replyTo, long tag,
                                int[] frames, long[] pvVas, int[] pvFrames) implements Command {
    }

    public record AnonShare(Meta meta, long[] keys) implements Command {
    }

    public record AnonRelease(Meta meta, long[] keys) implements Command {
    }

    public record RegisterPmap(Meta meta, Pmap.Handle handle) implements Command {
    }

    /** pmap_activate with an LRU list (pmap.c 1.124): the pmap goes to the tail of pmap_all_pmaps. */
    public record PmapActivated(Meta meta, String pmap) implements Command {
    }

    /**
     * pmap_ptpage_steal, from the victim: its mappings of {@code pvVas} (on {@code pvFrames}) are gone, its tables
     * {@code freed} go back, and its L3 page {@code frame} becomes the thief's {@code usage} page.
     */
    public record PtpageSteal(Meta meta, String victim, int victimId, String thief, int thiefId, Usage usage,
                              int frame, long[] pvVas, int[] pvFrames, int[] freed, ActorRef<Pmap.Command> replyTo)
            implements Command {
    }

    /**
     * pmap_pv_alloc, from the victim: its mapping of {@code va} to {@code frame} is gone; the pv entry becomes the
     * thief's, for {@code thiefVa} on {@code thiefFrame} (page {@code thiefKey}, -1: no check).
     */
    public record PvSteal(Meta meta, String victim, long va, int frame, String thief, int thiefId, int thiefFrame,
                          long thiefKey, long thiefVa, int attempt, ActorRef<Pmap.Command> replyTo)
            implements Command {
    }

    public record UnregisterPmap(Meta meta, String pmap) implements Command {
    }

    /** Kernel memory for the pager (swapbuf, vnd buffer, mbufs): all pages or none. */
    public record KernelAlloc(Meta meta, String purpose, int pages, long tag, boolean mayWait,
                              ActorRef<SwapPager.Command> replyTo) implements Command {
    }

    /** A u-area for a new process (wired, kernel object). */
    public record UareaAlloc(Meta meta, int pid, int pages, ActorRef<Scheduler.Command> replyTo) implements Command {
    }

    public record KernelFree(Meta meta, int[] frames) implements Command {
    }

    public record DaemonPass(Meta meta, ActorRef<PageDaemon.Command> replyTo) implements Command {
    }

    public record ScanInactive(Meta meta, ActorRef<PageDaemon.Command> replyTo) implements Command {
    }

    public record DaemonSleeping(Meta meta) implements Command {
    }

    public record PageoutDone(Meta meta, int[] frames) implements Command {
    }

    public record PageinDone(Meta meta, int frame, long key) implements Command {
    }

    // --- events
    public sealed interface Event extends ModelEvent {
    }

    /** The boot-time pools are allocated (the first thing physical memory does, in its first turn). */
    public record Booted() implements Event {
    }

    public record PageAllocated(int frame, Pool to, long owner, String purpose, boolean dirty, long free)
            implements Event {
    }

    public record PageFreed(int frame, Pool from, long owner, String by, long free) implements Event {
    }

    public record PageMoved(int frame, Pool from, Pool to, boolean dirty) implements Event {
    }

    /** uvm_pagealloc refused. */
    public record AllocFailed(String who, String purpose, String reason, long free, int attempt) implements Event {
    }

    public record PvEntered(int frame, String pmap, long va, int pvPage, boolean newPvPage) implements Event {
    }

    public record PvRemoved(int frame, String pmap, long va, int pvPage, boolean pvPageFreed) implements Event {
    }

    /** A frame freed that was not the freer's to free: already free, or given to someone else since. */
    public record DoubleFree(int frame, String by, Pool found, long owner, String detail) implements Event {
    }

    public record AnonRefs(long[] keys, int delta) implements Event {
    }

    public record AnonDropped(long key) implements Event {
    }

    public record SlotAssigned(long key) implements Event {
    }

    public record SlotFreed(long key, int slot) implements Event {
    }

    public record PageoutStarted(int[] frames) implements Event {
    }

    public record PageoutFinished(int[] frames) implements Event {
    }

    public record PageinStarted(int frame, long key) implements Event {
    }

    public record PageinFinished(int frame, long key) implements Event {
    }

    public record PageWanted(int frame) implements Event {
    }

    public record PmapListed(Pmap.Handle handle) implements Event {
    }

    public record PmapUnlisted(String pmap) implements Event {
    }

    /** pmap_activate moved the pmap to the tail of pmap_all_pmaps (LRU order). */
    public record PmapMovedToTail(String pmap) implements Event {
    }

    /** A stolen table page changes hands: {@code fromPmap}'s {@code from} page is now {@code toPmap}'s {@code to}. */
    public record PtpageReassigned(int frame, Pool from, long fromOwner, String fromPmap, Pool to, long toOwner,
                                   String toPmap) implements Event {
    }

    /** A stolen pv entry (in pv page {@code pvPage}) now records {@code thief}'s mapping of {@code thiefVa}. */
    public record PvReassigned(int frame, String pmap, long va, int thiefFrame, String thief, long thiefVa,
                               int pvPage) implements Event {
    }

    public record DaemonWoken(long free, long inactive) implements Event {
    }

    public record DaemonSlept() implements Event {
    }

    public record WaitStarted(boolean pager, String who) implements Event {
    }

    public record WaitersWoken(boolean pager, long free) implements Event {
    }

    /** A wakeup on a sleep channel; {@code seq} orders it against sleeps (no wakeup is lost). */
    public record Woke(long channel, long seq) implements Event {
    }

    public record Scanned(int looked, int freed, int clusters, int deactivated, long free) implements Event {
    }

    // --- behaviour

    public static Behavior<Command> create(RunContext run) {
        return behavior(run, "physmem", ctx -> new PhysicalMemory(ctx, run));
    }

    private final UvmState s;
    private final Thresholds t;
    private final Scenario sc;
    private final boolean pmapReserve;
    private final Policy policy;
    /** Pages the pv pool keeps even when they are empty ({@code pr_minpages} from the low-water mark). */
    private final int pvMinPages;
    private boolean booted;

    private PhysicalMemory(ActorContext<Command> ctx, RunContext run) {
        super(ctx, run, "physmem");
        this.t = run.thresholds();
        this.sc = run.scenario();
        this.policy = run.policy();
        this.pmapReserve = policy.pmapUsesKernelReserve();
        int lowat = policy.pvPoolLowWater();
        int perPage = run.geometry().pvPerPage();
        this.pvMinPages = (lowat + perPage - 1) / perPage;
        long slots = sc.swap().sizeBytes() / run.geometry().pageSize();
        this.s = new UvmState((int) t.npages(), run.geometry().pvPerPage(), (int) Math.min(slots, Integer.MAX_VALUE));
    }

    /** The buffer cache, wired at boot, and the swap pager's mbuf and swapbuf pools: the first turn's first work. */
    private void boot() {
        for (long i = 0; i < sc.machine().bootWiredPages(); i++) {
            emit(new PageAllocated(s.nextFree(), Pool.WIRED, 0, "buffer cache", false, s.free() - 1));
        }
        for (long i = 0; i < SwapPager.bootPoolPages(run); i++) {
            emit(new PageAllocated(s.nextFree(), Pool.KMEM, 0, "mbuf pool", false, s.free() - 1));
        }
        emit(new Booted());
    }

    @Override
    protected void apply(ModelEvent e) {
        if (e instanceof Booted) {
            booted = true;
        }
        s.apply(e);
    }

    @Override
    protected void handle(Command m) {
        if (!booted) {
            boot();
        }
        if (m instanceof Fault f) {
            onFault(f);
        } else if (m instanceof AllocPt a) {
            onAllocPt(a);
        } else if (m instanceof EnterPv p) {
            onEnterPv(p);
        } else if (m instanceof FreePmapPages f) {
            onFreePmapPages(f);
        } else if (m instanceof AnonShare a) {
            emit(new AnonRefs(a.keys(), +1));
        } else if (m instanceof AnonRelease r) {
            onAnonRelease(r.keys());
        } else if (m instanceof RegisterPmap r) {
            emit(new PmapListed(r.handle()));
        } else if (m instanceof PmapActivated a) {
            if (s.pmap(a.pmap()) != null) {
                emit(new PmapMovedToTail(a.pmap()));
            }
        } else if (m instanceof PtpageSteal ps) {
            onPtpageSteal(ps);
        } else if (m instanceof PvSteal ps) {
            onPvSteal(ps);
        } else if (m instanceof UnregisterPmap u) {
            emit(new PmapUnlisted(u.pmap()));
        } else if (m instanceof KernelAlloc k) {
            onKernelAlloc(k);
        } else if (m instanceof UareaAlloc u) {
            onUareaAlloc(u);
        } else if (m instanceof KernelFree k) {
            for (int f : k.frames()) {
                freeFrame(f, s.pool[f], "kernel");
            }
            wakeWaiters();
        } else if (m instanceof DaemonPass d) {
            long inactarg = t.inactarg(s.in(Pool.ACTIVE), s.in(Pool.INACTIVE));
            d.replyTo().tell(new PageDaemon.PassInfo(meta(), s.free(), s.in(Pool.ACTIVE), s.in(Pool.INACTIVE),
                    s.paging, inactarg, UvmRules.daemonScans(s.free(), s.in(Pool.ACTIVE), s.in(Pool.INACTIVE), t),
                    s.free() < t.freetarg()));
        } else if (m instanceof ScanInactive sc0) {
            onScan(sc0);
        } else if (m instanceof DaemonSleeping) {
            emit(new DaemonSlept()); // woken again by the next allocation, wait or completed pageout
        } else if (m instanceof PageoutDone d) {
            onPageoutDone(d);
        } else if (m instanceof PageinDone d) {
            unmapAll(d.frame()); // the pager's mapping goes with the I/O
            emit(new PageinFinished(d.frame(), d.key()));
            wakeChannel(d.key());
        }
    }

    // --- uvm_pagealloc

    private String refusal(AllocClass who) {
        return UvmRules.refusal(s.free(), who, who == AllocClass.PMAP && pmapReserve, t);
    }

    private int allocate(Pool to, long owner, String purpose) {
        int f = s.nextFree();
        emit(new PageAllocated(f, to, owner, purpose, "zero-fill".equals(purpose), s.free() - 1));
        return f;
    }

    private void maybeWakeDaemon() {
        if (!s.daemonAwake && (s.userWaiting || s.pagerWaiting
                || UvmRules.wakesDaemon(s.free(), s.in(Pool.ACTIVE), s.in(Pool.INACTIVE), t))) {
            emit(new DaemonWoken(s.free(), s.in(Pool.INACTIVE)));
            run.peers().pagedaemon().tell(new PageDaemon.Wake(meta()));
        }
    }

    private void wakeWaiters() {
        if (s.pagerWaiting && s.free() > t.reservePagedaemon()) {
            emit(new WaitersWoken(true, s.free()));
            run.peers().pager().tell(new SwapPager.MemoryAvailable(meta()));
        }
        if (s.userWaiting && s.free() > t.reserveKernel()) {
            emit(new WaitersWoken(false, s.free()));
            wakeChannel(MEMORY_CHANNEL);
        }
    }

    private void wakeChannel(long channel) {
        emit(new Woke(channel, s.wakeSeq + 1));
        run.peers().scheduler().tell(new Scheduler.Wakeup(meta(), channel, s.wakeSeq));
    }

    private void waitForMemory(String who) {
        if (!s.userWaiting) {
            emit(new WaitStarted(false, who));
        }
        maybeWakeDaemon();
    }

    // --- faults

    private void onFault(Fault f) {
        if (f.copyOf() != 0) {
            UvmState.Anon old = s.anons.get(f.copyOf());
            if (old != null && old.refs <= 1) { // no one shares it any more: write to it, no copy
                f = new Fault(f.meta(), f.pmap(), f.replyTo(), f.va(), f.copyOf(), 0, f.write());
            }
        }
        UvmState.Anon anon = s.anons.get(f.key());
        if (anon != null && anon.frame >= 0) {
            int frame = anon.frame;
            if (s.busy[frame]) { // being paged in or out: sleep on the page
                if (!s.wanted[frame]) {
                    emit(new PageWanted(frame));
                }
                f.replyTo().tell(new Pmap.PageWait(meta(), f.va(), f.key(), "page busy", s.wakeSeq));
                return;
            }
            if (s.pool[frame] == Pool.INACTIVE) {
                emit(new PageMoved(frame, Pool.INACTIVE, Pool.ACTIVE, f.write()));
            } else if (f.write() && !s.dirty[frame]) {
                emit(new PageMoved(frame, s.pool[frame], s.pool[frame], true));
            }
            f.replyTo().tell(new Pmap.PageReady(meta(), f.va(), frame, f.key()));
            return;
        }
        String no = refusal(AllocClass.USER);
        if (no != null) {
            emit(new AllocFailed(f.pmap(), "uvm_fault", no, s.free(), 0));
            waitForMemory(f.pmap());
            f.replyTo().tell(new Pmap.PageWait(meta(), f.va(), MEMORY_CHANNEL, "uvm_wait: " + no, s.wakeSeq));
            return;
        }
        boolean fromBacking = f.key() < 0 || (anon != null && anon.slot >= 0 && f.copyOf() == 0);
        int frame = allocate(Pool.ACTIVE, f.key(), fromBacking ? "pagein" : "zero-fill");
        if (fromBacking) {
            emit(new PageinStarted(frame, f.key()));
            run.peers().pager().tell(new SwapPager.PageIn(meta(), frame, f.key(), anon == null ? -1 : anon.slot));
            f.replyTo().tell(new Pmap.PageWait(meta(), f.va(), f.key(), "pagein", s.wakeSeq));
        } else {
            f.replyTo().tell(new Pmap.PageReady(meta(), f.va(), frame, f.key()));
        }
        maybeWakeDaemon();
    }

    // --- pmap pages

    private void onAllocPt(AllocPt a) {
        String no = refusal(AllocClass.PMAP);
        if (no != null) {
            emit(new AllocFailed(a.pmap(), a.usage().what(), no, s.free(), a.attempt()));
            refuse(a.pmap(), a.pmapId(), a.replyTo(), a.usage(), no);
        } else {
            int frame = allocate(a.usage().pool(), a.pmapId(), a.usage().what() + " for " + a.pmap());
            a.replyTo().tell(new Pmap.PtGranted(meta(), a.usage(), frame));
        }
        maybeWakeDaemon();
    }

    private void onEnterPv(EnterPv p) {
        boolean stale = p.key() != -1
                && (s.owner[p.frame()] != p.key() || !(s.pool[p.frame()] == Pool.ACTIVE
                || s.pool[p.frame()] == Pool.INACTIVE));
        if (stale) {
            p.replyTo().tell(new Pmap.PvDone(meta(), p.frame(), true));
            return;
        }
        int page = s.pvPageWithRoom();
        if (page < 0) {
            String no = refusal(AllocClass.PMAP);
            if (no != null) {
                emit(new AllocFailed(p.pmap(), Usage.PV.what(), no, s.free(), p.attempt()));
                if (policy.onShortage() == Policy.Shortage.STEAL) {
                    p.replyTo().tell(new Pmap.PvPoolEmpty(meta(), no, s.free(), pvCandidates(p.pmap())));
                    maybeWakeDaemon();
                } else {
                    refuse(p.pmap(), p.pmapId(), p.replyTo(), Usage.PV, no);
                }
                return;
            }
            emit(new PvEntered(p.frame(), p.pmap(), p.va(), s.nextFree(), true));
            maybeWakeDaemon();
        } else {
            emit(new PvEntered(p.frame(), p.pmap(), p.va(), page, false));
            poolCatchup();
        }
        p.replyTo().tell(new Pmap.PvDone(meta(), p.frame(), false));
    }

    /**
     * A table or pv page refused: the pmap's emergency (1998: {@code pmap_all_pmaps} newest first for a collection;
     * 1.124: in LRU order for a steal), or, with PMAP_CANFAIL, a failed pmap_enter whose fault (or pager mapping) is
     * counted among the waiters for memory right now, so that no wakeup falls between the refusal and its sleep.
     */
    private void refuse(String pmap, int pmapId, ActorRef<Pmap.Command> replyTo, Usage usage, String no) {
        if (policy.onShortage() == Policy.Shortage.FAIL) {
            if (pmapId == 0) {
                if (!s.pagerWaiting) {
                    emit(new WaitStarted(true, "pager"));
                }
            } else if (!s.userWaiting) {
                emit(new WaitStarted(false, pmap));
            }
            replyTo.tell(new Pmap.AllocShortage(meta(), usage, no, s.free(), s.freeSlots() == 0, s.wakeSeq));
        } else {
            replyTo.tell(new Pmap.AllocRefused(meta(), usage, no, s.free(),
                    s.pmapList(policy.pmapListLru())));
        }
        maybeWakeDaemon();
    }

    /**
     * pool_catchup: fewer free pv entries than the pool's low-water mark after one was taken: add a page if
     * uvm_pagealloc gives one (with the pmap's reserve rule); if not, nothing happens until the pool is empty.
     */
    private void poolCatchup() {
        int lowat = policy.pvPoolLowWater();
        if (lowat > 0 && s.pvFree < lowat && refusal(AllocClass.PMAP) == null) {
            allocate(Pool.PV, 0, "pv pool page (low water " + lowat + ")");
            maybeWakeDaemon();
        }
    }

    /** pmap_pv_alloc's walk of the pv table, lowest page first: the first mapping of each user pmap but this one. */
    private List<Pmap.PvMapping> pvCandidates(String requester) {
        List<Pmap.PvMapping> out = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (int f = 0; f < s.npages; f++) {
            java.util.Collection<UvmState.PvEntry> entries = s.pvOf(f);
            if (entries == null) {
                continue;
            }
            for (UvmState.PvEntry e : entries) {
                Pmap.Handle h = s.pmap(e.pmap());
                if (h != null && h.pid() != 0 && !e.pmap().equals(requester) && seen.add(e.pmap())) {
                    out.add(new Pmap.PvMapping(e.pmap(), e.va(), f));
                }
            }
        }
        return out;
    }

    private void onPtpageSteal(PtpageSteal ps) {
        for (int i = 0; i < ps.pvVas().length; i++) {
            removePv(ps.pvFrames()[i], ps.victim(), ps.pvVas()[i]);
        }
        freeTables(ps.freed(), ps.victim(), ps.victimId());
        int f = ps.frame();
        if (s.pool[f] == Pool.PT_L3 && s.owner[f] == ps.victimId()) {
            emit(new PtpageReassigned(f, Pool.PT_L3, ps.victimId(), ps.victim(), ps.usage().pool(), ps.thiefId(),
                    ps.thief()));
            ps.replyTo().tell(new Pmap.PtGranted(meta(), ps.usage(), f));
        } else {
            emit(new DoubleFree(f, ps.victim(), s.pool[f], s.owner[f], "stolen as an L3 page of " + ps.victim()
                    + " but " + (s.pool[f] == Pool.FREE ? "it is free" : "it is " + describeOwner(f))));
            Pmap.Handle victim = s.pmap(ps.victim());
            ps.replyTo().tell(new Pmap.StealDeclined(meta(), victim != null ? victim
                    : new Pmap.Handle(ps.victim(), ps.victimId(), ps.victimId(), "?"), 0, false,
                    "the page was not the victim's L3 page"));
        }
        wakeWaiters();
    }

    private void onPvSteal(PvSteal ps) {
        int tf = ps.thiefFrame();
        boolean stale = ps.thiefKey() != -1
                && (s.owner[tf] != ps.thiefKey() || !(s.pool[tf] == Pool.ACTIVE || s.pool[tf] == Pool.INACTIVE));
        UvmState.PvEntry e = s.findPv(ps.frame(), ps.victim(), ps.va());
        if (stale) { // the thief's page went away meanwhile: the stolen entry goes back to the pool
            if (e != null) {
                removePv(ps.frame(), ps.victim(), ps.va());
            }
            ps.replyTo().tell(new Pmap.PvDone(meta(), tf, true));
        } else if (e != null) {
            emit(new PvReassigned(ps.frame(), ps.victim(), ps.va(), tf, ps.thief(), ps.thiefVa(), e.pvPage()));
            ps.replyTo().tell(new Pmap.PvDone(meta(), tf, false));
        } else { // the page daemon removed the victim's entry first: an ordinary pv entry, if the pool has one now
            onEnterPv(new EnterPv(ps.meta(), ps.thief(), ps.thiefId(), ps.replyTo(), tf, ps.thiefKey(), ps.thiefVa(),
                    ps.attempt()));
            return;
        }
        wakeWaiters();
    }

    private void onFreePmapPages(FreePmapPages f) {
        long before = s.free();
        for (int i = 0; i < f.pvVas().length; i++) {
            removePv(f.pvFrames()[i], f.pmap(), f.pvVas()[i]);
        }
        long doubles = freeTables(f.frames(), f.pmap(), f.pmapId());
        if (f.replyTo() != null) {
            f.replyTo().tell(new Pmap.PagesFreed(meta(), f.tag(), s.free() - before, doubles));
        }
        wakeWaiters();
    }

    /** Frees table pages of pmap {@code pmapId}; one that is not its table page is a double free. */
    private long freeTables(int[] frames, String pmap, int pmapId) {
        long doubles = 0;
        for (int frame : frames) {
            Pool p = s.pool[frame];
            boolean table = p == Pool.PT_L1 || p == Pool.PT_L2 || p == Pool.PT_L3;
            if (table && s.owner[frame] == pmapId) {
                freeFrame(frame, p, pmap);
            } else {
                doubles++;
                emit(new DoubleFree(frame, pmap, p, s.owner[frame],
                        p == Pool.FREE ? "it is already free" : "it is no longer its, now " + describeOwner(frame)));
            }
        }
        return doubles;
    }

    private String describeOwner(int frame) {
        Pool p = s.pool[frame];
        return switch (p) {
            case PT_L1, PT_L2, PT_L3 -> p.key() + " of pmap " + s.owner[frame];
            default -> p.key();
        };
    }

    private void removePv(int frame, String pmap, long va) {
        UvmState.PvEntry e = s.findPv(frame, pmap, va);
        if (e != null) { // an empty pv page goes back, unless the pool keeps it for its low-water mark
            boolean last = s.pvPages.get(e.pvPage()) == 1 && s.pvPages.size() > pvMinPages;
            emit(new PvRemoved(frame, pmap, va, e.pvPage(), last));
        }
    }

    private void freeFrame(int frame, Pool from, String by) {
        emit(new PageFreed(frame, from, s.owner[frame], by, s.free() + 1));
    }

    // --- anons

    private void onAnonRelease(long[] keys) {
        emit(new AnonRefs(keys, -1));
        for (long k : keys) {
            UvmState.Anon a = s.anons.get(k);
            if (a == null || a.refs > 0) {
                continue;
            }
            if (a.frame >= 0 && !s.busy[a.frame]) { // a busy page is freed when its I/O is done
                unmapAll(a.frame);
                freeFrame(a.frame, s.pool[a.frame], "anon free");
            }
            if (a.slot >= 0) {
                emit(new SlotFreed(k, a.slot));
            }
            emit(new AnonDropped(k));
        }
        wakeWaiters();
    }

    // --- kernel memory

    private void onKernelAlloc(KernelAlloc k) {
        String why = kernelRefusal(k.pages());
        if (why != null) {
            emit(new AllocFailed("pager", k.purpose(), why, s.free(), 0));
            if (k.mayWait() && !s.pagerWaiting) {
                emit(new WaitStarted(true, "pager"));
            }
            maybeWakeDaemon();
            k.replyTo().tell(new SwapPager.KmemRefused(meta(), k.tag(), why));
            return;
        }
        int[] frames = new int[k.pages()];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = allocate(Pool.KMEM, 0, k.purpose());
        }
        maybeWakeDaemon();
        k.replyTo().tell(new SwapPager.KmemGranted(meta(), k.tag(), frames));
    }

    private void onUareaAlloc(UareaAlloc u) {
        String why = kernelRefusal(u.pages());
        if (why != null) {
            emit(new AllocFailed("pid " + u.pid(), "u-area", why, s.free(), 0));
            waitForMemory("pid " + u.pid());
            u.replyTo().tell(new Scheduler.UareaRefused(meta(), u.pid(), s.wakeSeq));
            return;
        }
        int[] frames = new int[u.pages()];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = allocate(Pool.WIRED, 0, "u-area of pid " + u.pid());
        }
        maybeWakeDaemon();
        u.replyTo().tell(new Scheduler.UareaGranted(meta(), u.pid(), frames));
    }

    /**
     * Why {@code pages} kernel-object pages, taken all at once, are refused, or null: uvm_pagealloc's rule for the
     * last of them (kernel objects may use the kernel reserve, not the page daemon's).
     */
    private String kernelRefusal(int pages) {
        String no = UvmRules.refusal(s.free() - pages + 1, AllocClass.KERNEL, true, t);
        return no == null ? null : no + " for the last of " + pages + " page(s) (free=" + s.free() + ")";
    }

    // --- the page daemon's scan (uvmpd_scan_inactive, then deactivation)

    private void onScan(ScanInactive req) {
        int batch = sc.uvm().scanBatch();
        int clusterSize = sc.uvm().pageoutCluster();
        List<int[]> clusters = new ArrayList<>();
        List<Integer> cluster = new ArrayList<>();
        int looked = 0;
        int freed = 0;
        int f = s.inactive.head();
        while (f >= 0 && looked < batch && s.free() + s.paging + cluster.size() < t.freetarg()) {
            int next = s.inactive.next(f);
            looked++;
            if (!s.busy[f]) {
                long key = s.owner[f];
                UvmState.Anon anon = s.anons.get(key);
                boolean clean = key < 0 || anon == null || (anon.slot >= 0 && !s.dirty[f]);
                if (clean) {
                    unmapAll(f);
                    freeFrame(f, Pool.INACTIVE, "pagedaemon");
                    freed++;
                } else if (anon.slot >= 0 || s.freeSlots() > 0) {
                    if (anon.slot < 0) {
                        emit(new SlotAssigned(key));
                    }
                    unmapAll(f);
                    cluster.add(f);
                    if (cluster.size() == clusterSize) {
                        clusters.add(startPageout(cluster));
                        cluster.clear();
                    }
                }
            }
            f = next;
        }
        if (!cluster.isEmpty()) {
            clusters.add(startPageout(cluster));
        }
        int deactivated = deactivate(batch);
        emit(new Scanned(looked, freed, clusters.size(), deactivated, s.free()));
        req.replyTo().tell(new PageDaemon.ScanResult(meta(), clusters, freed, deactivated));
        wakeWaiters();
    }

    private int[] startPageout(List<Integer> cluster) {
        int[] frames = cluster.stream().mapToInt(Integer::intValue).toArray();
        emit(new PageoutStarted(frames));
        return frames;
    }

    /** Moves the oldest active pages to the inactive queue, removing their mappings, until inactarg is met. */
    private int deactivate(int max) {
        long want = t.inactarg(s.in(Pool.ACTIVE), s.in(Pool.INACTIVE)) - s.in(Pool.INACTIVE);
        int done = 0;
        int f = s.active.head();
        while (f >= 0 && done < want && done < max) {
            int next = s.active.next(f);
            if (!s.busy[f]) {
                unmapAll(f);
                emit(new PageMoved(f, Pool.ACTIVE, Pool.INACTIVE, false));
                done++;
            }
            f = next;
        }
        return done;
    }

    /** pmap_page_protect(VM_PROT_NONE): every mapping of the frame goes, and with it its pv entry. */
    private void unmapAll(int frame) {
        java.util.Collection<UvmState.PvEntry> entries = s.pvOf(frame);
        if (entries == null) {
            return;
        }
        for (UvmState.PvEntry e : List.copyOf(entries)) {
            Pmap.Handle h = s.pmap(e.pmap());
            removePv(frame, e.pmap(), e.va());
            if (h != null) {
                run.peers().pmap(h.name()).tell(new Pmap.Unmap(meta(), e.va(), frame));
            }
        }
    }

    private void onPageoutDone(PageoutDone d) {
        for (int f : d.frames()) { // the pager's own mappings (pager_map) go with the I/O
            unmapAll(f);
        }
        boolean[] wanted = new boolean[d.frames().length];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = s.wanted[d.frames()[i]];
        }
        emit(new PageoutFinished(d.frames()));
        for (int i = 0; i < wanted.length; i++) {
            int f = d.frames()[i];
            if (s.pool[f] != Pool.INACTIVE) {
                continue;
            }
            if (wanted[i]) { // someone faulted on it during the I/O: keep it, and wake them
                emit(new PageMoved(f, Pool.INACTIVE, Pool.ACTIVE, false));
                wakeChannel(s.owner[f]);
            } else { // aio_done: the clean page is freed
                freeFrame(f, Pool.INACTIVE, "pageout done");
            }
        }
        wakeWaiters();
        maybeWakeDaemon();
    }
}
