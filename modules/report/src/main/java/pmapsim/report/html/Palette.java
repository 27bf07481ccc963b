package pmapsim.report.html;

import pmapsim.model.Pool;

/** The report's colours, shared by the SVG, the PNG and the page's CSS. */
final class Palette {
    static final String INK = "#222222";
    static final String MUTED = "#666666";
    static final String AXIS = "#444444";
    static final String GRID = "#e4e4e4";
    static final String LANE = "#f3f3f3";
    static final String PANIC = "#d00000";
    static final String EMERGENCY = "#f28e00";
    static final String COLLECTION = "#7b3fb3";
    static final String PAGEOUT = "#2c7fb8";
    static final String RETRANSMIT = "#c2185b";
    static final String VIOLATION = "#e0219a";

    /** Threshold lines: freetarg, freemin, reserve_kernel, reserve_pagedaemon. */
    static final String FREETARG = "#1b7837";
    static final String FREEMIN = "#b8860b";
    static final String RESERVE_KERNEL = "#d00000";
    static final String RESERVE_PAGEDAEMON = "#6a0000";

    /** Colours of the pmaps in the CPU lanes, by pid. */
    private static final String[] PMAPS = {"#8dd3c7", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69",
        "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#a6cee3", "#d9d9d9"};

    private Palette() {
    }

    static String pool(Pool p) {
        return switch (p) {
            case FREE -> "#66bb6a";
            case ACTIVE -> "#1f77b4";
            case INACTIVE -> "#9ecae1";
            case WIRED -> "#7f7f7f";
            case PT_L1 -> "#d62728";
            case PT_L2 -> "#ff7f0e";
            case PT_L3 -> "#ffbb78";
            case PV -> "#9467bd";
            case KMEM -> "#8c564b";
        };
    }

    static String pmap(int pid) {
        return PMAPS[Math.floorMod(pid, PMAPS.length)];
    }

    /** The label of a pool in charts and tables (as the text report writes it). */
    static String label(Pool p) {
        return switch (p) {
            case PT_L1 -> "PT L1";
            case PT_L2 -> "PT L2";
            case PT_L3 -> "PT L3";
            case PV -> "pv";
            default -> p.key();
        };
    }
}
