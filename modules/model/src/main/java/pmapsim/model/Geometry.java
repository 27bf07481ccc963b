package pmapsim.model;

/**
 * Alpha page-table geometry (vm-model.md §1), derived from the page size: a PTE is 8 bytes, so one table page holds
 * {@code pageSize/8} entries; a pv entry is 32 bytes, and a pv page keeps one slot for its header (NPVPPG).
 */
public record Geometry(int pageSize) {
    public static final int PTE_BYTES = 8;
    public static final int PV_ENTRY_BYTES = 32;

    public Geometry {
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size must be a power of two of at least 512 bytes: " + pageSize);
        }
    }

    public static Geometry alpha() {
        return new Geometry(8192);
    }

    /** Page-table entries per table page (1024 at 8 KiB). */
    public int ptesPerPage() {
        return pageSize / PTE_BYTES;
    }

    /** Bytes of virtual space one L3 page maps (8 MiB at 8 KiB pages). */
    public long l3Span() {
        return (long) ptesPerPage() * pageSize;
    }

    /** Bytes of virtual space one L2 page maps (8 GiB at 8 KiB pages). */
    public long l2Span() {
        return l3Span() * ptesPerPage();
    }

    /** pv entries per pv page, NPVPPG (255 at 8 KiB). */
    public int pvPerPage() {
        return pageSize / PV_ENTRY_BYTES - 1;
    }

    public long vpn(long va) {
        return va / pageSize;
    }

    /** Index of the L1 entry (which L2 page) for a virtual address. */
    public long l1Index(long va) {
        return va / l2Span();
    }

    /** Index of the L2 entry, counted across the whole address space (which L3 page). */
    public long l2Index(long va) {
        return va / l3Span();
    }

    public long pagesOf(long bytes) {
        return bytes / pageSize;
    }
}
