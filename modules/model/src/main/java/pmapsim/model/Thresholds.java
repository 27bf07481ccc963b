package pmapsim.model;

/**
 * UVM's page thresholds, derived from {@code npages} with the formulas of uvm_pdaemon.c 1.12 / uvm_page.c
 * (vm-model.md §4). {@code inactarg} depends on the queues and is recomputed on every page-daemon pass.
 */
public record Thresholds(long npages, int pageSize, long freemin, long freetarg, long wiredmax,
                         long reserveKernel, long reservePagedaemon) {

    public static final long RESERVE_KERNEL = 5;
    public static final long RESERVE_PAGEDAEMON = 1;

    public static Thresholds of(long npages, int pageSize) {
        long min = Math.max(1, (16 * 1024) / pageSize);
        long max = Math.max(min, (256 * 1024) / pageSize);
        long freemin = Math.min(max, Math.max(min, npages / 20));
        long freetarg = Math.max(freemin * 4 / 3, freemin + 1);
        return new Thresholds(npages, pageSize, freemin, freetarg, npages / 3, RESERVE_KERNEL, RESERVE_PAGEDAEMON);
    }

    /** {@code inactarg = (active + inactive) / 3}, at least {@code freetarg + 1}. */
    public long inactarg(long active, long inactive) {
        return Math.max((active + inactive) / 3, freetarg + 1);
    }
}
