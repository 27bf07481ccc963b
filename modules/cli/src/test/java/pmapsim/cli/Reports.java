package pmapsim.cli;

import java.util.List;
import java.util.TreeMap;
import pmapsim.report.RunReport;
import pmapsim.report.RunReport.Collection;
import pmapsim.report.RunReport.Outcome;
import pmapsim.report.RunReport.PmapUsage;
import pmapsim.report.RunReport.Violation;

/** Hand-built run reports, as the seed scenario's panic might look. */
final class Reports {
    private Reports() {
    }

    static final String PANIC = "pmap_alloc_physpage: no pages available after 5 tries";

    static RunReport panic() {
        return report(Outcome.PANIC, PANIC, List.of(), "panic");
    }

    static RunReport report(Outcome outcome, String panic, List<Violation> violations, String endReason) {
        TreeMap<String, Long> memory = new TreeMap<>();
        memory.put("npages", 2432L);
        memory.put("free", 5L);
        memory.put("active", 1210L);
        memory.put("inactive", 640L);
        memory.put("wired", 310L);
        memory.put("pt_l1", 14L);
        memory.put("pt_l2", 14L);
        memory.put("pt_l3", 37L);
        memory.put("pv", 12L);
        memory.put("kmem", 190L);
        TreeMap<String, Long> counters = new TreeMap<>();
        counters.put("faults", 23456L);
        counters.put("page_allocs", 20112L);
        counters.put("emergencies", 3L);
        counters.put("pageouts", 1888L);
        counters.put("nfs_retransmits", 41L);
        counters.put("context_switches", 9876L);
        counters.put("swapouts", 4L);
        return new RunReport("r-1", "alpha-nfs-libc-cleandir", 7, "netbsd-1998", 2, outcome, panic, violations, memory,
                16, List.of(new PmapUsage("pmap-12", 12, "make", 1, 1, 3, 2100),
                        new PmapUsage("pmap-19", 19, "sh", 1, 1, 2, 180)),
                List.of(new Collection("19 sh", 0, 118_233, 4, 754_123_456L),
                        new Collection("17 rm", 1, 118_240, 3, 754_130_001L)),
                List.of("cpu0: panic(\"" + PANIC + "\")", "cpu0: pmap_alloc_physpage(L3) try 6: refused, free=5 <= reserve_kernel=5",
                        "cpu0: pid 21 (rm) fault va=0x120004000"),
                counters, 1_234_567, 754_200, 1_830, endReason);
    }
}
