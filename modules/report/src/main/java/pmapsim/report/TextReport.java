package pmapsim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import pmapsim.model.Pool;

/**
 * The terminal form of a run: what ended it, the causal backtrace, where the memory went, which pmaps the emergency
 * path collected, the monitors, the counters. Plain ASCII, aligned columns, one blank line between sections.
 */
public final class TextReport {
    /** Alpha's page size, used when the caller does not say. */
    public static final int DEFAULT_PAGE_SIZE = 8192;

    private static final String INDENT = "  ";
    private static final int TOP_PMAPS_SHOWN = 10;

    private TextReport() {
    }

    public static String render(RunReport r) {
        return render(r, DEFAULT_PAGE_SIZE);
    }

    /** @param pageSize bytes per page, to show pools in MiB */
    public static String render(RunReport r, int pageSize) {
        StringBuilder b = new StringBuilder();
        b.append(headline(r)).append('\n');
        b.append(INDENT).append(String.join("   ", List.of(
                "scenario " + r.scenario(), "seed " + r.seed(), "policy " + r.policy(), "cpus " + r.cpus(),
                "run " + r.runId()))).append('\n');

        backtrace(b, r);
        memory(b, r, pageSize);
        collections(b, r);
        violations(b, r);
        counters(b, r);

        b.append('\n');
        b.append(num(r.events())).append(" events   ")
                .append(duration(r.simTimeMs())).append(" simulated   ")
                .append(duration(r.wallMs())).append(" wall");
        if (r.wallMs() > 0 && r.events() > 0) {
            b.append(" (").append(rate(r.events() * 1000.0 / r.wallMs())).append(" events/s)");
        }
        if (r.endReason() != null && !r.endReason().isBlank()) {
            b.append("   ended: ").append(r.endReason());
        }
        b.append('\n');
        return b.toString();
    }

    /** The first line: how the run ended, as the kernel would have said it. */
    public static String headline(RunReport r) {
        if (r.outcome() == null) {
            return "unknown outcome";
        }
        return switch (r.outcome()) {
            case PANIC -> "panic: " + (r.panic() == null ? "(no message)" : r.panic());
            case COMPLETED -> "completed";
            case INCOMPLETE -> "incomplete: " + (r.endReason() == null ? "the run did not end" : r.endReason());
            case STALLED -> "stalled: " + (r.endReason() == null ? "no progress with work pending" : r.endReason());
            case VIOLATION -> {
                List<RunReport.Violation> vs = list(r.violations());
                if (vs.isEmpty()) {
                    yield "violation";
                }
                RunReport.Violation v = vs.get(0);
                yield "violation: " + v.monitor() + ": " + v.message()
                        + (vs.size() > 1 ? "   (and " + (vs.size() - 1) + " more)" : "");
            }
        };
    }

    private static void backtrace(StringBuilder b, RunReport r) {
        List<String> bt = list(r.backtrace());
        section(b, "Causal backtrace (newest first)");
        if (bt.isEmpty()) {
            b.append(INDENT).append("none\n");
            return;
        }
        int w = String.valueOf(bt.size() - 1).length() + 1;
        for (int i = 0; i < bt.size(); i++) {
            b.append(INDENT).append(pad("#" + i, w)).append("  ").append(bt.get(i)).append('\n');
        }
    }

    private static void memory(StringBuilder b, RunReport r, int pageSize) {
        SortedMap<String, Long> mem = r.memory();
        String when = switch (r.outcome() == null ? RunReport.Outcome.COMPLETED : r.outcome()) {
            case PANIC -> "at the panic";
            case STALLED -> "when the run stalled";
            default -> "at the end";
        };
        section(b, "Where the memory went (" + when + ", " + kib(pageSize) + " pages)");
        if (mem == null || mem.isEmpty()) {
            b.append(INDENT).append("no memory figures\n");
            return;
        }
        long npages = mem.getOrDefault("npages", 0L);
        Table t = new Table("pool", "pages", "MiB", "% of npages").right(1, 2, 3);
        long sum = 0;
        for (Pool p : Pool.values()) {
            Long pages = mem.get(p.key());
            if (pages == null) {
                continue;
            }
            sum += pages;
            t.row(label(p), num(pages), mib(pages, pageSize), percent(pages, npages));
        }
        for (Map.Entry<String, Long> e : mem.entrySet()) {
            if (!e.getKey().equals("npages") && !isPool(e.getKey())) {
                t.row(e.getKey(), num(e.getValue()), mib(e.getValue(), pageSize), percent(e.getValue(), npages));
            }
        }
        t.rule();
        t.row("npages", num(npages), mib(npages, pageSize), percent(npages, npages));
        t.render(b);
        if (sum != npages) {
            b.append(INDENT).append("pools sum to ").append(num(sum)).append(" pages, not npages: ")
                    .append(sum > npages ? "+" : "").append(num(sum - npages)).append('\n');
        }
        b.append(INDENT).append("in flight to swap: ").append(num(r.pagesInFlight())).append(" pages (")
                .append(mib(r.pagesInFlight(), pageSize)).append(" MiB), counted as inactive\n");

        List<RunReport.PmapUsage> top = list(r.topPmaps());
        if (top.isEmpty()) {
            return;
        }
        b.append('\n').append(INDENT).append("Top pmaps by table pages and pv entries\n");
        Table p = new Table("pmap", "pid", "command", "L1", "L2", "L3", "tables", "pv entries").right(1, 3, 4, 5, 6, 7);
        top.stream().limit(TOP_PMAPS_SHOWN).forEach(u -> p.row(u.pmap(), String.valueOf(u.pid()), u.command(),
                num(u.ptL1()), num(u.ptL2()), num(u.ptL3()), num(u.tablePages()), num(u.pvEntries())));
        p.render(b);
        if (top.size() > TOP_PMAPS_SHOWN) {
            b.append(INDENT).append("... and ").append(top.size() - TOP_PMAPS_SHOWN).append(" more\n");
        }
    }

    private static void collections(StringBuilder b, RunReport r) {
        List<RunReport.Collection> cs = list(r.collected());
        section(b, "Emergency collections (pmap_collect)");
        if (cs.isEmpty()) {
            b.append(INDENT).append("none\n");
            return;
        }
        Table t = new Table("sim time", "cpu", "victim", "pages freed", "event").right(3, 4);
        long freed = 0;
        for (RunReport.Collection c : cs) {
            freed += c.pagesFreed();
            t.row(stamp(c.simTimeUs()), "cpu" + c.byCpu(), c.victim(), num(c.pagesFreed()), "#" + c.event());
        }
        t.render(b);
        b.append(INDENT).append(num(cs.size())).append(cs.size() == 1 ? " collection, " : " collections, ")
                .append(num(freed)).append(freed == 1 ? " page freed\n" : " pages freed\n");
    }

    private static void violations(StringBuilder b, RunReport r) {
        List<RunReport.Violation> vs = list(r.violations());
        section(b, "Safety monitors");
        if (vs.isEmpty()) {
            b.append(INDENT).append("none fired\n");
            return;
        }
        Table t = new Table("monitor", "event", "what it saw");
        for (RunReport.Violation v : vs) {
            t.row(v.monitor(), "#" + v.event(), v.message());
        }
        t.render(b);
    }

    private static void counters(StringBuilder b, RunReport r) {
        SortedMap<String, Long> cs = r.counters();
        if (cs == null || cs.isEmpty()) {
            return;
        }
        section(b, "Counters");
        Table t = new Table().right(1);
        List<String> keys = new ArrayList<>();
        for (String k : Json.CONTRACT_COUNTERS) {
            if (cs.containsKey(k)) {
                keys.add(k);
            }
        }
        cs.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        keys.forEach(k -> t.row(k, num(cs.get(k))));
        t.render(b);
    }

    private static void section(StringBuilder b, String title) {
        b.append('\n').append(title).append('\n');
    }

    private static String label(Pool p) {
        return switch (p) {
            case PT_L1 -> "PT L1";
            case PT_L2 -> "PT L2";
            case PT_L3 -> "PT L3";
            case PV -> "pv";
            default -> p.key();
        };
    }

    private static boolean isPool(String key) {
        for (Pool p : Pool.values()) {
            if (p.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String mib(long pages, int pageSize) {
        return String.format(Locale.ROOT, "%.2f", pages * (double) pageSize / (1024 * 1024));
    }

    static String percent(long part, long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", 100.0 * part / whole);
    }

    static String kib(int bytes) {
        return bytes % 1024 == 0 ? (bytes / 1024) + " KiB" : bytes + " B";
    }

    /** Simulated microseconds as dmesg prints them: {@code [   12.345678]}. */
    static String stamp(long us) {
        return String.format(Locale.ROOT, "[%5d.%06d]", us / 1_000_000, us % 1_000_000);
    }

    /** Milliseconds as {@code 1h02m03.456s}, {@code 2m03.456s} or {@code 3.456s}. */
    static String duration(long ms) {
        long h = ms / 3_600_000;
        long m = (ms / 60_000) % 60;
        long s = (ms / 1000) % 60;
        long milli = ms % 1000;
        if (h > 0) {
            return String.format(Locale.ROOT, "%dh%02dm%02d.%03ds", h, m, s, milli);
        }
        if (m > 0) {
            return String.format(Locale.ROOT, "%dm%02d.%03ds", m, s, milli);
        }
        return String.format(Locale.ROOT, "%d.%03ds", s, milli);
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** Columns as wide as their widest cell, two spaces apart; numbers right-aligned. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final String[] header;
        private boolean[] right = new boolean[0];

        Table(String... header) {
            this.header = header.length == 0 ? null : header;
        }

        Table right(int... cols) {
            int n = 0;
            for (int c : cols) {
                n = Math.max(n, c + 1);
            }
            right = new boolean[n];
            for (int c : cols) {
                right[c] = true;
            }
            return this;
        }

        void row(String... cells) {
            rows.add(cells);
        }

        /** A rule under the rows so far (drawn as dashes across the table). */
        void rule() {
            rows.add(null);
        }

        void render(StringBuilder b) {
            int cols = header == null ? 0 : header.length;
            for (String[] r : rows) {
                if (r != null) {
                    cols = Math.max(cols, r.length);
                }
            }
            int[] w = new int[cols];
            if (header != null) {
                widen(w, header);
            }
            for (String[] r : rows) {
                if (r != null) {
                    widen(w, r);
                }
            }
            int total = 0;
            for (int i = 0; i < cols; i++) {
                total += w[i] + (i == 0 ? 0 : 2);
            }
            if (header != null) {
                line(b, header, w);
            }
            for (String[] r : rows) {
                if (r == null) {
                    b.append(INDENT).append("-".repeat(total)).append('\n');
                } else {
                    line(b, r, w);
                }
            }
        }

        private void line(StringBuilder b, String[] cells, int[] w) {
            StringBuilder l = new StringBuilder(INDENT);
            for (int i = 0; i < cells.length; i++) {
                String c = cells[i] == null ? "-" : cells[i];
                if (i > 0) {
                    l.append("  ");
                }
                boolean last = i == cells.length - 1;
                if (i < right.length && right[i]) {
                    l.append(" ".repeat(w[i] - c.length())).append(c);
                } else {
                    l.append(last ? c : pad(c, w[i]));
                }
            }
            b.append(l.toString().stripTrailing()).append('\n');
        }

        private static void widen(int[] w, String[] cells) {
            for (int i = 0; i < cells.length; i++) {
                w[i] = Math.max(w[i], cells[i] == null ? 1 : cells[i].length());
            }
        }
    }
}
