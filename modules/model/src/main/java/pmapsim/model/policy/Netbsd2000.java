package pmapsim.model.policy;

import pmapsim.model.Usage;

/**
 * pmap.c 1.124 (February 2000), vm-model.md §6: {@code pmap_physpage_alloc(usage)} asks {@code uvm_pagealloc} once,
 * with {@code UVM_PGA_USERESERVE} (the pmap may take the kernel reserve). When that fails, a table page is stolen:
 * {@code pmap_ptpage_steal} walks {@code pmap_all_pmaps} in LRU order ({@code pmap_activate} moves a pmap to the
 * tail), skips the kernel pmap, the pmap it works for and pmaps without a private L1, takes the victim's
 * {@code pm_slock} with a plain {@code simple_lock} — it spins while another CPU holds it, so two CPUs stealing from
 * each other's pmaps deadlock (ABBA) — and takes its first L3 page with no wired mapping. It does not look at
 * {@code pm_cpus}: an active victim just faults again. pv entries come from a pool with a low-water mark of 16;
 * when the pool is empty and no page can be had, {@code pmap_pv_alloc} steals a mapping from the first user pmap (in
 * pv-table order) whose lock {@code simple_lock_try} gets. Without PMAP_CANFAIL a failure panics:
 * {@code pmap_enter: unable to create lev1map}, {@code ... L2 PT page}, {@code ... L3 PT page},
 * {@code pmap_enter: unable to enter mapping in PV table}.
 */
public final class Netbsd2000 implements Policy {
    public static final String NAME = "netbsd-2000";
    /** {@code PMAP_PV_LOWAT} */
    public static final int PV_LOWAT = 16;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "pmap.c 1.124 (2000-02-11): USERESERVE, steal an L3 page from the first other pmap on the LRU list "
                + "(plain lock), pv pool with mapping stealing (try-lock), then panic";
    }

    @Override
    public boolean pmapUsesKernelReserve() {
        return true;
    }

    @Override
    public int allocAttempts() {
        return 1;
    }

    @Override
    public Shortage onShortage() {
        return Shortage.STEAL;
    }

    @Override
    public CollectDecision onCollect(long activeOnCpus, boolean collecting, boolean privateL1) {
        return CollectDecision.OBEY; // only uvm_swapout collects: there is no emergency collection any more
    }

    @Override
    public boolean pmapListLru() {
        return true;
    }

    @Override
    public int pvPoolLowWater() {
        return PV_LOWAT;
    }

    @Override
    public String panicMessage(Usage usage) {
        return panicOf(usage);
    }

    /** pmap_enter's panic when the page for {@code usage} could be neither allocated nor stolen. */
    public static String panicOf(Usage usage) {
        return switch (usage) {
            case L1 -> "pmap_enter: unable to create lev1map";
            case L2 -> "pmap_enter: unable to create L2 PT page";
            case L3 -> "pmap_enter: unable to create L3 PT page";
            case PV -> "pmap_enter: unable to enter mapping in PV table";
        };
    }
}
