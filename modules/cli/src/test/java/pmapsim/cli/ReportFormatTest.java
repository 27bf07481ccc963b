package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import pmapsim.report.Json;
import pmapsim.report.RunReport;
import pmapsim.report.RunReport.Outcome;
import pmapsim.report.RunReport.Violation;
import pmapsim.report.TextReport;

/** The JSON keys of {@code run --json} (a contract) and the text report's shape, on hand-built reports. */
class ReportFormatTest {

    static List<String> keys(JsonNode o) {
        List<String> k = new ArrayList<>();
        o.fieldNames().forEachRemaining(k::add);
        return k;
    }

    @Test
    void jsonKeysAreTheContractInAStableOrder() throws Exception {
        JsonNode j = DescribeCommandTest.JSON.readTree(Json.toJson(Reports.panic()));
        assertEquals(List.of("run_id", "scenario", "seed", "policy", "cpus", "outcome", "panic", "violations", "memory",
                "pages_in_flight", "top_pmaps", "collected", "backtrace", "counters", "events", "sim_time_ms", "wall_ms",
                "end_reason"), keys(j));
        assertEquals(List.of("npages", "free", "active", "inactive", "wired", "pt_l1", "pt_l2", "pt_l3", "pv", "kmem"),
                keys(j.get("memory")));
        assertEquals(List.of("faults", "page_allocs", "emergencies", "pageouts", "nfs_retransmits", "context_switches",
                "swapouts"), keys(j.get("counters")));
        assertEquals(List.of("pmap", "pid", "command", "pt_l1", "pt_l2", "pt_l3", "pv_entries"),
                keys(j.get("top_pmaps").get(0)));
        assertEquals(List.of("victim", "by_cpu", "event", "pages_freed", "sim_time_us"),
                keys(j.get("collected").get(0)));
        assertEquals("panic", j.get("outcome").asText());
        assertEquals(2432, j.get("memory").get("npages").asLong());
        assertEquals("19 sh", j.get("collected").get(0).get("victim").asText());
        assertEquals(3, j.get("backtrace").size());
        assertTrue(j.get("backtrace").get(0).asText().contains(Reports.PANIC));
        assertEquals(754_200, j.get("sim_time_ms").asLong());
    }

    @Test
    void jsonWritesNullPanicAndViolations() throws Exception {
        RunReport r = Reports.report(Outcome.VIOLATION, null,
                List.of(new Violation("double-free", 77, "page 0x1f2 freed twice")), "done");
        JsonNode j = DescribeCommandTest.JSON.readTree(Json.toJson(r));
        assertTrue(j.get("panic").isNull());
        assertEquals("violation", j.get("outcome").asText());
        JsonNode v = j.get("violations").get(0);
        assertEquals(List.of("monitor", "event", "message"), keys(v));
        assertEquals("double-free", v.get("monitor").asText());
        assertEquals(77, v.get("event").asLong());
    }

    @Test
    void textOpensWithThePanicAndHasEverySection() {
        String t = TextReport.render(Reports.panic());
        List<String> lines = t.lines().toList();
        assertEquals("panic: " + Reports.PANIC, lines.get(0));
        int bt = lines.indexOf("Causal backtrace (newest first)");
        assertTrue(bt > 0, t);
        assertTrue(lines.get(bt + 1).matches("\\s+#0\\s+cpu0: panic\\(.*"), t);
        assertTrue(lines.get(bt + 2).matches("\\s+#1\\s+.*"), t);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Where the memory went")), t);
        assertTrue(lines.contains("Emergency collections (pmap_collect)"), t);
        assertTrue(lines.contains("Safety monitors"), t);
        assertTrue(lines.contains("Counters"), t);
        assertTrue(lines.get(lines.size() - 1).startsWith("1,234,567 events"), t);
        // pools in pages, MiB and percent of npages: 1210 pages of 8 KiB = 9.45 MiB = 49.8 %
        assertTrue(Pattern.compile("(?m)^\\s+active\\s+1,210\\s+9\\.45\\s+49\\.8$").matcher(t).find(), t);
        assertTrue(Pattern.compile("(?m)^\\s+npages\\s+2,432\\s+19\\.00\\s+100\\.0$").matcher(t).find(), t);
        assertTrue(t.contains("2 collections, 7 pages freed"), t);
        assertTrue(Pattern.compile("(?m)^\\s+\\[\\s+754\\.123456\\]\\s+cpu0\\s+19 sh\\s+4\\s+#118233$").matcher(t).find(),
                t);
    }

    @Test
    void textHeadlinesOfTheOtherOutcomes() {
        assertEquals("completed", first(Reports.report(Outcome.COMPLETED, null, List.of(), "all work done")));
        assertEquals("stalled: no progress for 10m",
                first(Reports.report(Outcome.STALLED, null, List.of(), "no progress for 10m")));
        assertEquals("violation: collect-active: pmap-12 collected while active on cpu1",
                first(Reports.report(Outcome.VIOLATION, null,
                        List.of(new Violation("collect-active", 9, "pmap-12 collected while active on cpu1")), "done")));
    }

    @Test
    void columnsAreAligned() {
        String t = TextReport.render(Reports.panic());
        List<String> lines = t.lines().toList();
        int from = lines.indexOf("Emergency collections (pmap_collect)");
        String header = lines.get(from + 1);
        String row = lines.get(from + 2);
        // right-aligned "pages freed" column: the numbers end where the header ends
        int end = header.indexOf("pages freed") + "pages freed".length();
        assertEquals('4', row.charAt(end - 1), t);
    }

    private static String first(RunReport r) {
        return TextReport.render(r).lines().findFirst().orElseThrow();
    }
}
