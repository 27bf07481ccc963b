package pmapsim.model.workload;

/**
 * One step of a process's program. A process runs its program's ops in order; a daemon's program starts over when
 * it ends. Times are simulated microseconds.
 */
public sealed interface Op {

    /** execve: drop the old address space (pmap_remove of everything), map the image's regions. */
    record Exec(String image) implements Op {
    }

    /**
     * Touch {@code pages} pages of a region (from its start, or at seeded random offsets), {@code times} passes.
     * A write to a shared page breaks copy-on-write.
     */
    record Touch(Region region, int pages, boolean write, boolean random, int times) implements Op {
    }

    /** sbrk: the heap grows by {@code pages}, each new page written once (make reading .depend into its graph). */
    record Grow(int pages) implements Op {
    }

    /** fork: a child that shares every page copy-on-write and runs {@code program}. */
    record Fork(String program) implements Op {
    }

    /** wait4: sleep until every child has exited. */
    record Wait() implements Op {
    }

    /** Sleep for a simulated time (a daemon's period). */
    record Sleep(long micros) implements Op {
    }

    /** Run on the CPU without touching new memory. */
    record Compute(long micros) implements Op {
    }

    /** exit: free the address space, the pmap and the u-area. */
    record Exit() implements Op {
    }
}
