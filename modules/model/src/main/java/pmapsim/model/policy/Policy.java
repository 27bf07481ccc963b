package pmapsim.model.policy;

import pmapsim.model.Usage;

/**
 * The emergency behaviour of {@code pmap_alloc_physpage} and of a pmap asked to collect itself: the one place where
 * NetBSD's designs (1998, 2000, PMAP_CANFAIL, fixes of our own) differ. The actors ask the policy; they never branch
 * on a policy's name. New designs are new implementations registered in {@link Policies}.
 */
public interface Policy {

    /** The name scenarios and {@code --policy} use, e.g. {@code netbsd-1998}. */
    String name();

    /** One line for humans: which NetBSD code this is. */
    String description();

    /** May a pmap page allocation dig into the kernel reserve ({@code UVM_PGA_USERESERVE}, netbsd-2000)? */
    boolean pmapUsesKernelReserve();

    /** Allocation attempts before giving up (1998: six, with a collection after each failure; 2000: one). */
    int allocAttempts();

    /** What {@code pmap_enter} does when {@code uvm_pagealloc} has no page for a table or a pv entry. */
    default Shortage onShortage() {
        return Shortage.COLLECT_INACTIVE;
    }

    /**
     * What a victim does with a {@code Collect}.
     *
     * @param activeOnCpus the victim's {@code pm_cpus}, less the collector's own CPU, when the request arrives
     *                     (0 = active on no other CPU)
     * @param collecting   a collection of this pmap is already under way (its tables read, not yet cleared)
     * @param privateL1    the victim still owns a private L1 ({@code pm_lev1map != Lev1map})
     */
    CollectDecision onCollect(long activeOnCpus, boolean collecting, boolean privateL1);

    /**
     * Whether a collection holds the victim's {@code pm_slock} from its start to its end, so that a
     * {@code pmap_activate} of the victim (which takes that lock) waits for the collection to finish.
     */
    default boolean collectHoldsPmapLock() {
        return false;
    }

    /**
     * Whether {@code pmap_all_pmaps} is kept in LRU order: {@code pmap_create} inserts at the tail and
     * {@code pmap_activate} moves the pmap to the tail (pmap.c 1.124). Otherwise it is 1998's list, newest first.
     */
    default boolean pmapListLru() {
        return false;
    }

    /**
     * The pv entry pool's low-water mark ({@code PMAP_PV_LOWAT}): when fewer entries are free after one is taken, the
     * pool tries to add a page, and a failure to do so costs nothing. 0: no pool, a page is cut into pv entries only
     * when none is free (pmap.c 1.33).
     */
    default int pvPoolLowWater() {
        return 0;
    }

    /** The panic when every attempt failed ({@code usage} is what the page was for). */
    String panicMessage(Usage usage);

    /** The answer of a victim to a {@code Collect} request. */
    enum CollectDecision {
        /** Do it: {@code pmap_remove} over the whole user range. */
        OBEY,
        /** Decline; the requester walks on to the next pmap. */
        REFUSE
    }

    /** What {@code pmap_enter} does when a page for a table or a pv entry is refused. */
    enum Shortage {
        /**
         * pmap.c 1.33: walk {@code pmap_all_pmaps} for the first pmap with a private L1 active on no CPU,
         * {@code pmap_collect} it and try again.
         */
        COLLECT_INACTIVE,
        /**
         * pmap.c 1.124: {@code pmap_ptpage_steal} takes a non-wired L3 page from the first other pmap on the LRU list
         * (its lock taken with a plain {@code simple_lock}); {@code pmap_pv_alloc} steals a mapping from some user pmap
         * whose lock it can take with {@code simple_lock_try}.
         */
        STEAL,
        /**
         * PMAP_CANFAIL: {@code pmap_enter} returns {@code ENOMEM}; the fault handler unlocks, sleeps in
         * {@code uvm_wait("flt_pmfail1")} and faults again ({@code ENOMEM} to the process when swap is full).
         */
        FAIL
    }
}
