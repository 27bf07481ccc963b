package pmapsim.actors.pmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pmapsim.actors.cpu.Cpu;
import pmapsim.actors.pager.SwapPager;
import pmapsim.actors.run.Meta;
import pmapsim.actors.run.ModelActor;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Msg;
import pmapsim.actors.run.RunContext;
import pmapsim.actors.run.RunEnd;
import pmapsim.actors.uvm.PhysicalMemory;
import pmapsim.model.Usage;
import pmapsim.model.policy.Canfail;
import pmapsim.model.policy.Policy;
import pmapsim.model.workload.Region;

/**
 * One pmap (pmap.c 1.33): a process's page tables (private L1, L2 and L3 pages) and mappings, plus the vmspace's
 * anon map that the tables are filled from. The kernel pmap uses the boot-time tables ({@code Lev1map}) and only
 * needs pv entries, for the pager's mappings.
 *
 * <p>{@code pmap_enter} asks PhysicalMemory for each missing table page and pv entry. A refusal starts
 * {@code pmap_alloc_physpage}'s emergency: walk {@code pmap_all_pmaps} newest first, asking each pmap whether it owns a
 * private L1 and is active on no CPU, and send the first such pmap a {@link Collect}. The question and the collect
 * are separate messages, so another CPU's {@link Activate} can fall between them: that window is pmap.c 1.33's
 * check-then-act, kept on purpose. After the last attempt the policy's panic ends the run.
 *
 * <p>Under pmap.c 1.124's rules ({@link Policy.Shortage#STEAL}) a refusal starts a steal instead: an L3 page from the
 * first other pmap on the LRU list ({@link StealPtpage}, which takes the victim's {@code pm_slock} with a plain lock:
 * a victim whose own {@code pmap_enter} holds it makes the thief spin, and two thieves spinning on each other's locks
 * are the {@code steal-deadlock}, found by probes that follow the spins and named by {@link StealDeadlocked}), or a
 * mapping, whose pv entry the thief reuses ({@link StealPv}, a try-lock). Under PMAP_CANFAIL
 * ({@link Policy.Shortage#FAIL}) {@code pmap_enter} fails and the fault sleeps in {@code uvm_wait}.
 */
public final class Pmap extends ModelActor<Pmap.Command> {

    /** A pmap as others see it: on {@code pmap_all_pmaps}, and in reports. Its actor: {@code Peers.pmap(name)}. */
    public record Handle(String name, int id, int pid, String command) {
        public String label() {
            return pid == 0 ? "kernel pmap" : "pmap " + id + " (pid " + pid + " " + command + ")";
        }
    }

    /** Why a pmap is asked to collect itself. */
    public enum CollectReason { EMERGENCY, SWAPOUT }

    public sealed interface Command extends Msg {
    }

    // --- from a CPU (cpu_switch, the fault handler, exec/fork/exit)
    public record Activate(Meta meta, int cpu, ActorRef<Cpu.Command> replyTo) implements Command {
    }

    public record Deactivate(Meta meta, int cpu, ActorRef<Cpu.Command> replyTo) implements Command {
    }

    /** The running process touches {@code vas}; misses fault and are entered. */
    public record Access(Meta meta, int cpu, long[] vas, boolean write, ActorRef<Cpu.Command> replyTo)
            implements Command {
    }

    public record Exec(Meta meta, String image, ActorRef<Cpu.Command> replyTo) implements Command {
    }

    public record Fork(Meta meta, Handle child, ActorRef<Cpu.Command> replyTo) implements Command {
    }

    public record Exit(Meta meta, ActorRef<Cpu.Command> replyTo) implements Command {
    }

    /** From the parent at fork: the anon map to share copy-on-write. */
    public record Inherit(Meta meta, String image, long[] vpns, long[] keys) implements Command {
    }

    // --- from the swap pager (kernel pmap only): uvm_pagermapin
    public record PagerMap(Meta meta, long tag, int[] frames, ActorRef<SwapPager.Command> replyTo)
            implements Command {
    }

    // --- replies from PhysicalMemory
    public record PageReady(Meta meta, long va, int frame, long key) implements Command {
    }

    /** The page is not to be had now: sleep on {@code channel}; {@code wakeSeq} orders the sleep against wakeups. */
    public record PageWait(Meta meta, long va, long channel, String reason, long wakeSeq) implements Command {
    }

    public record PtGranted(Meta meta, Usage usage, int frame) implements Command {
    }

    /**
     * {@code uvm_pagealloc} said no to a table or pv page: {@code pmaps} is pmap_all_pmaps (newest first, or in LRU
     * order when the policy keeps it so).
     */
    public record AllocRefused(Meta meta, Usage usage, String reason, long free, List<Handle> pmaps)
            implements Command {
    }

    /** A mapping as the pv table holds it. */
    public record PvMapping(String pmap, long va, int frame) {
    }

    /**
     * The pv pool is empty and no page can be had for it ({@code pmap_pv_alloc}): {@code candidates} is the first
     * mapping of each user pmap, in pv-table order, to steal one from.
     */
    public record PvPoolEmpty(Meta meta, String reason, long free, List<PvMapping> candidates) implements Command {
    }

    /**
     * PMAP_CANFAIL: no page for the {@code usage}; {@code pmap_enter} returns ENOMEM. PhysicalMemory has counted the
     * fault among the waiters for memory; {@code wakeSeq} orders its sleep against wakeups.
     */
    public record AllocShortage(Meta meta, Usage usage, String reason, long free, boolean swapFull, long wakeSeq)
            implements Command {
    }

    public record PvDone(Meta meta, int frame, boolean stale) implements Command {
    }

    public record PagesFreed(Meta meta, long tag, long freed, long doubleFreed) implements Command {
    }

    /** pmap_page_protect(NONE) from the page daemon: the mapping of {@code va} to {@code frame} goes. */
    public record Unmap(Meta meta, long va, int frame) implements Command {
    }

    // --- the emergency, between pmaps
    public record Query(Meta meta, String requester, ActorRef<Command> replyTo) implements Command {
    }

    public record QueryReply(Meta meta, Handle victim, long cpus, boolean privateL1) implements Command {
    }

    public record Collect(Meta meta, CollectReason reason, int byCpu, String requester, ActorRef<Command> replyTo)
            implements Command {
    }

    public record CollectDone(Meta meta, Handle victim, long freed, boolean refused) implements Command {
    }

    // --- stealing, between pmaps (pmap.c 1.124)

    /**
     * pmap_ptpage_steal: {@code simple_lock(&victim->pm_slock)}, then take the victim's first L3 page. The thief's
     * own lock is held ({@code epoch} numbers this wait of the thief's). Answered by PhysicalMemory with
     * {@link PtGranted} (the page is the thief's), or by the victim with {@link StealDeclined}.
     */
    public record StealPtpage(Meta meta, String thief, int thiefId, int cpu, Usage usage, long epoch,
                              ActorRef<Command> replyTo) implements Command {
    }

    /**
     * pmap_pv_alloc: {@code simple_lock_try(&victim->pm_slock)}, then remove the victim's mapping of {@code va} to
     * {@code frame} and give its pv entry to the thief's mapping of {@code thiefVa} to {@code thiefFrame}. Answered
     * by PhysicalMemory with {@link PvDone}, or by the victim with {@link StealDeclined}.
     */
    public record StealPv(Meta meta, String thief, int thiefId, int cpu, long va, int frame, int thiefFrame,
                          long thiefKey, long thiefVa, int attempt, ActorRef<Command> replyTo) implements Command {
    }

    public record StealDeclined(Meta meta, Handle victim, long cpus, boolean privateL1, String reason)
            implements Command {
    }

    /**
     * Deadlock detection by edge chasing (Chandy, Misra and Haas): {@code from} spins on the receiver's lock in its
     * wait {@code fromEpoch}, and, through a chain of such spins ({@code path}, one thread per hop), so does
     * {@code initiator} in its wait {@code initiatorEpoch}. A probe that comes back to its initiator closes a cycle.
     */
    public record LockProbe(Meta meta, String initiator, long initiatorEpoch, String from, long fromEpoch,
                            List<String> path) implements Command {
    }

    // --- events
    public sealed interface Event extends ModelEvent {
    }

    public record Activated(int pid, String command, int cpu) implements Event {
    }

    public record Deactivated(int pid, String command, int cpu) implements Event {
    }

    public record Execed(String image) implements Event {
    }

    public record Forked(String child) implements Event {
    }

    public record Inherited(String image, long[] vpns, long[] keys) implements Event {
    }

    public record Exited(int pid, String command) implements Event {
    }

    public record WorkBegan(boolean pager, int cpu, long[] vas, int[] frames, boolean write, long tag)
            implements Event {
    }

    public record Hits(int count) implements Event {
    }

    /** uvm_fault: {@code va} missed; the page is {@code key} ({@code copyOf} != 0: a copy-on-write copy). */
    public record FaultTaken(int pid, String command, int cpu, long va, boolean write, long key, long copyOf)
            implements Event {
    }

    public record PageResolved(long va, int frame, long key) implements Event {
    }

    public record Blocked(long va, long channel, String reason) implements Event {
    }

    public record WorkDone(int entered) implements Event {
    }

    public record PtPageAsked(Usage usage, int attempt) implements Event {
    }

    public record PtPageInstalled(int pid, Usage usage, int frame, long index) implements Event {
    }

    public record PtPageUnneeded(Usage usage, int frame) implements Event {
    }

    public record MappingEntered(int pid, long va, int frame, long key, boolean writable) implements Event {
    }

    public record MappingRemoved(int pid, long va, int frame) implements Event {
    }

    public record PvStale(long va, int frame) implements Event {
    }

    /** pmap_alloc_physpage failed: the emergency walk starts. */
    public record EmergencyBegan(int pid, String command, int cpu, Usage usage, int attempt, String reason, long free,
                                 List<String> walk) implements Event {
    }

    public record VictimChecked(String victim, long cpus, boolean privateL1, boolean eligible) implements Event {
    }

    public record CollectAsked(String victim, int byCpu) implements Event {
    }

    public record WalkEnded(int attempt, boolean collected) implements Event {
    }

    /**
     * The victim starts pmap_collect on {@code onCpu}: it has read its tables ({@code frames}, the pv entries), not yet
     * cleared them. {@code cpusAtCollect}: the other CPUs it is active on (not 0 is the collect-active race).
     */
    public record CollectStarted(long tag, int pid, String command, CollectReason reason, int byCpu, int onCpu,
                                 String requester, long cpusAtCollect, int[] frames, long[] pvVas, int[] pvFrames)
            implements Event {
    }

    public record Collected(long tag, int pid, String command, CollectReason reason, int byCpu, String requester,
                            long freed, long[] orphanVas) implements Event {
    }

    public record CollectRefused(String requester, long cpus) implements Event {
    }

    public record TablesTrimmed(long va, int[] frames) implements Event {
    }

    public record Panicked(String message, Usage usage, int cpu, int attempts) implements Event {
    }

    /** pmap_activate waits: a collection holds this pmap's lock (checked-collect). */
    public record ActivationWaits(int cpu) implements Event {
    }

    /** pmap_physpage_alloc failed under pmap.c 1.124: a steal starts, walking {@code walk} in order. */
    public record StealBegan(int pid, String command, int cpu, Usage usage, int attempt, String reason, long free,
                             List<String> walk) implements Event {
    }

    /** The thief asks {@code victim} for a page (or a mapping); {@code epoch} numbers this wait. */
    public record StealAsked(String victim, Usage usage, long epoch) implements Event {
    }

    /** A thief spins on this pmap's {@code pm_slock}, which this pmap's own pmap_enter holds. */
    public record LockContended(String thief, int thiefCpu, long epoch) implements Event {
    }

    /** The victim has nothing to give the thief, or (a try-lock) its lock is held. */
    public record StealRefused(String thief, String reason) implements Event {
    }

    /**
     * The L3 page {@code frame} (of {@code l2Index}) goes to the thief as its {@code usage} page: the mappings under
     * it ({@code vas}, on {@code pvFrames}) are removed, and {@code freed} (its L2 page, when it was the last L3 page
     * under it) go back. {@code cpus}: this pmap's pm_cpus, which pmap_ptpage_steal does not look at.
     */
    public record PtpageStolen(int pid, String command, String thief, int thiefCpu, Usage usage, int frame,
                               long l2Index, long[] vas, int[] pvFrames, int[] freed, long cpus) implements Event {
    }

    /** pmap_pv_alloc took this pmap's mapping of {@code va} for the thief's pv entry. */
    public record MappingStolen(int pid, String command, String thief, int thiefCpu, long va, int frame)
            implements Event {
    }

    /** The steal-deadlock: each thread of {@code cycle} spins on the lock held by the next (the last on the first's). */
    public record StealDeadlocked(List<String> cycle) implements Event {
    }

    /** PMAP_CANFAIL: pmap_enter returned ENOMEM for the {@code usage}; the fault sleeps, or the process dies. */
    public record EnterFailed(int pid, String command, int cpu, Usage usage, String reason, boolean swapFull)
            implements Event {
    }

    // --- behaviour

    public static Behavior<Command> create(RunContext run, Handle self, boolean kernel) {
        return behavior(run, self.name(), ctx -> new Pmap(ctx, run, self, kernel));
    }

    private final PmapState s;
    private final boolean kernel;
    private final Policy policy;
    private final Map<String, Integer> imageIds;
    private final Handle self;
    /** Who asked for the current work (see {@link #cpuReply}). */
    private ActorRef<Cpu.Command> cpuReply;
    private ActorRef<SwapPager.Command> pagerReply;

    private Pmap(org.apache.pekko.actor.typed.javadsl.ActorContext<Command> ctx, RunContext run, Handle self,
                 boolean kernel) {
        super(ctx, run, self.name());
        this.self = self;
        this.kernel = kernel;
        this.policy = run.policy();
        this.s = new PmapState(run.geometry(), self.id());
        this.imageIds = imageIds(run);
    }

    private static Map<String, Integer> imageIds(RunContext run) {
        Map<String, Integer> ids = new java.util.HashMap<>();
        int i = 1;
        for (String name : run.scenario().workload().images().keySet()) {
            ids.put(name, i++);
        }
        return ids;
    }

    @Override
    protected void handle(Command m) {
        if (m instanceof Access a) {
            cpuReply = a.replyTo();
            begin(new WorkBegan(false, a.cpu(), a.vas(), null, a.write(), 0));
        } else if (m instanceof PagerMap p) {
            pagerReply = p.replyTo();
            begin(new WorkBegan(true, -1, null, p.frames(), true, p.tag()));
        } else if (m instanceof PageReady r) {
            onPageReady(r);
        } else if (m instanceof PageWait w) {
            PmapState.Work w0 = s.work;
            emit(new Blocked(w.va(), w.channel(), w.reason())); // the process sleeps; its CPU retries the rest
            cpuReply(w0).tell(new Cpu.AccessDone(meta(), w0.index, w.channel(), w.reason(), w.wakeSeq()));
        } else if (m instanceof PtGranted g) {
            onPtGranted(g);
        } else if (m instanceof AllocRefused r) {
            onRefused(r);
        } else if (m instanceof PvPoolEmpty e) {
            onPvPoolEmpty(e);
        } else if (m instanceof AllocShortage a) {
            onShortage(a);
        } else if (m instanceof StealPtpage sp) {
            onStealPtpage(sp);
        } else if (m instanceof StealPv sv) {
            onStealPv(sv);
        } else if (m instanceof StealDeclined d) {
            onStealDeclined(d);
        } else if (m instanceof LockProbe p) {
            onLockProbe(p);
        } else if (m instanceof PvDone d) {
            onPvDone(d);
        } else if (m instanceof QueryReply q) {
            onQueryReply(q);
        } else if (m instanceof CollectDone d) {
            onCollectDone(d);
        } else if (m instanceof Query q) {
            q.replyTo().tell(new QueryReply(meta(), self(), s.cpus, s.l1 >= 0));
        } else if (m instanceof Collect c) {
            onCollect(c);
        } else if (m instanceof PagesFreed f) {
            onPagesFreed(f);
        } else if (m instanceof Unmap u) {
            onUnmap(u);
        } else if (m instanceof Activate a) {
            if (policy.collectHoldsPmapLock() && !s.collecting.isEmpty()) {
                emit(new ActivationWaits(a.cpu())); // pmap_activate takes pm_slock, which the collection holds
                s.waitingActivations.add(a);
            } else {
                activate(a);
            }
        } else if (m instanceof Deactivate d) {
            emit(new Deactivated(self.pid(), self().command(), d.cpu()));
            d.replyTo().tell(new Cpu.Deactivated(meta(), self.name()));
        } else if (m instanceof Exec e) {
            dropAddressSpace();
            emit(new Execed(e.image()));
            e.replyTo().tell(new Cpu.OpDone(meta()));
        } else if (m instanceof Fork f) {
            long[][] amap = s.amapArrays();
            run.peers().physmem().tell(new PhysicalMemory.AnonShare(meta(), amap[1]));
            run.peers().pmap(f.child().name()).tell(new Inherit(meta(), s.image, amap[0], amap[1]));
            emit(new Forked(f.child().name()));
            f.replyTo().tell(new Cpu.OpDone(meta()));
        } else if (m instanceof Inherit i) {
            emit(new Inherited(i.image(), i.vpns(), i.keys()));
        } else if (m instanceof Exit x) {
            dropAddressSpace();
            run.peers().physmem().tell(new PhysicalMemory.UnregisterPmap(meta(), self.name()));
            emit(new Exited(self.pid(), self().command()));
            x.replyTo().tell(new Cpu.OpDone(meta()));
        }
    }

    @Override
    protected void apply(ModelEvent e) {
        s.apply(e);
    }

    /** pmap_activate: this CPU's bit in pm_cpus; in LRU order, the pmap goes to the tail of pmap_all_pmaps. */
    private void activate(Activate a) {
        emit(new Activated(self.pid(), self().command(), a.cpu()));
        a.replyTo().tell(new Cpu.Activated(meta(), self.name()));
        if (policy.pmapListLru()) {
            run.peers().physmem().tell(new PhysicalMemory.PmapActivated(meta(), self.name()));
        }
    }

    /** This pmap as others see it: its process's command is the image it runs (until the first exec, its name). */
    private Handle self() {
        return s.image.isEmpty() ? self : new Handle(self.name(), self.id(), self.pid(), s.image);
    }

    // --- pmap_enter and uvm_fault

    private void begin(WorkBegan w) {
        if (s.work != null) {
            throw new IllegalStateException(self.label() + " got new work while busy");
        }
        emit(w);
        advance();
    }

    /**
     * Where the current work's answer goes. Reply-to references are conversation, not state, so they are not
     * events: a pmap recovered from its journal in the middle of a work answers its CPU, or the swap pager, by name.
     */
    private ActorRef<Cpu.Command> cpuReply(PmapState.Work w) {
        return cpuReply != null ? cpuReply : run.peers().cpu(w.cpu);
    }

    private ActorRef<SwapPager.Command> pagerReply() {
        return pagerReply != null ? pagerReply : run.peers().pager();
    }

    /** Enters the next pages of the current work until one needs a message answered. */
    private void advance() {
        PmapState.Work w = s.work;
        if (w.pager) {
            if (w.index == w.frames.length) {
                finishWork();
            } else {
                w.frame = w.frames[w.index];
                w.key = -1;
                ensurePv();
            }
            return;
        }
        int hits = 0;
        while (w.index + hits < w.vas.length && s.hit(w.vas[w.index + hits], w.write)) {
            hits++;
        }
        if (hits > 0) {
            emit(new Hits(hits));
            spend(hits / 4 + 1);
        }
        if (w.index == w.vas.length) {
            finishWork();
            return;
        }
        long va = w.vas[w.index];
        Region region = regionOf(va);
        long vpn = run.geometry().vpn(va);
        long key;
        long copyOf = 0;
        if (region == Region.TEXT) {
            key = textKey(va);
        } else {
            Long k = s.amap.get(vpn);
            if (k == null) {
                key = s.nextAnonKey();
            } else if (w.write && s.cow.contains(vpn)) {
                key = s.nextAnonKey();
                copyOf = k;
            } else {
                key = k;
            }
        }
        emit(new FaultTaken(self.pid(), self().command(), w.cpu, va, w.write, key, copyOf));
        spend(20);
        run.peers().physmem().tell(new PhysicalMemory.Fault(meta(), self.name(), getContext().getSelf(), va, key,
                copyOf, w.write && region != Region.TEXT));
    }

    private void onPageReady(PageReady r) {
        long copied = s.work.copyOf != 0 && r.key() != s.work.copyOf ? s.work.copyOf : 0;
        emit(new PageResolved(r.va(), r.frame(), r.key()));
        PmapState.Pte old = s.ptes.get(run.geometry().vpn(r.va()));
        if (copied != 0 && (old == null || old.frame() == r.frame())) {
            run.peers().physmem().tell(new PhysicalMemory.AnonRelease(meta(), new long[]{copied}));
        }
        if (old != null) {
            if (old.frame() == r.frame()) { // a write to a page mapped read-only: upgrade in place
                emit(new MappingEntered(self.pid(), r.va(), r.frame(), r.key(), s.work.write));
                afterEnter();
                advance();
                return;
            }
            removeMapping(r.va(), old.frame(), true); // copy-on-write: the old page's mapping goes first
            if (copied != 0) {
                run.peers().physmem().tell(new PhysicalMemory.AnonRelease(meta(), new long[]{copied}));
            }
        }
        ensureTables();
    }

    /** The L1, L2 and L3 pages for the current va, in that order (the kernel pmap has them from boot). */
    private void ensureTables() {
        PmapState.Work w = s.work;
        long va = w.vas[w.index];
        if (s.l1 < 0) {
            askPt(Usage.L1);
        } else if (!s.l2.containsKey(run.geometry().l1Index(va))) {
            askPt(Usage.L2);
        } else if (!s.l3.containsKey(run.geometry().l2Index(va))) {
            askPt(Usage.L3);
        } else {
            ensurePv();
        }
    }

    private void askPt(Usage usage) {
        int attempt = s.work.need == usage ? s.work.attempt : 1;
        emit(new PtPageAsked(usage, attempt));
        run.peers().physmem().tell(new PhysicalMemory.AllocPt(meta(), self.name(), self.id(), getContext().getSelf(),
                usage, attempt));
    }

    private void ensurePv() {
        PmapState.Work w = s.work;
        int attempt = w.need == Usage.PV ? w.attempt : 1;
        emit(new PtPageAsked(Usage.PV, attempt));
        long va = w.pager ? pagerVa(w) : w.vas[w.index];
        run.peers().physmem().tell(new PhysicalMemory.EnterPv(meta(), self.name(), self.id(), getContext().getSelf(),
                w.frame, w.key, va, attempt));
    }

    private long pagerVa(PmapState.Work w) {
        return pagerVa(w.tag, w.index);
    }

    private long pagerVa(long tag, int index) {
        return 0xFFFF_FE00_0000_0000L + (tag * 64 + index) * run.geometry().pageSize();
    }

    private void onPtGranted(PtGranted g) {
        PmapState.Work w = s.work;
        long va = w == null ? -1 : w.vas[w.index];
        boolean needed = w != null && switch (g.usage()) {
            case L1 -> s.l1 < 0;
            case L2 -> !s.l2.containsKey(run.geometry().l1Index(va));
            case L3 -> !s.l3.containsKey(run.geometry().l2Index(va));
            case PV -> false;
        };
        if (!needed) { // a collection raced with the allocation: give the page back
            emit(new PtPageUnneeded(g.usage(), g.frame()));
            run.peers().physmem().tell(new PhysicalMemory.FreePmapPages(meta(), self.name(), self.id(), null, -1,
                    new int[]{g.frame()}, new long[0], new int[0]));
        } else {
            long index = switch (g.usage()) {
                case L1 -> 0;
                case L2 -> run.geometry().l1Index(va);
                default -> run.geometry().l2Index(va);
            };
            emit(new PtPageInstalled(self.pid(), g.usage(), g.frame(), index));
        }
        if (w != null) {
            ensureTables();
        }
    }

    private void onPvDone(PvDone d) {
        PmapState.Work w = s.work;
        if (d.stale()) { // the page went away between the fault and the pv entry: fault again
            emit(new PvStale(w.pager ? 0 : w.vas[w.index], d.frame()));
            afterEnter();
            advance();
            return;
        }
        long va = w.pager ? pagerVa(w) : w.vas[w.index];
        if (!w.pager && !s.l3.containsKey(run.geometry().l2Index(va))) {
            // collected while the pv entry was made: the table must come back before the PTE is written
            emit(new PvStale(va, d.frame()));
            run.peers().physmem().tell(new PhysicalMemory.FreePmapPages(meta(), self.name(), self.id(), null, -1,
                    new int[0], new long[]{va}, new int[]{d.frame()}));
            afterEnter();
            advance();
            return;
        }
        emit(new MappingEntered(self.pid(), va, d.frame(), w.key, w.write || w.pager));
        afterEnter();
        spend(2);
        advance();
    }

    private void finishWork() {
        PmapState.Work w = s.work;
        emit(new WorkDone(w.index));
        if (w.pager) {
            pagerReply().tell(new SwapPager.PagerMapped(meta(), w.tag));
        } else {
            cpuReply(w).tell(new Cpu.AccessDone(meta(), w.index, -1, null, 0));
        }
    }

    // --- pmap_alloc_physpage's emergency

    private void onRefused(AllocRefused r) {
        switch (policy.onShortage()) {
            case COLLECT_INACTIVE -> beginCollectWalk(r);
            case STEAL -> beginPtpageSteal(r);
            case FAIL -> throw new IllegalStateException("PMAP_CANFAIL answers a shortage with AllocShortage");
        }
    }

    private void beginCollectWalk(AllocRefused r) {
        PmapState.Work w = s.work;
        List<String> walk = new ArrayList<>(r.pmaps().size());
        for (Handle h : r.pmaps()) {
            walk.add(h.name());
        }
        emit(new EmergencyBegan(self.pid(), self().command(), w.cpu, r.usage(), w.attempt, r.reason(), r.free(), walk));
        w.walk = r.pmaps();
        walkNext();
    }

    private void walkNext() {
        PmapState.Work w = s.work;
        if (w.walkIndex >= w.walk.size()) {
            walkEnded(false);
            return;
        }
        Handle next = w.walk.get(w.walkIndex);
        spend(1);
        run.peers().pmap(next.name()).tell(new Query(meta(), self.name(), getContext().getSelf()));
    }

    private void onQueryReply(QueryReply q) {
        PmapState.Work w = s.work;
        boolean eligible = q.privateL1() && q.cpus() == 0;
        emit(new VictimChecked(q.victim().name(), q.cpus(), q.privateL1(), eligible));
        if (eligible) {
            emit(new CollectAsked(q.victim().name(), w.cpu));
            run.peers().pmap(q.victim().name()).tell(new Collect(meta(), CollectReason.EMERGENCY, w.cpu, self.name(),
                    getContext().getSelf()));
        } else {
            walkNext();
        }
    }

    private void onCollectDone(CollectDone d) {
        if (d.refused()) {
            walkNext();
        } else {
            walkEnded(true);
        }
    }

    // --- pmap.c 1.124: pmap_ptpage_steal and pmap_pv_alloc, as the thief

    /** The walk of pmap_all_pmaps (LRU order) for an L3 page: the kernel pmap and this one are skipped. */
    private void beginPtpageSteal(AllocRefused r) {
        PmapState.Work w = s.work;
        List<Handle> candidates = new ArrayList<>();
        List<String> walk = new ArrayList<>();
        for (Handle h : r.pmaps()) {
            if (h.pid() != 0 && !h.name().equals(self.name())) {
                candidates.add(h);
                walk.add(h.name());
            }
        }
        emit(new StealBegan(self.pid(), self().command(), w.cpu, r.usage(), w.attempt, r.reason(), r.free(), walk));
        w.walk = candidates;
        stealNext();
    }

    private void onPvPoolEmpty(PvPoolEmpty e) {
        PmapState.Work w = s.work;
        List<PvMapping> candidates = new ArrayList<>();
        List<String> walk = new ArrayList<>();
        for (PvMapping c : e.candidates()) {
            if (!c.pmap().equals(self.name())) { // simple_lock_try of our own, held, lock fails
                candidates.add(c);
                walk.add(c.pmap());
            }
        }
        emit(new StealBegan(self.pid(), self().command(), w.cpu, Usage.PV, w.attempt, e.reason(), e.free(), walk));
        w.pvWalk = candidates;
        stealNext();
    }

    /** Asks the next victim of the walk, or ends the attempt. */
    private void stealNext() {
        PmapState.Work w = s.work;
        boolean pv = w.need == Usage.PV;
        if (w.walkIndex >= (pv ? w.pvWalk.size() : w.walk.size())) {
            walkEnded(false);
            return;
        }
        spend(1);
        if (pv) {
            PvMapping c = w.pvWalk.get(w.walkIndex);
            emit(new StealAsked(c.pmap(), Usage.PV, s.stealSeq + 1));
            run.peers().pmap(c.pmap()).tell(new StealPv(meta(), self.name(), self.id(), w.cpu, c.va(), c.frame(),
                    w.frame, w.key, w.pager ? pagerVa(w) : w.vas[w.index], w.attempt, getContext().getSelf()));
        } else {
            Handle v = w.walk.get(w.walkIndex);
            emit(new StealAsked(v.name(), w.need, s.stealSeq + 1));
            run.peers().pmap(v.name()).tell(new StealPtpage(meta(), self.name(), self.id(), w.cpu, w.need,
                    s.stealSeq, getContext().getSelf()));
        }
    }

    private void onStealDeclined(StealDeclined d) {
        PmapState.Work w = s.work;
        if (w == null || !d.victim().name().equals(w.stealingFrom)) {
            return; // not the answer this pmap waits for
        }
        emit(new VictimChecked(d.victim().name(), d.cpus(), d.privateL1(), false));
        stealNext();
    }

    // --- stealing, as the victim

    /**
     * simple_lock(&pm_slock) by a thief: granted at once unless this pmap's own pmap_enter holds the lock; then the
     * thief spins until it is released ({@link #afterEnter}). If this pmap's enter is itself spinning on another
     * pmap's lock, the thief now waits on that one too: a probe follows the chain.
     */
    private void onStealPtpage(StealPtpage sp) {
        if (!s.locked()) {
            stealPtpage(sp);
            return;
        }
        emit(new LockContended(sp.thief(), sp.cpu(), sp.epoch()));
        s.spinning.add(sp);
        PmapState.Work w = s.work;
        if (w.stealingFrom != null) {
            run.peers().pmap(w.stealingFrom).tell(new LockProbe(meta(), sp.thief(), sp.epoch(), self.name(),
                    w.stealEpoch, List.of(thread(sp.thief(), sp.cpu()), thread(self.name(), w.cpu))));
        }
    }

    /** The lock is ours to give: the first L3 page (lowest address) goes to the thief, with its mappings removed. */
    private void stealPtpage(StealPtpage sp) {
        String why = kernel ? "the kernel pmap" : s.l1 < 0 ? "no private L1 (Lev1map)"
                : !s.collecting.isEmpty() ? "being collected" : s.l3.isEmpty() ? "no L3 page" : null;
        if (why != null) {
            emit(new StealRefused(sp.thief(), why));
            sp.replyTo().tell(new StealDeclined(meta(), self(), s.cpus, s.l1 >= 0, why));
            return;
        }
        long l2Index = s.l3.firstKey();
        int frame = s.l3.get(l2Index)[0];
        java.util.SortedMap<Long, PmapState.Pte> under = s.ptesUnder(l2Index);
        long[] vas = new long[under.size()];
        int[] pvFrames = new int[under.size()];
        int i = 0;
        for (Map.Entry<Long, PmapState.Pte> e : under.entrySet()) {
            vas[i] = e.getKey() * run.geometry().pageSize();
            pvFrames[i++] = e.getValue().frame();
        }
        int l2 = s.l2FreedWith(l2Index);
        int[] freed = l2 >= 0 ? new int[]{l2} : new int[0];
        emit(new PtpageStolen(self.pid(), self().command(), sp.thief(), sp.cpu(), sp.usage(), frame, l2Index, vas,
                pvFrames, freed, s.cpus));
        spend(5 + vas.length / 8);
        run.peers().physmem().tell(new PhysicalMemory.PtpageSteal(meta(), self.name(), self.id(), sp.thief(),
                sp.thiefId(), sp.usage(), frame, vas, pvFrames, freed, sp.replyTo()));
    }

    /** simple_lock_try(&pm_slock) by pmap_pv_alloc: fails while this pmap's own pmap_enter holds the lock. */
    private void onStealPv(StealPv sv) {
        PmapState.Pte pte = s.ptes.get(run.geometry().vpn(sv.va()));
        String why = kernel ? "the kernel pmap" : s.locked() ? "simple_lock_try failed: pm_slock held"
                : !s.collecting.isEmpty() ? "being collected"
                : pte == null || pte.frame() != sv.frame() ? "the mapping is gone" : null;
        if (why != null) {
            emit(new StealRefused(sv.thief(), why));
            sv.replyTo().tell(new StealDeclined(meta(), self(), s.cpus, s.l1 >= 0, why));
            return;
        }
        emit(new MappingStolen(self.pid(), self().command(), sv.thief(), sv.cpu(), sv.va(), sv.frame()));
        removeMapping(sv.va(), sv.frame(), false); // its pv entry goes to the thief, not back to the pool
        run.peers().physmem().tell(new PhysicalMemory.PvSteal(meta(), self.name(), sv.va(), sv.frame(), sv.thief(),
                sv.thiefId(), sv.thiefFrame(), sv.thiefKey(), sv.thiefVa(), sv.attempt(), sv.replyTo()));
    }

    /** pmap_enter is done with the page: PMAP_UNLOCK, and the thieves that spun on the lock take it in turn. */
    private void afterEnter() {
        if (s.spinning.isEmpty() || s.locked()) {
            return;
        }
        List<StealPtpage> queued = List.copyOf(s.spinning);
        s.spinning.clear();
        for (StealPtpage sp : queued) {
            stealPtpage(sp);
        }
    }

    private void onLockProbe(LockProbe p) {
        Long epoch = s.spinners.get(p.from());
        if (epoch == null || epoch != p.fromEpoch() || !s.locked()) {
            return; // that spin is over: no cycle through it
        }
        PmapState.Work w = s.work;
        if (self.name().equals(p.initiator())) {
            if (w.stealingFrom != null && w.stealEpoch == p.initiatorEpoch()) {
                stealDeadlock(p.path());
            }
            return;
        }
        if (w.stealingFrom != null) {
            List<String> path = new ArrayList<>(p.path());
            path.add(thread(self.name(), w.cpu));
            run.peers().pmap(w.stealingFrom).tell(new LockProbe(meta(), p.initiator(), p.initiatorEpoch(),
                    self.name(), w.stealEpoch, path));
        }
    }

    /** Every thread of the cycle spins, with its own pmap locked, on the next one's lock: nothing can move again. */
    private void stealDeadlock(List<String> cycle) {
        long seq = emit(new StealDeadlocked(cycle));
        run.log().finish(new RunEnd(RunEnd.Kind.STALLED, "deadlock: steal-deadlock: " + String.join(" -> ", cycle)
                + " -> " + cycle.get(0) + ", each spinning in pmap_ptpage_steal on a pm_slock the next holds", seq,
                now()));
    }

    private static String thread(String pmap, int cpu) {
        return pmap + (cpu < 0 ? " (pager)" : " on cpu" + cpu);
    }

    // --- PMAP_CANFAIL

    /** pmap_enter returned ENOMEM: uvm_fault sleeps in uvm_wait("flt_pmfail1") and faults again, or gives up. */
    private void onShortage(AllocShortage a) {
        PmapState.Work w = s.work;
        emit(new EnterFailed(self.pid(), self().command(), w.cpu, a.usage(), a.reason(), a.swapFull()));
        afterEnter();
        if (w.pager) { // uvm_pagermapin: what it mapped goes; the pager sleeps for memory and maps the I/O again
            if (w.index > 0) {
                long[] vas = new long[w.index];
                for (int i = 0; i < vas.length; i++) {
                    vas[i] = pagerVa(w.tag, i);
                }
                run.peers().physmem().tell(new PhysicalMemory.FreePmapPages(meta(), self.name(), self.id(), null, -1,
                        new int[0], vas, java.util.Arrays.copyOf(w.frames, w.index)));
            }
            pagerReply().tell(new SwapPager.PagerMapFailed(meta(), w.tag, a.reason()));
        } else if (a.swapFull()) { // swpgonly == swpages: ENOMEM to the process
            cpuReply(w).tell(new Cpu.AccessFailed(meta(), w.index, "out of swap"));
        } else {
            cpuReply(w).tell(new Cpu.AccessDone(meta(), w.index, PhysicalMemory.MEMORY_CHANNEL,
                    "uvm_wait(\"" + Canfail.WMESG + "\"): " + a.reason(), a.wakeSeq()));
        }
    }

    /** One attempt is over: retry the allocation, or panic when it was the last. */
    private void walkEnded(boolean collected) {
        PmapState.Work w = s.work;
        emit(new WalkEnded(w.attempt, collected));
        if (w.attempt > policy.allocAttempts()) {
            String message = policy.panicMessage(w.need);
            long seq = emit(new Panicked(message, w.need, w.cpu, policy.allocAttempts()));
            run.log().finish(new RunEnd(RunEnd.Kind.PANIC, message, seq, now()));
        } else if (w.need == Usage.PV) {
            ensurePv();
        } else {
            askPt(w.need);
        }
    }

    // --- pmap_collect, as the victim

    /**
     * The CPU a collection runs on. The page daemon runs on the last CPU: on a uniprocessor it shares cpu0 with the
     * processes, so nothing it does can overlap with what cpu0 does.
     */
    private int collectorCpu(Collect c) {
        return c.byCpu() >= 0 ? c.byCpu() : run.scenario().machine().cpus() - 1;
    }

    private void onCollect(Collect c) {
        int cpu = collectorCpu(c);
        if (s.collectingOn(cpu)) {
            // the same CPU cannot run two collections at once: this one comes after the one under way
            s.deferred.add(Map.entry(cpu, c));
            return;
        }
        long others = s.cpus & ~(1L << cpu); // active on the collector's own CPU means not running: no race
        boolean concurrent = !s.collecting.isEmpty();
        boolean refuse = kernel
                || (c.reason() == CollectReason.SWAPOUT && s.cpus != 0) // uvm_swapout takes only sleeping processes
                || policy.onCollect(others, concurrent, s.l1 >= 0) == Policy.CollectDecision.REFUSE;
        if (refuse) {
            emit(new CollectRefused(c.requester(), s.cpus));
            if (c.replyTo() != null) {
                c.replyTo().tell(new CollectDone(meta(), self(), 0, true));
            }
            return;
        }
        PmapState.Snapshot snap = s.snapshot();
        long tag = s.nextCollectTag();
        emit(new CollectStarted(tag, self.pid(), self().command(), c.reason(), c.byCpu(), cpu, c.requester(), others,
                snap.frames(), snap.pvVas(), snap.pvFrames()));
        s.collectReplies.put(tag, c);
        spend(5 + snap.pvVas().length / 8);
        run.peers().physmem().tell(new PhysicalMemory.FreePmapPages(meta(), self.name(), self.id(),
                getContext().getSelf(), tag, snap.frames(), snap.pvVas(), snap.pvFrames()));
    }

    private void onPagesFreed(PagesFreed f) {
        Collect c = s.collectReplies.remove(f.tag());
        if (c == null) {
            return;
        }
        PmapState.Orphans orphans = s.orphansAfter(f.tag());
        emit(new Collected(f.tag(), self.pid(), self().command(), c.reason(), c.byCpu(), c.requester(), f.freed(),
                orphans.vas()));
        if (orphans.vas().length > 0) {
            run.peers().physmem().tell(new PhysicalMemory.FreePmapPages(meta(), self.name(), self.id(), null, -1,
                    new int[0], orphans.vas(), orphans.frames()));
        }
        if (c.replyTo() != null) {
            c.replyTo().tell(new CollectDone(meta(), self(), f.freed(), false));
        }
        for (Collect next : s.takeDeferred(collectorCpu(c))) {
            onCollect(next);
        }
        if (s.collecting.isEmpty() && !s.waitingActivations.isEmpty()) { // the lock is free: pmap_activate goes on
            List<Activate> waiting = List.copyOf(s.waitingActivations);
            s.waitingActivations.clear();
            waiting.forEach(this::activate);
        }
    }

    // --- mappings going away

    private void onUnmap(Unmap u) {
        PmapState.Pte pte = s.ptes.get(run.geometry().vpn(u.va()));
        if (pte != null && pte.frame() == u.frame()) {
            removeMapping(u.va(), u.frame(), false);
        }
    }

    /**
     * Removes one mapping; an L3 page left with no valid entry is freed, then its L2 page likewise (the private L1
     * stays until the pmap is collected, exec'd or destroyed).
     *
     * @param freePv whether the pv entry must be freed too (false when PhysicalMemory removed it already)
     */
    private void removeMapping(long va, int frame, boolean freePv) {
        emit(new MappingRemoved(self.pid(), va, frame));
        int[] trimmed = s.trimTables(va);
        if (trimmed.length > 0) {
            emit(new TablesTrimmed(va, trimmed));
        }
        if (trimmed.length > 0 || freePv) {
            run.peers().physmem().tell(new PhysicalMemory.FreePmapPages(meta(), self.name(), self.id(), null, -1,
                    trimmed, freePv ? new long[]{va} : new long[0], freePv ? new int[]{frame} : new int[0]));
        }
    }

    /** exec and exit: every table page, pv entry and anon reference goes back. */
    private void dropAddressSpace() {
        PmapState.Snapshot snap = s.snapshotOwn();
        long[] keys = s.amapArrays()[1];
        if (snap.frames().length > 0 || snap.pvVas().length > 0) {
            run.peers().physmem().tell(new PhysicalMemory.FreePmapPages(meta(), self.name(), self.id(), null, -1,
                    snap.frames(), snap.pvVas(), snap.pvFrames()));
        }
        if (keys.length > 0) {
            run.peers().physmem().tell(new PhysicalMemory.AnonRelease(meta(), keys));
        }
    }

    // --- addresses

    private static Region regionOf(long va) {
        if (va >= Region.DATA.base()) {
            return Region.HEAP;
        }
        return va >= Region.TEXT.base() ? Region.TEXT : Region.STACK;
    }

    /** Text pages belong to the executable's vnode: one key per (image, page), shared by every process. */
    private long textKey(long va) {
        long page = (va - Region.TEXT.base()) / run.geometry().pageSize();
        return -(((long) imageIds.getOrDefault(s.image, 0) << 32) | page) - 1;
    }
}
