package pmapsim.model;

/**
 * The rules of {@code uvm_pagealloc} (uvm_page.c, vm-model.md §4), as pure functions of the page counts.
 */
public final class UvmRules {
    private UvmRules() {
    }

    /**
     * Why an allocation is refused, or {@code null} when it is granted.
     *
     * @param mayUseKernelReserve true when the policy lets this caller into the kernel reserve (kernel objects always;
     *                            pmap pages only under {@code UVM_PGA_USERESERVE}, netbsd-2000)
     */
    public static String refusal(long free, AllocClass who, boolean mayUseKernelReserve, Thresholds t) {
        if (free <= 0) {
            return "free list empty";
        }
        if (who != AllocClass.PAGEDAEMON && free <= t.reservePagedaemon()) {
            return "free=" + free + " <= reserve_pagedaemon=" + t.reservePagedaemon();
        }
        boolean reserveOk = who == AllocClass.PAGEDAEMON || who == AllocClass.KERNEL || mayUseKernelReserve;
        if (!reserveOk && free <= t.reserveKernel()) {
            return "free=" + free + " <= reserve_kernel=" + t.reserveKernel();
        }
        return null;
    }

    /** {@code uvm_pagealloc} wakes the daemon if free < freemin, or free < freetarg and inactive < inactarg. */
    public static boolean wakesDaemon(long free, long active, long inactive, Thresholds t) {
        return free < t.freemin() || (free < t.freetarg() && inactive < t.inactarg(active, inactive));
    }

    /** The page daemon scans when free < freetarg or inactive < inactarg. */
    public static boolean daemonScans(long free, long active, long inactive, Thresholds t) {
        return free < t.freetarg() || inactive < t.inactarg(active, inactive);
    }
}
