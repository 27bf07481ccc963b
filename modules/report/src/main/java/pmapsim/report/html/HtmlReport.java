package pmapsim.report.html;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import pmapsim.actors.run.EventSink;
import pmapsim.journal.JournalException;
import pmapsim.journal.JournalSettings;
import pmapsim.journal.RunRow;
import pmapsim.model.Pool;
import pmapsim.model.Thresholds;
import pmapsim.model.scenario.Scenario;
import pmapsim.report.Json;
import pmapsim.report.RunReport;
import pmapsim.report.Runs;
import pmapsim.report.TextReport;

/**
 * A recorded run as one self-contained HTML page (issue 6): where the memory went over time, what each CPU ran,
 * the causal backtrace as a message-sequence diagram, the collections, the monitors and the counters. Everything is
 * inline (SVG, CSS, a few lines of script that only measure the charts); nothing is fetched. The page holds nothing
 * that depends on when or where it was made, so the same run gives the same bytes.
 */
public final class HtmlReport {
    private final RunReport report;
    private final Scenario scenario;
    private final RunRow row;
    private final RunTimeline timeline;
    private final Canvas memory;
    private final Canvas free;
    private final Canvas cpus;
    /** The CPUs over the stretch of the emergencies; null when the run had none. */
    private final Canvas cpusEnd;
    private final Canvas backtrace;
    private final TimeAxis window;

    HtmlReport(RunReport report, Scenario scenario, RunRow row, RunTimeline timeline) {
        this.report = report;
        this.scenario = scenario;
        this.row = row;
        this.timeline = timeline;
        TimeAxis axis = new TimeAxis(timeline.end());
        Long panicAt = timeline.marks().stream().filter(m -> m.kind() == RunTimeline.MarkKind.PANIC)
                .map(RunTimeline.Mark::time).findFirst().orElse(null);
        this.window = emergencies(timeline);
        List<RunReport.Violation> violations = list(report.violations());
        this.memory = MemoryChart.stacked(timeline, axis, panicAt);
        this.cpus = CpuLanes.of(timeline, axis, violations, "cpus", "CPUs: the active pmap (pid, command)");
        if (window != null) {
            this.free = MemoryChart.closeUp(timeline, window, panicAt);
            this.cpusEnd = CpuLanes.of(timeline, window, violations, "cpus-end", "CPUs from "
                    + TimeAxis.seconds(window.start(), 1000));
        } else {
            this.free = MemoryChart.closeUp(timeline, axis, panicAt);
            this.cpusEnd = null;
        }
        this.backtrace = SequenceDiagram.of(timeline.chain(), list(report.backtrace()));
    }

    /**
     * The stretch of time from a little before the first emergency to the end: where a run that panics is decided.
     * Null when there was no emergency, or when it covers nearly the whole run anyway.
     */
    private static TimeAxis emergencies(RunTimeline tl) {
        long first = tl.marks().stream().filter(m -> m.kind() == RunTimeline.MarkKind.EMERGENCY)
                .mapToLong(RunTimeline.Mark::time).min().orElse(-1);
        if (first < 0) {
            return null;
        }
        long start = Math.max(0, first - Math.max(1000, (tl.end() - first) / 20));
        return start < tl.end() / 10 ? null : new TimeAxis(start, tl.end());
    }

    /**
     * Reads a recorded run from the journal (one pass: the replay's fold and this report's timeline see the same
     * events) and lays out its page.
     *
     * @param more sinks to see the events too (a progress bar), given the run's row and scenario first
     */
    public static HtmlReport read(JournalSettings journal, String runId,
                                  Function<Runs.Reading, List<? extends EventSink>> more) throws JournalException {
        RunTimeline[] timeline = new RunTimeline[1];
        RunRow[] row = new RunRow[1];
        Runs.Replayed replayed = Runs.replayed(journal, runId, reading -> {
            Scenario s = reading.scenario();
            row[0] = reading.row();
            timeline[0] = new RunTimeline(s.machine().npages(), s.machine().cpus(), s.machine().thresholds(),
                    reading.row().outcome() == null ? -1 : reading.row().endEvent());
            List<EventSink> sinks = new ArrayList<>(List.of(timeline[0]));
            sinks.addAll(more.apply(reading));
            return sinks;
        });
        return new HtmlReport(replayed.report(), replayed.scenario(), row[0], timeline[0]);
    }

    /** The replayed report: the numbers the page shows. Its {@code wall_ms} is the replay's, and not on the page. */
    public RunReport report() {
        return report;
    }

    public RunTimeline timeline() {
        return timeline;
    }

    /**
     * The charts in page order: the pools ({@code memory}), the CPUs ({@code cpus}), the free pages close up
     * ({@code memory-free}), the CPUs during the emergencies ({@code cpus-end}, when there were any) and the
     * backtrace ({@code backtrace}).
     */
    public List<Canvas> charts() {
        List<Canvas> out = new ArrayList<>(List.of(memory, cpus, free));
        if (cpusEnd != null) {
            out.add(cpusEnd);
        }
        out.add(backtrace);
        return out;
    }

    /** Writes each chart as {@code RUN-CHART.png} in {@code dir} (created if missing); the files, in page order. */
    public List<Path> writePngs(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (Canvas c : charts()) {
            Path p = dir.resolve(report.runId() + "-" + c.id() + ".png");
            Files.write(p, Png.of(c));
            out.add(p);
        }
        return out;
    }

    public String html() {
        StringBuilder b = new StringBuilder(512 * 1024);
        String headline = TextReport.headline(report);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>pmapsim run ").append(Html.text(report.runId())).append(": ")
                .append(Html.text(headline)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n");
        header(b, headline);
        memory(b);
        cpus(b);
        emergency(b);
        backtrace(b);
        collections(b);
        monitors(b);
        counters(b);
        b.append("<footer>Made by <code>pmapsim report ").append(Html.text(report.runId()))
                .append("</code> from the journal alone. Simulated times are the run's; "
                        + "hover over a chart for details.</footer>\n");
        b.append("<pre id=\"chart-sizes\" hidden></pre>\n<script>\n").append(SCRIPT).append("</script>\n");
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private void header(StringBuilder b, String headline) {
        String outcome = report.outcome() == null ? "unknown" : report.outcome().key();
        b.append("<header>\n<p class=\"kicker\">pmapsim \u00b7 run <code>").append(Html.text(report.runId()))
                .append("</code></p>\n");
        b.append("<h1 id=\"headline\" class=\"outcome-").append(outcome).append("\" data-outcome=\"").append(outcome)
                .append("\">");
        if (report.panic() != null && report.outcome() == RunReport.Outcome.PANIC) {
            b.append("panic: <span id=\"panic-message\">").append(Html.text(report.panic())).append("</span>");
        } else {
            b.append(Html.text(headline));
        }
        b.append("</h1>\n<dl class=\"facts\">\n");
        fact(b, "scenario", report.scenario() + " (" + scenario.source() + ")");
        fact(b, "seed", String.valueOf(report.seed()));
        fact(b, "policy", report.policy());
        fact(b, "cpus", String.valueOf(report.cpus()));
        fact(b, "memory", TextNumbers.num(report.memory().getOrDefault("npages", 0L)) + " managed pages of "
                + scenario.machine().pageSize() / 1024 + " KiB");
        fact(b, "events", TextNumbers.num(report.events()));
        fact(b, "simulated", TextNumbers.millis(report.simTimeMs()));
        fact(b, "wall time", row.outcome() == null ? "unknown (the run did not end)" : TextNumbers.millis(row.wallMs())
                + " when it ran");
        if (report.endReason() != null && !report.endReason().isBlank()) {
            fact(b, "ended", report.endReason());
        }
        if (report.panic() != null && report.outcome() != RunReport.Outcome.PANIC) {
            fact(b, "panic", report.panic());
        }
        b.append("</dl>\n</header>\n");
    }

    private static void fact(StringBuilder b, String name, String value) {
        b.append("<div><dt>").append(Html.text(name)).append("</dt><dd>").append(Html.text(value))
                .append("</dd></div>\n");
    }

    private void memory(StringBuilder b) {
        Thresholds t = scenario.machine().thresholds();
        b.append("<section id=\"memory-section\">\n<h2>Where the memory went</h2>\n");
        figure(b, memory, "Every managed page is in exactly one pool, so the stack is always npages high. "
                + "Free is at the bottom; the dashed lines are freetarg (" + t.freetarg() + "), freemin ("
                + t.freemin() + ") and the reserves (kernel " + t.reserveKernel() + ", pagedaemon "
                + t.reservePagedaemon() + "). Each sample is the moment of its stretch of time with the fewest "
                + "free pages.");

        SortedMap<String, Long> mem = report.memory();
        long npages = mem.getOrDefault("npages", 0L);
        int pageSize = scenario.machine().pageSize();
        b.append("<div class=\"tables\">\n<table id=\"memory\">\n<caption>At the end of the run (")
                .append(pageSize / 1024).append(" KiB pages)</caption>\n")
                .append("<tr><th>pool</th><th class=\"num\">pages</th><th class=\"num\">MiB</th>"
                        + "<th class=\"num\">% of npages</th></tr>\n");
        for (Pool p : Pool.values()) {
            Long pages = mem.get(p.key());
            if (pages == null) {
                continue;
            }
            b.append("<tr data-pool=\"").append(p.key()).append("\"><td><span class=\"swatch\" style=\"background:")
                    .append(Palette.pool(p)).append("\"></span>").append(Html.text(Palette.label(p)))
                    .append("</td><td class=\"num\">").append(TextNumbers.num(pages)).append("</td><td class=\"num\">")
                    .append(TextNumbers.mib(pages, pageSize)).append("</td><td class=\"num\">")
                    .append(TextNumbers.percent(pages, npages)).append("</td></tr>\n");
        }
        b.append("<tr class=\"total\" data-pool=\"npages\"><td>npages</td><td class=\"num\">")
                .append(TextNumbers.num(npages)).append("</td><td class=\"num\">").append(TextNumbers.mib(npages,
                        pageSize)).append("</td><td class=\"num\">100.0</td></tr>\n");
        b.append("<tr><td colspan=\"4\" class=\"note\">in flight to swap: ")
                .append(TextNumbers.num(report.pagesInFlight())).append(" pages, counted as inactive</td></tr>\n");
        b.append("</table>\n");

        b.append("<table id=\"top-pmaps\">\n<caption>Top pmaps by table pages and pv entries</caption>\n"
                + "<tr><th>pmap</th><th class=\"num\">pid</th><th>command</th><th class=\"num\">L1</th>"
                + "<th class=\"num\">L2</th><th class=\"num\">L3</th><th class=\"num\">pv entries</th></tr>\n");
        for (RunReport.PmapUsage u : list(report.topPmaps())) {
            b.append("<tr><td>").append(Html.text(u.pmap())).append("</td><td class=\"num\">").append(u.pid())
                    .append("</td><td>").append(Html.text(u.command())).append("</td><td class=\"num\">")
                    .append(TextNumbers.num(u.ptL1())).append("</td><td class=\"num\">")
                    .append(TextNumbers.num(u.ptL2())).append("</td><td class=\"num\">")
                    .append(TextNumbers.num(u.ptL3())).append("</td><td class=\"num\">")
                    .append(TextNumbers.num(u.pvEntries())).append("</td></tr>\n");
        }
        if (list(report.topPmaps()).isEmpty()) {
            b.append("<tr><td colspan=\"7\" class=\"note\">no pmap holds table pages or pv entries</td></tr>\n");
        }
        b.append("</table>\n</div>\n</section>\n");
    }

    private void cpus(StringBuilder b) {
        b.append("<section id=\"cpus-section\">\n<h2>What each CPU ran</h2>\n");
        figure(b, cpus, "A bar is a pmap active on the CPU (pm_cpus has its bit), labelled pid and "
                + "command. Triangles on a lane are emergencies of pmap_alloc_physpage on that CPU, diamonds the "
                + "victims the emergency path collected; the last lane has the pageouts (ticks) and dropped NFS "
                + "replies (crosses). Dashed pink lines: a safety monitor fired; the red line is the panic.");
        b.append("</section>\n");
    }

    private static final String FREE_CAPTION = "The free pages against the thresholds, magnified: at "
            + "reserve_kernel and below, pmap_alloc_physpage is refused and the emergency path starts.";

    private void emergency(StringBuilder b) {
        if (window == null) {
            b.append("<section id=\"free-section\">\n<h2>Free pages and the thresholds</h2>\n");
            figure(b, free, FREE_CAPTION);
            b.append("</section>\n");
            return;
        }
        b.append("<section id=\"emergency-section\">\n<h2>The emergencies, close up</h2>\n");
        figure(b, free, FREE_CAPTION);
        figure(b, cpusEnd, "The same lanes from " + TimeAxis.at(window.start()) + " (a little before the first "
                + "emergency) to the end.");
        b.append("</section>\n");
    }

    private void backtrace(StringBuilder b) {
        b.append("<section id=\"backtrace-section\">\n<h2>Causal backtrace</h2>\n");
        figure(b, backtrace, "The stack trace 1998 did not have: from the event that ended the run back "
                + "through each event's cause, across actors. Arrows are messages; boxes are an actor's own steps. "
                + "Numbers are those of the text report (#0, the end, is at the bottom).");
        List<String> bt = list(report.backtrace());
        b.append("<details>\n<summary>The backtrace as text (newest first)</summary>\n<ol id=\"backtrace\" start=\"0\">\n");
        for (String line : bt) {
            b.append("<li><code>").append(Html.text(line)).append("</code></li>\n");
        }
        b.append("</ol>\n</details>\n</section>\n");
    }

    private void collections(StringBuilder b) {
        List<RunReport.Collection> cs = list(report.collected());
        long freed = cs.stream().mapToLong(RunReport.Collection::pagesFreed).sum();
        b.append("<section id=\"collections-section\">\n<h2>Emergency collections (pmap_collect)</h2>\n");
        b.append("<table id=\"collections\">\n<tr><th>sim time</th><th>cpu</th><th>victim</th>"
                + "<th class=\"num\">pages freed</th><th class=\"num\">event</th></tr>\n");
        for (RunReport.Collection c : cs) {
            b.append("<tr class=\"collection\" data-time-us=\"").append(c.simTimeUs()).append("\"><td><code>")
                    .append(TextNumbers.stamp(c.simTimeUs())).append("</code></td><td>cpu").append(c.byCpu())
                    .append("</td><td>").append(Html.text(c.victim())).append("</td><td class=\"num\">")
                    .append(TextNumbers.num(c.pagesFreed())).append("</td><td class=\"num\">#").append(c.event())
                    .append("</td></tr>\n");
        }
        if (cs.isEmpty()) {
            b.append("<tr><td colspan=\"5\" class=\"note\">none</td></tr>\n");
        }
        b.append("</table>\n<p class=\"note\" id=\"collections-total\">").append(TextNumbers.num(cs.size()))
                .append(cs.size() == 1 ? " collection, " : " collections, ").append(TextNumbers.num(freed))
                .append(freed == 1 ? " page freed" : " pages freed").append("</p>\n</section>\n");
    }

    private void monitors(StringBuilder b) {
        List<RunReport.Violation> vs = list(report.violations());
        b.append("<section id=\"monitors-section\">\n<h2>Safety monitors</h2>\n");
        if (vs.isEmpty()) {
            b.append("<p id=\"violations\" class=\"note\">none fired</p>\n</section>\n");
            return;
        }
        b.append("<table id=\"violations\">\n<tr><th>monitor</th><th class=\"num\">event</th><th>what it saw</th>"
                + "</tr>\n");
        for (RunReport.Violation v : vs) {
            b.append("<tr class=\"violation\"><td>").append(Html.text(v.monitor())).append("</td><td class=\"num\">#")
                    .append(v.event()).append("</td><td>").append(Html.text(v.message())).append("</td></tr>\n");
        }
        b.append("</table>\n</section>\n");
    }

    private void counters(StringBuilder b) {
        b.append("<section id=\"counters-section\">\n<h2>Counters</h2>\n<table id=\"counters\">\n");
        SortedMap<String, Long> cs = report.counters();
        List<String> keys = new ArrayList<>();
        for (String k : Json.CONTRACT_COUNTERS) {
            if (cs.containsKey(k)) {
                keys.add(k);
            }
        }
        for (Map.Entry<String, Long> e : cs.entrySet()) {
            if (!keys.contains(e.getKey())) {
                keys.add(e.getKey());
            }
        }
        for (String k : keys) {
            b.append("<tr data-counter=\"").append(Html.attr(k)).append("\"><td>").append(Html.text(k))
                    .append("</td><td class=\"num\">").append(TextNumbers.num(cs.get(k))).append("</td></tr>\n");
        }
        b.append("</table>\n</section>\n");
    }

    private static void figure(StringBuilder b, Canvas c, String caption) {
        b.append("<figure>\n").append(Svg.of(c)).append("\n<figcaption>").append(Html.text(caption))
                .append("</figcaption>\n</figure>\n");
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static final String CSS = """
            body { margin: 0; background: #fafafa; color: #222; font: 14px/1.45 "DejaVu Sans", Helvetica, Arial, \
            sans-serif; }
            main { max-width: 1340px; margin: 0 auto; padding: 16px 20px 40px; }
            h1 { font-size: 22px; margin: 4px 0 10px; }
            h1.outcome-panic, h1.outcome-violation { color: #b00000; }
            h1.outcome-stalled, h1.outcome-incomplete { color: #9a5b00; }
            h1.outcome-completed { color: #1b7837; }
            h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; }
            .kicker { color: #666; margin: 0; }
            .facts { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 0; }
            .facts div { display: flex; gap: 6px; }
            .facts dt { color: #666; }
            .facts dd { margin: 0; }
            figure { margin: 10px 0 18px; background: #fff; border: 1px solid #e2e2e2; padding: 8px; }
            figure svg { display: block; max-width: 100%; height: auto; }
            figcaption { color: #555; font-size: 12.5px; margin-top: 4px; }
            .tables { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
            table { border-collapse: collapse; background: #fff; }
            caption { text-align: left; font-weight: bold; padding: 4px 0; }
            th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
            th { background: #f0f0f0; font-weight: 600; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.total td { border-top: 2px solid #bbb; font-weight: 600; }
            .note { color: #666; font-size: 12.5px; }
            .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; }
            details { margin-top: 6px; }
            ol#backtrace { padding-left: 3em; }
            ol#backtrace li::marker { content: "#" counter(list-item) "  "; }
            footer { margin-top: 32px; color: #777; font-size: 12px; }
            """;

    /** Measures every chart and each of its parts as the browser laid them out (the tests read it). */
    private static final String SCRIPT = """
            (function () {
              var out = [];
              document.querySelectorAll('svg.chart').forEach(function (svg) {
                var r = svg.getBoundingClientRect();
                var size = Math.round(r.width) + 'x' + Math.round(r.height);
                svg.setAttribute('data-rendered', size);
                out.push(svg.id + ' * ' + size);
                svg.querySelectorAll('g[data-part]').forEach(function (g) {
                  var b = g.getBoundingClientRect();
                  out.push(svg.id + ' ' + g.getAttribute('data-part') + ' ' + Math.round(b.width) + 'x'
                    + Math.round(b.height) + ' ' + g.childElementCount);
                });
              });
              document.getElementById('chart-sizes').textContent = out.join('\\n');
            })();
            """;
}
