package pmapsim.model.workload;

import java.util.Locale;

/** The regions of a process's address space, at the alpha's user addresses (NetBSD/alpha's layout). */
public enum Region {
    /** Program text: shared, clean pages of the executable's vnode. */
    TEXT(0x1_2000_0000L),
    /** Initialised data: private (copy-on-write) pages. */
    DATA(0x1_4000_0000L),
    /** The heap (bss and sbrk), right above data; {@code Grow} extends it. */
    HEAP(0x1_4000_0000L),
    /** The stack, growing down from USRSTACK (just below text). */
    STACK(0x1_2000_0000L);

    private final long base;

    Region(long base) {
        this.base = base;
    }

    public long base() {
        return base;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Region parse(String s) {
        return Region.valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
