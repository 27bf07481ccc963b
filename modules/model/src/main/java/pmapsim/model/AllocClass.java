package pmapsim.model;

/**
 * Who asks {@code uvm_pagealloc} for a page: that decides which reserve the request may dig into (vm-model.md §4).
 */
public enum AllocClass {
    /** A process's anonymous or object page (uvm_fault): no reserve. */
    USER,
    /** {@code pmap_alloc_physpage}: a page table or a pv page. No object, so no kernel reserve in 1998. */
    PMAP,
    /** A kernel-object page (kmem, mbufs, swapbuf, u-area): may use the kernel reserve, not the daemon's. */
    KERNEL,
    /** The page daemon itself: may take the last pages. */
    PAGEDAEMON
}
