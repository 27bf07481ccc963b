package pmapsim.model.policy;

import pmapsim.model.Usage;

/**
 * PMAP_CANFAIL (NetBSD after 2000, vm-model.md §6): {@code pmap_enter} may fail. The pmap asks
 * {@code uvm_pagealloc} once, with {@code UVM_PGA_USERESERVE}, keeps its pv entries in a pool (low water 16), and
 * neither collects nor steals: it returns {@code ENOMEM}. {@code uvm_fault} then unlocks everything, sleeps in
 * {@code uvm_wait("flt_pmfail1")} until the page daemon has freed pages, and faults again; when swap is full
 * ({@code swpgonly == swpages}) it returns {@code ENOMEM} and the process is killed ("out of swap"). Nothing panics;
 * where nothing can ever free memory the machine just wedges, which is what the seed's thread says Mach VM would
 * have done.
 */
public final class Canfail implements Policy {
    public static final String NAME = "canfail";
    /** The wait message of uvm_fault after a failed pmap_enter. */
    public static final String WMESG = "flt_pmfail1";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "PMAP_CANFAIL: pmap_enter returns ENOMEM, uvm_fault sleeps in uvm_wait(\"flt_pmfail1\") and retries; "
                + "ENOMEM to the process when swap is full; never panics";
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
        return Shortage.FAIL;
    }

    @Override
    public CollectDecision onCollect(long activeOnCpus, boolean collecting, boolean privateL1) {
        return CollectDecision.OBEY; // only uvm_swapout collects
    }

    @Override
    public int pvPoolLowWater() {
        return Netbsd2000.PV_LOWAT;
    }

    @Override
    public String panicMessage(Usage usage) {
        throw new IllegalStateException("canfail never panics: pmap_enter returns ENOMEM for the " + usage.what());
    }
}
