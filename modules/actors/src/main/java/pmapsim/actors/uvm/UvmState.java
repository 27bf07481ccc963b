package pmapsim.actors.uvm;

import com.carrotsearch.hppc.LongObjectHashMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.model.Pool;

/**
 * PhysicalMemory's state, changed only by {@link #apply}: where every managed frame is, the free list, the page
 * queues, the anons (resident frame and swap slot), the pv entries by frame and the pv pages they live in, the swap
 * slots, and {@code pmap_all_pmaps} (newest first).
 */
final class UvmState {
    /** A pv entry's identity on its frame: one mapping of the frame by one pmap at one address. */
    record PvKey(String pmap, long va) {
    }

    record PvEntry(String pmap, long va, int pvPage) {
    }

    static final class Anon {
        int frame = -1;
        int slot = -1;
        int refs = 1;
    }

    final int npages;
    final int pvPerPage;
    final Pool[] pool;
    final long[] owner;
    final boolean[] busy;
    final boolean[] dirty;
    final boolean[] wanted;
    final long[] count = new long[Pool.values().length];
    /** The free list: a stack, top at {@code freeTop - 1}. */
    private final int[] freeStack;
    private int freeTop;
    final FrameQueue active;
    final FrameQueue inactive;
    /**
     * Anon key -> anon. A key is a pmap's id in its high half and that pmap's own sequence in its low half, so
     * {@code Long.hashCode} (the halves XORed) gave thousands of keys one hash once a run had many pmaps: a
     * {@code HashMap}'s lookups then walked collision trees, and a run's cost per event grew with its number of
     * processes (issue 8's sweep, 1 CPU). HPPC's map mixes the key's bits and keeps the keys unboxed. It is never
     * iterated (HPPC varies its iteration order from one map to the next), only looked up.
     */
    final LongObjectHashMap<Anon> anons = new LongObjectHashMap<>();
    final Map<Integer, LinkedHashMap<PvKey, PvEntry>> pv = new HashMap<>();
    /** pv page frame -> entries in use */
    final TreeMap<Integer, Integer> pvPages = new TreeMap<>();
    final TreeSet<Integer> pvPagesWithRoom = new TreeSet<>();
    /**
     * pmap_all_pmaps, oldest first ({@link #pmapList} gives it newest first, as pmap.c 1.33 walks it). Keyed by name,
     * so that unlisting a pmap and moving it to the LRU tail take constant time, not a walk of every pmap (10,000
     * processes, issue 8).
     */
    private final LinkedHashMap<String, Pmap.Handle> pmaps = new LinkedHashMap<>();
    /** pmap_all_pmaps in LRU order (pmap.c 1.124): created at the tail, moved to the tail by pmap_activate */
    private final LinkedHashMap<String, Pmap.Handle> lru = new LinkedHashMap<>();
    /** free pv entries in the pv pages */
    long pvFree;
    private final Map<String, Pmap.Handle> pmapsByName = new HashMap<>();
    private final int[] slotStack;
    private int slotTop;
    long paging;
    long wakeSeq;
    boolean daemonAwake;
    boolean userWaiting;
    boolean pagerWaiting;

    UvmState(int npages, int pvPerPage, int swapSlots) {
        this.npages = npages;
        this.pvPerPage = pvPerPage;
        pool = new Pool[npages];
        owner = new long[npages];
        busy = new boolean[npages];
        dirty = new boolean[npages];
        wanted = new boolean[npages];
        freeStack = new int[npages];
        for (int f = npages - 1; f >= 0; f--) { // frame 0 on top
            pool[f] = Pool.FREE;
            freeStack[freeTop++] = f;
        }
        count[Pool.FREE.ordinal()] = npages;
        active = new FrameQueue(npages);
        inactive = new FrameQueue(npages);
        slotStack = new int[swapSlots];
        for (int s = swapSlots - 1; s >= 0; s--) {
            slotStack[slotTop++] = s;
        }
    }

    long free() {
        return count[Pool.FREE.ordinal()];
    }

    long in(Pool p) {
        return count[p.ordinal()];
    }

    /** The frame the next allocation takes. */
    int nextFree() {
        return freeStack[freeTop - 1];
    }

    int nextSlot() {
        return slotTop == 0 ? -1 : slotStack[slotTop - 1];
    }

    int freeSlots() {
        return slotTop;
    }

    Pmap.Handle pmap(String name) {
        return pmapsByName.get(name);
    }

    /** The pv page with room that the next pv entry goes to, or -1 when a new pv page is needed. */
    int pvPageWithRoom() {
        return pvPagesWithRoom.isEmpty() ? -1 : pvPagesWithRoom.first();
    }

    /**
     * The frame's pv entries in the order they were entered, or null when it has none. Each frame's list is keyed by
     * (pmap, va): a shared text page mapped by thousands of processes is found and unlinked in constant time, where
     * a list walk made the 10,000-process run quadratic (issue 8's profile: 26 % of its time in this walk).
     */
    Collection<PvEntry> pvOf(int frame) {
        LinkedHashMap<PvKey, PvEntry> l = pv.get(frame);
        return l == null ? null : l.values();
    }

    /** pmap_all_pmaps as the emergency walks it: in LRU order (1.124), or newest first (1.33). A copy. */
    List<Pmap.Handle> pmapList(boolean lruOrder) {
        if (lruOrder) {
            return List.copyOf(lru.values());
        }
        List<Pmap.Handle> out = new ArrayList<>(pmaps.values());
        java.util.Collections.reverse(out);
        return java.util.Collections.unmodifiableList(out);
    }

    PvEntry findPv(int frame, String pmap, long va) {
        LinkedHashMap<PvKey, PvEntry> l = pv.get(frame);
        return l == null ? null : l.get(new PvKey(pmap, va));
    }

    private void addPv(int frame, PvEntry e) {
        if (pv.computeIfAbsent(frame, k -> new LinkedHashMap<>(4)).putIfAbsent(new PvKey(e.pmap(), e.va()), e)
                != null) {
            throw new IllegalStateException("a second pv entry for " + e.pmap() + " at " + e.va() + " on frame "
                    + frame);
        }
    }

    private void removePv(int frame, String pmap, long va) {
        LinkedHashMap<PvKey, PvEntry> l = pv.get(frame);
        l.remove(new PvKey(pmap, va));
        if (l.isEmpty()) {
            pv.remove(frame);
        }
    }

    void apply(ModelEvent e) {
        if (e instanceof PhysicalMemory.PageAllocated a) {
            int f = freeStack[--freeTop];
            if (f != a.frame()) {
                throw new IllegalStateException("allocated " + a.frame() + " but the free list has " + f);
            }
            move(f, Pool.FREE, a.to());
            owner[f] = a.owner();
            dirty[f] = a.dirty();
            if (a.to() == Pool.ACTIVE || a.to() == Pool.INACTIVE) {
                Anon anon = anons.get(a.owner());
                if (anon == null) {
                    anon = new Anon();
                    anons.put(a.owner(), anon);
                }
                anon.frame = f;
            } else if (a.to() == Pool.PV) { // a page added to the pv pool ahead of need
                pvPages.put(f, 0);
                pvPagesWithRoom.add(f);
                pvFree += pvPerPage;
            }
        } else if (e instanceof PhysicalMemory.PageFreed fr) {
            int f = fr.frame();
            if (fr.from() == Pool.ACTIVE || fr.from() == Pool.INACTIVE) {
                Anon anon = anons.get(owner[f]);
                if (anon != null && anon.frame == f) {
                    anon.frame = -1;
                }
            }
            move(f, fr.from(), Pool.FREE);
            owner[f] = 0;
            busy[f] = false;
            dirty[f] = false;
            wanted[f] = false;
            freeStack[freeTop++] = f;
        } else if (e instanceof PhysicalMemory.PageMoved m) {
            move(m.frame(), m.from(), m.to());
            if (m.dirty()) {
                dirty[m.frame()] = true;
            }
        } else if (e instanceof PhysicalMemory.PvEntered p) {
            if (p.newPvPage()) {
                int f = freeStack[--freeTop];
                if (f != p.pvPage()) {
                    throw new IllegalStateException("pv page " + p.pvPage() + " but the free list has " + f);
                }
                move(f, Pool.FREE, Pool.PV);
                pvPages.put(f, 0);
                pvPagesWithRoom.add(f);
                pvFree += pvPerPage;
            }
            pvFree--;
            addPv(p.frame(), new PvEntry(p.pmap(), p.va(), p.pvPage()));
            int used = pvPages.merge(p.pvPage(), 1, Integer::sum);
            if (used == pvPerPage) {
                pvPagesWithRoom.remove(p.pvPage());
            }
        } else if (e instanceof PhysicalMemory.PvRemoved p) {
            removePv(p.frame(), p.pmap(), p.va());
            pvPages.merge(p.pvPage(), -1, Integer::sum);
            pvPagesWithRoom.add(p.pvPage());
            pvFree++;
            if (p.pvPageFreed()) { // a pv page goes back only when every entry in it is free
                pvFree -= pvPerPage;
                pvPages.remove(p.pvPage());
                pvPagesWithRoom.remove(p.pvPage());
                move(p.pvPage(), Pool.PV, Pool.FREE);
                freeStack[freeTop++] = p.pvPage();
            }
        } else if (e instanceof PhysicalMemory.AnonRefs r) {
            for (long k : r.keys()) {
                Anon a = anons.get(k);
                if (a != null) {
                    a.refs += r.delta();
                }
            }
        } else if (e instanceof PhysicalMemory.AnonDropped d) {
            anons.remove(d.key());
        } else if (e instanceof PhysicalMemory.SlotAssigned s) {
            int slot = slotStack[--slotTop];
            anons.get(s.key()).slot = slot;
        } else if (e instanceof PhysicalMemory.SlotFreed s) {
            slotStack[slotTop++] = s.slot();
        } else if (e instanceof PhysicalMemory.PageoutStarted p) {
            for (int f : p.frames()) {
                busy[f] = true;
            }
            paging += p.frames().length;
        } else if (e instanceof PhysicalMemory.PageoutFinished p) {
            for (int f : p.frames()) {
                busy[f] = false;
                dirty[f] = false;
                wanted[f] = false;
            }
            paging -= p.frames().length;
        } else if (e instanceof PhysicalMemory.PageinStarted p) {
            busy[p.frame()] = true;
        } else if (e instanceof PhysicalMemory.PageinFinished p) {
            busy[p.frame()] = false;
            wanted[p.frame()] = false;
        } else if (e instanceof PhysicalMemory.PageWanted w) {
            wanted[w.frame()] = true;
        } else if (e instanceof PhysicalMemory.PmapListed l) {
            String name = l.handle().name();
            pmaps.remove(name);
            pmaps.put(name, l.handle()); // pmap_create inserts at the head of pmap_all_pmaps (newest: last here)
            lru.remove(name);
            lru.put(name, l.handle()); // ... and at the tail in 1.124
            pmapsByName.put(name, l.handle());
        } else if (e instanceof PhysicalMemory.PmapUnlisted u) {
            pmaps.remove(u.pmap());
            lru.remove(u.pmap());
            pmapsByName.remove(u.pmap());
        } else if (e instanceof PhysicalMemory.PmapMovedToTail m) {
            Pmap.Handle h = pmapsByName.get(m.pmap());
            lru.remove(m.pmap());
            lru.put(m.pmap(), h);
        } else if (e instanceof PhysicalMemory.PtpageReassigned r) {
            move(r.frame(), r.from(), r.to());
            owner[r.frame()] = r.toOwner();
        } else if (e instanceof PhysicalMemory.PvReassigned r) {
            removePv(r.frame(), r.pmap(), r.va());
            addPv(r.thiefFrame(), new PvEntry(r.thief(), r.thiefVa(), r.pvPage()));
        } else if (e instanceof PhysicalMemory.Woke w) {
            wakeSeq = w.seq();
        } else if (e instanceof PhysicalMemory.DaemonWoken) {
            daemonAwake = true;
        } else if (e instanceof PhysicalMemory.DaemonSlept) {
            daemonAwake = false;
        } else if (e instanceof PhysicalMemory.WaitStarted w) {
            if (w.pager()) {
                pagerWaiting = true;
            } else {
                userWaiting = true;
            }
        } else if (e instanceof PhysicalMemory.WaitersWoken w) {
            if (w.pager()) {
                pagerWaiting = false;
            } else {
                userWaiting = false;
            }
        }
    }

    private void move(int f, Pool from, Pool to) {
        if (pool[f] != from) {
            throw new IllegalStateException("frame " + f + " is " + pool[f] + ", not " + from);
        }
        if (from == Pool.ACTIVE) {
            active.remove(f);
        } else if (from == Pool.INACTIVE) {
            inactive.remove(f);
        }
        if (to == Pool.ACTIVE) {
            active.addTail(f);
        } else if (to == Pool.INACTIVE) {
            inactive.addTail(f);
        }
        pool[f] = to;
        count[from.ordinal()]--;
        count[to.ordinal()]++;
    }
}
