package pmapsim.actors.pmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.model.Geometry;
import pmapsim.model.Usage;

/**
 * A pmap's state, changed only by {@link #apply}: the private L1 (or none: {@code Lev1map}), the L2 and L3 pages by
 * index, the valid PTEs, the anon map, and the work in progress. Iteration is over sorted maps only.
 */
final class PmapState {
    record Pte(int frame, long key, boolean writable) {
    }

    /** What {@code pmap_collect} read before clearing: table frames, and the pv entries (va, frame) it frees. */
    record Snapshot(int[] frames, long[] pvVas, int[] pvFrames) {
    }

    record Orphans(long[] vas, int[] frames) {
    }

    /** The operation under way: a process's accesses, or the pager's mapping of a cluster. */
    static final class Work {
        final boolean pager;
        final int cpu;
        final long[] vas;
        final int[] frames;
        final boolean write;
        final long tag;
        int index;
        int frame = -1;
        long key;
        long copyOf;
        Usage need;
        int attempt = 1;
        List<Pmap.Handle> walk = List.of();
        /** pmap_pv_alloc's candidates: the first mapping of each user pmap in pv-table order (conversation). */
        List<Pmap.PvMapping> pvWalk = List.of();
        int walkIndex;
        /** Inside pmap_enter for the current page: this pmap's {@code pm_slock} is held (from PageResolved on). */
        boolean entering;
        /** The pmap whose lock a steal of ours has asked for and not yet been answered, or null. */
        String stealingFrom;
        /** The number of that request (a wait of ours, for the deadlock probes). */
        long stealEpoch;

        Work(boolean pager, int cpu, long[] vas, int[] frames, boolean write, long tag) {
            this.pager = pager;
            this.cpu = cpu;
            this.vas = vas;
            this.frames = frames;
            this.write = write;
            this.tag = tag;
        }
    }

    private final Geometry g;
    private final int id;
    long cpus;
    int l1 = -1;
    final TreeMap<Long, Integer> l2 = new TreeMap<>();
    /** l2Index -> {frame, valid PTEs} */
    final TreeMap<Long, int[]> l3 = new TreeMap<>();
    final TreeMap<Long, Pte> ptes = new TreeMap<>();
    final Map<Long, Long> amap = new HashMap<>();
    final Set<Long> cow = new HashSet<>();
    final TreeMap<Long, Snapshot> collecting = new TreeMap<>();
    final Map<Long, Pmap.Collect> collectReplies = new HashMap<>();
    /** Collect requests from a CPU that is already collecting this pmap: they run when it is done. */
    final List<Map.Entry<Integer, Pmap.Collect>> deferred = new ArrayList<>();
    /** tag -> the CPU the collection runs on */
    final TreeMap<Long, Integer> collectingCpu = new TreeMap<>();
    /** Thieves spinning on this pmap's {@code pm_slock} while its own pmap_enter holds it: thief -> its wait's number. */
    final TreeMap<String, Long> spinners = new TreeMap<>();
    /** Their requests, in arrival order (conversation: they carry whom to answer). */
    final List<Pmap.StealPtpage> spinning = new ArrayList<>();
    /** pmap_activate calls waiting for a collection that holds the lock (conversation). */
    final List<Pmap.Activate> waitingActivations = new ArrayList<>();
    /** The number of this pmap's last steal request. */
    long stealSeq;
    String image = "";
    long anonSeq;
    long collectSeq;
    Work work;

    PmapState(Geometry g, int id) {
        this.g = g;
        this.id = id;
    }

    /** This pmap's {@code pm_slock} is held by its own pmap_enter. */
    boolean locked() {
        return work != null && work.entering;
    }

    /** The valid PTEs under the L3 page of {@code l2Index}: (vpn, PTE), in address order. */
    java.util.SortedMap<Long, Pte> ptesUnder(long l2Index) {
        return ptes.subMap(l2Index * g.ptesPerPage(), (l2Index + 1) * g.ptesPerPage());
    }

    /** The L2 page that goes with the L3 page of {@code l2Index} when that is the last L3 page under it, or -1. */
    int l2FreedWith(long l2Index) {
        long l1i = l2Index / g.ptesPerPage();
        boolean last = l3.subMap(l1i * g.ptesPerPage(), (l1i + 1) * g.ptesPerPage()).size() == 1;
        Integer l2f = l2.get(l1i);
        return last && l2f != null && !beingCollected(l2f) ? l2f : -1;
    }

    boolean hit(long va, boolean write) {
        Pte p = ptes.get(g.vpn(va));
        return p != null && (!write || p.writable());
    }

    /** Anon keys are unique in the run: this pmap's id, then a sequence of its own. */
    long nextAnonKey() {
        return ((long) id << 32) | (anonSeq + 1);
    }

    long nextCollectTag() {
        return collectSeq + 1;
    }

    /** What exec or exit frees: everything, less what a collection under way has read and will free itself. */
    Snapshot snapshotOwn() {
        Snapshot all = snapshot();
        if (collecting.isEmpty()) {
            return all;
        }
        int[] frames = java.util.Arrays.stream(all.frames()).filter(f -> !beingCollected(f)).toArray();
        Set<Long> taken = new HashSet<>();
        for (Snapshot snap : collecting.values()) {
            for (long va : snap.pvVas()) {
                taken.add(va);
            }
        }
        List<Long> vas = new ArrayList<>();
        List<Integer> pf = new ArrayList<>();
        for (int i = 0; i < all.pvVas().length; i++) {
            if (!taken.contains(all.pvVas()[i])) {
                vas.add(all.pvVas()[i]);
                pf.add(all.pvFrames()[i]);
            }
        }
        return new Snapshot(frames, vas.stream().mapToLong(Long::longValue).toArray(),
                pf.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Everything pmap_remove over the whole range would free, as it stands now. */
    Snapshot snapshot() {
        List<Integer> frames = new ArrayList<>();
        for (int[] t : l3.values()) {
            frames.add(t[0]);
        }
        frames.addAll(l2.values());
        if (l1 >= 0) {
            frames.add(l1);
        }
        long[] vas = new long[ptes.size()];
        int[] pf = new int[ptes.size()];
        int i = 0;
        for (Map.Entry<Long, Pte> e : ptes.entrySet()) {
            vas[i] = e.getKey() * g.pageSize();
            pf[i++] = e.getValue().frame();
        }
        return new Snapshot(frames.stream().mapToInt(Integer::intValue).toArray(), vas, pf);
    }

    /** PTEs entered during a collection under tables it freed: their pv entries must go too. */
    Orphans orphansAfter(long tag) {
        Snapshot snap = collecting.get(tag);
        Set<Integer> freed = new HashSet<>();
        for (int f : snap.frames()) {
            freed.add(f);
        }
        Set<Long> collectedVas = new HashSet<>();
        for (long va : snap.pvVas()) {
            collectedVas.add(va);
        }
        List<Long> vas = new ArrayList<>();
        List<Integer> frames = new ArrayList<>();
        for (Map.Entry<Long, Pte> e : ptes.entrySet()) {
            long va = e.getKey() * g.pageSize();
            int[] t = l3.get(g.l2Index(va));
            if (!collectedVas.contains(va) && (t == null || freed.contains(t[0]))) {
                vas.add(va);
                frames.add(e.getValue().frame());
            }
        }
        return new Orphans(vas.stream().mapToLong(Long::longValue).toArray(),
                frames.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Table frames a collection under way has read and will free: nobody else may free them meanwhile. */
    boolean beingCollected(int frame) {
        for (Snapshot snap : collecting.values()) {
            for (int f : snap.frames()) {
                if (f == frame) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The table frames that the removal of the PTE of {@code va}, already applied, left empty (L3, then its L2): an L3
     * page goes only when no valid PTE is left in it.
     */
    int[] trimTables(long va) {
        int[] t = l3.get(g.l2Index(va));
        if (t == null || t[1] > 0 || beingCollected(t[0])) {
            return new int[0];
        }
        long l1i = g.l1Index(va);
        boolean lastUnderL2 = l3.subMap(l1i * g.ptesPerPage(), (l1i + 1) * g.ptesPerPage()).size() == 1;
        Integer l2f = l2.get(l1i);
        return lastUnderL2 && l2f != null ? new int[]{t[0], l2f} : new int[]{t[0]};
    }

    boolean collectingOn(int cpu) {
        return collectingCpu.containsValue(cpu);
    }

    List<Pmap.Collect> takeDeferred(int cpu) {
        List<Pmap.Collect> mine = new ArrayList<>();
        deferred.removeIf(d -> d.getKey() == cpu && mine.add(d.getValue()));
        return mine;
    }

    /** The amap as two arrays in address order: vpns and their anon keys. */
    long[][] amapArrays() {
        // the vpns sorted as longs: a fork did this by copying the whole amap into a TreeMap, a cost that grew with
        // every process's address space (issue 8's sweep); a TreeMap for the amap itself made every fault dearer
        long[] vpns = new long[amap.size()];
        int i = 0;
        for (long vpn : amap.keySet()) { // order-free: sorted next
            vpns[i++] = vpn;
        }
        java.util.Arrays.sort(vpns);
        long[] keys = new long[vpns.length];
        for (int k = 0; k < vpns.length; k++) {
            keys[k] = amap.get(vpns[k]);
        }
        return new long[][]{vpns, keys};
    }

    void apply(ModelEvent e) {
        if (e instanceof Pmap.WorkBegan b) {
            work = new Work(b.pager(), b.cpu(), b.vas(), b.frames(), b.write(), b.tag());
        } else if (e instanceof Pmap.Activated a) {
            cpus |= 1L << a.cpu();
        } else if (e instanceof Pmap.Deactivated d) {
            cpus &= ~(1L << d.cpu());
        } else if (e instanceof Pmap.Hits h) {
            work.index += h.count();
        } else if (e instanceof Pmap.FaultTaken f) {
            work.key = f.key();
            work.copyOf = f.copyOf();
            if (f.key() == nextAnonKey()) { // a new anon of this pmap's
                anonSeq++;
            }
        } else if (e instanceof Pmap.PageResolved r) {
            work.entering = true; // pmap_enter begins: PMAP_LOCK
            work.frame = r.frame();
            if (r.key() > 0) {
                long vpn = g.vpn(r.va());
                amap.put(vpn, r.key());
                if (work.copyOf != 0) {
                    cow.remove(vpn);
                }
            }
        } else if (e instanceof Pmap.Blocked || e instanceof Pmap.WorkDone || e instanceof Pmap.EnterFailed) {
            work = null;
        } else if (e instanceof Pmap.PtPageAsked a) {
            work.need = a.usage();
            work.attempt = a.attempt();
        } else if (e instanceof Pmap.PtPageInstalled p) {
            switch (p.usage()) {
                case L1 -> l1 = p.frame();
                case L2 -> l2.put(p.index(), p.frame());
                case L3 -> l3.put(p.index(), new int[]{p.frame(), 0});
                default -> throw new IllegalStateException("pv pages are not tables");
            }
            work.need = null;
            work.stealingFrom = null;
        } else if (e instanceof Pmap.PtPageUnneeded) {
            if (work != null) {
                work.stealingFrom = null;
            }
        } else if (e instanceof Pmap.MappingEntered m) {
            if (work.pager) {
                // the kernel's pager_map uses boot-time tables; its pv entries live in PhysicalMemory
            } else {
                Pte old = ptes.put(g.vpn(m.va()), new Pte(m.frame(), m.key(), m.writable()));
                if (old == null) {
                    l3.get(g.l2Index(m.va()))[1]++;
                }
            }
            work.index++;
            work.need = null;
            work.entering = false; // PMAP_UNLOCK
            work.stealingFrom = null;
        } else if (e instanceof Pmap.PvStale) {
            work.entering = false;
            work.stealingFrom = null;
        } else if (e instanceof Pmap.MappingRemoved m) {
            if (ptes.remove(g.vpn(m.va())) != null) {
                int[] t = l3.get(g.l2Index(m.va()));
                if (t != null) {
                    t[1]--;
                }
            }
        } else if (e instanceof Pmap.TablesTrimmed t) {
            removeFrames(t.frames());
        } else if (e instanceof Pmap.EmergencyBegan || e instanceof Pmap.StealBegan) {
            work.walkIndex = 0;
        } else if (e instanceof Pmap.VictimChecked) {
            work.walkIndex++;
            work.stealingFrom = null;
        } else if (e instanceof Pmap.WalkEnded) {
            work.attempt++;
        } else if (e instanceof Pmap.StealAsked a) {
            stealSeq = a.epoch();
            work.stealingFrom = a.victim();
            work.stealEpoch = a.epoch();
        } else if (e instanceof Pmap.LockContended c) {
            spinners.put(c.thief(), c.epoch());
        } else if (e instanceof Pmap.StealRefused r) {
            spinners.remove(r.thief());
        } else if (e instanceof Pmap.PtpageStolen p) {
            spinners.remove(p.thief());
            for (long va : p.vas()) {
                ptes.remove(g.vpn(va));
            }
            l3.remove(p.l2Index());
            removeFrames(p.freed());
        } else if (e instanceof Pmap.MappingStolen m) {
            spinners.remove(m.thief()); // a try-lock never spins; the mapping itself goes with MappingRemoved
        } else if (e instanceof Pmap.CollectStarted c) {
            collectSeq = c.tag();
            collecting.put(c.tag(), new Snapshot(c.frames(), c.pvVas(), c.pvFrames()));
            collectingCpu.put(c.tag(), c.onCpu());
        } else if (e instanceof Pmap.Collected c) {
            Snapshot snap = collecting.remove(c.tag());
            collectingCpu.remove(c.tag());
            for (int i = 0; i < snap.pvVas().length; i++) {
                Pte p = ptes.get(g.vpn(snap.pvVas()[i]));
                if (p != null && p.frame() == snap.pvFrames()[i]) {
                    ptes.remove(g.vpn(snap.pvVas()[i]));
                }
            }
            for (long va : c.orphanVas()) {
                ptes.remove(g.vpn(va));
            }
            removeFrames(snap.frames());
        } else if (e instanceof Pmap.Forked) {
            cow.addAll(amap.keySet());
            ptes.replaceAll((vpn, p) -> p.key() > 0 ? new Pte(p.frame(), p.key(), false) : p);
        } else if (e instanceof Pmap.Inherited i) {
            image = i.image();
            for (int k = 0; k < i.vpns().length; k++) {
                amap.put(i.vpns()[k], i.keys()[k]);
                cow.add(i.vpns()[k]);
            }
        } else if (e instanceof Pmap.Execed || e instanceof Pmap.Exited) {
            if (e instanceof Pmap.Execed x) {
                image = x.image();
            }
            l1 = -1;
            l2.clear();
            l3.clear();
            ptes.clear();
            amap.clear();
            cow.clear();
        }
    }

    /** Drops table pages by frame, wherever they are; L3 entries under them are recounted by the caller. */
    private void removeFrames(int[] frames) {
        Set<Integer> gone = new HashSet<>();
        for (int f : frames) {
            gone.add(f);
        }
        l3.values().removeIf(t -> gone.contains(t[0]));
        l2.values().removeIf(gone::contains);
        if (gone.contains(l1)) {
            l1 = -1;
        }
    }
}
