package pmapsim.model;

import java.util.Locale;

/**
 * Where a managed page is (vm-model.md §5). Every managed page is in exactly one pool, so
 * {@code npages = FREE + ACTIVE + INACTIVE + WIRED + PT_L1 + PT_L2 + PT_L3 + PV + KMEM} at every event.
 * Pages being paged out stay {@link #INACTIVE} with a busy flag.
 */
public enum Pool {
    FREE, ACTIVE, INACTIVE, WIRED, PT_L1, PT_L2, PT_L3, PV, KMEM;

    /** The JSON key of this pool ({@code pt_l3}, {@code kmem}, ...). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Page-table pools by level (1, 2, 3). */
    public static Pool ptLevel(int level) {
        return switch (level) {
            case 1 -> PT_L1;
            case 2 -> PT_L2;
            case 3 -> PT_L3;
            default -> throw new IllegalArgumentException("page-table level " + level);
        };
    }
}
