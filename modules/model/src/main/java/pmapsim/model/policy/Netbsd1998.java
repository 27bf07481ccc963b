package pmapsim.model.policy;

import pmapsim.model.Usage;

/**
 * pmap.c 1.33 (April 1998), vm-model.md §2: no kernel reserve for pmap pages, six attempts, each failure followed by
 * a collection of the first pmap on {@code pmap_all_pmaps} that owns a private L1 and is active on no CPU. No locks:
 * a victim obeys a {@code Collect} whatever its state when the request arrives, which is what lets the multiprocessor
 * races of §7 happen.
 */
public class Netbsd1998 implements Policy {
    public static final String NAME = "netbsd-1998";
    public static final String PANIC = "pmap_alloc_physpage: no pages available after 5 tries";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "pmap.c 1.33 (1998-04-27): collect the newest inactive pmap with a private L1, six tries, then panic";
    }

    @Override
    public boolean pmapUsesKernelReserve() {
        return false;
    }

    @Override
    public int allocAttempts() {
        return 6;
    }

    @Override
    public CollectDecision onCollect(long activeOnCpus, boolean collecting, boolean privateL1) {
        return CollectDecision.OBEY;
    }

    @Override
    public String panicMessage(Usage usage) {
        return PANIC;
    }
}
