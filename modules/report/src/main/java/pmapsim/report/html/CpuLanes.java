package pmapsim.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import pmapsim.report.RunReport;

/**
 * One lane per CPU: which pmap (pid, command) was active when, with marks for the emergencies, each collection's
 * victim and the panic; a lane for the page daemon, the swap pager and NFS (pageouts, retransmits); monitor
 * violations and the panic as lines across every lane.
 */
final class CpuLanes {
    static final int WIDTH = 1300;
    private static final double TOP = 46;
    private static final double LANE_H = 34;
    private static final double GAP = 16;
    private static final double LABEL_MIN_GAP = 140;

    private CpuLanes() {
    }

    /**
     * @param id    {@code cpus} for the whole run, {@code cpus-end} for the stretch of the emergencies
     * @param title the chart's heading
     */
    static Canvas of(RunTimeline tl, TimeAxis axis, List<RunReport.Violation> violations, String id, String title) {
        int lanes = tl.cpus() + 1;
        double bottom = TOP + lanes * (LANE_H + GAP) - GAP + 8;
        Canvas c = new Canvas(id, "Which pmap each CPU had active over simulated time, with emergencies, "
                + "collections, pageouts, NFS retransmits, monitor violations and the panic", WIDTH,
                (int) (bottom + 40));
        c.bold(TimeAxis.LEFT, 16, title, 13, Canvas.Anchor.START, Palette.INK);
        legend(c, TimeAxis.LEFT + Canvas.textWidth(title, 13, false) + 28);

        c.part("axes");
        axis.draw(c, TOP - 6, bottom);

        c.part("lanes");
        for (int lane = 0; lane < lanes; lane++) {
            double y = laneTop(lane);
            boolean daemon = lane == tl.cpus();
            c.rect(TimeAxis.LEFT, y, TimeAxis.WIDTH, LANE_H, Canvas.Style.fill(Palette.LANE), null);
            c.text(TimeAxis.LEFT - 8, y + LANE_H / 2 + 4, daemon ? "daemons" : "cpu" + lane, 12,
                    Canvas.Anchor.END, Palette.INK);
            if (daemon) {
                c.text(TimeAxis.LEFT + 4, y + LANE_H - 4, "pagedaemon, swap pager, NFS", 9, Canvas.Anchor.START,
                        Palette.MUTED);
            }
        }

        c.part("active");
        double[] drawnTo = new double[lanes];
        java.util.Arrays.fill(drawnTo, -1);
        for (List<RunTimeline.Active> run : merged(tl.active(), axis)) {
            RunTimeline.Active a = run.get(0);
            if (run.get(run.size() - 1).end() < axis.start() || a.start() > axis.end()) {
                continue;
            }
            double x0 = axis.x(a.start());
            double x1 = Math.max(x0 + 1, axis.x(run.get(run.size() - 1).end())); // a short one is still a tick
            if (x0 < drawnTo[a.cpu()]) {
                continue; // within a pixel already drawn: the picture cannot show it
            }
            drawnTo[a.cpu()] = x1;
            double y = laneTop(a.cpu());
            String who = "pid " + a.pid() + " " + a.command();
            c.rect(x0, y + 3, x1 - x0, LANE_H - 6, Canvas.Style.fill(Palette.pmap(a.pid())),
                    "cpu" + a.cpu() + ": " + who + " (" + a.pmap() + ") active from " + TimeAxis.at(a.start())
                            + " to " + TimeAxis.at(run.get(run.size() - 1).end())
                            + (run.size() > 1 ? ", " + run.size() + " times" : ""));
            String label = a.pid() + " " + a.command();
            if (Canvas.textWidth(label, 10, true) + 6 < x1 - x0) {
                c.mono(x0 + 3, y + LANE_H / 2 + 4, label, 10, Canvas.Anchor.START, Palette.INK, null);
            }
        }

        c.part("marks");
        marks(c, tl, axis);
        c.part("violations");
        for (RunReport.Violation v : violations) {
            long t = tl.timeOf(v.event());
            if (t < 0 || !axis.covers(t)) {
                continue;
            }
            double x = axis.x(t);
            String tip = v.monitor() + " at event " + v.event() + ", " + TimeAxis.at(t) + ": " + v.message();
            c.line(x, TOP - 6, x, bottom, Canvas.Style.stroke(Palette.VIOLATION, 1.2).withDash(), tip);
            c.polygon(new double[] {x - 5, TOP - 14, x + 5, TOP - 14, x, TOP - 6},
                    Canvas.Style.fill(Palette.VIOLATION), tip);
        }
        for (RunTimeline.Mark m : tl.marks()) {
            if (m.kind() == RunTimeline.MarkKind.PANIC && axis.covers(m.time())) {
                double x = axis.x(m.time());
                c.line(x, TOP - 6, x, bottom, Canvas.Style.stroke(Palette.PANIC, 1.5), m.what());
                c.bold(x - 4, TOP - 8, "panic", 11, Canvas.Anchor.END, Palette.PANIC);
            }
        }
        return c;
    }

    private static double laneTop(int lane) {
        return TOP + lane * (LANE_H + GAP);
    }

    /** Consecutive activations of the same pmap on a CPU less than a pixel apart are drawn as one bar. */
    private static List<List<RunTimeline.Active>> merged(List<RunTimeline.Active> all, TimeAxis axis) {
        List<List<RunTimeline.Active>> out = new ArrayList<>();
        List<RunTimeline.Active> cur = null;
        for (RunTimeline.Active a : all) {
            RunTimeline.Active last = cur == null ? null : cur.get(cur.size() - 1);
            if (last != null && last.cpu() == a.cpu() && last.pmap().equals(a.pmap())
                    && last.command().equals(a.command()) && axis.x(a.start()) - axis.x(last.end()) < 1) {
                cur.add(a);
            } else {
                cur = new ArrayList<>();
                cur.add(a);
                out.add(cur);
            }
        }
        return out;
    }

    /** Marks of one kind in one lane at the same pixel are one mark whose tooltip counts them. */
    private static void marks(Canvas c, RunTimeline tl, TimeAxis axis) {
        Map<String, List<RunTimeline.Mark>> byPixel = new LinkedHashMap<>();
        for (RunTimeline.Mark m : tl.marks()) {
            if (!axis.covers(m.time())) {
                continue;
            }
            String key = m.kind() + "/" + m.lane() + "/" + Math.round(axis.x(m.time()));
            byPixel.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
        }
        double[] lastLabel = new double[tl.cpus() + 1];
        java.util.Arrays.fill(lastLabel, -1e9);
        for (List<RunTimeline.Mark> ms : byPixel.values()) {
            RunTimeline.Mark m = ms.get(0);
            int lane = m.lane() == RunTimeline.DAEMON_LANE ? tl.cpus() : m.lane();
            double x = axis.x(m.time());
            double y = laneTop(lane);
            String title = TimeAxis.at(m.time()) + " event " + m.event() + ": " + m.what()
                    + (ms.size() > 1 ? " (and " + (ms.size() - 1) + " more here)" : "");
            switch (m.kind()) {
                case EMERGENCY -> c.polygon(new double[] {x - 5, y - 2, x + 5, y - 2, x, y + 7},
                        new Canvas.Style(Palette.EMERGENCY, "#7a4700", 0.6, false), title);
                case COLLECTION -> {
                    c.polygon(new double[] {x, y + LANE_H - 12, x + 6, y + LANE_H - 5, x, y + LANE_H + 2, x - 6,
                            y + LANE_H - 5}, new Canvas.Style(Palette.COLLECTION, "#ffffff", 0.8, false), title);
                    if (x - lastLabel[lane] >= LABEL_MIN_GAP) {
                        String victim = m.what().replaceFirst("^pmap_collect victim: ", "").replaceFirst(",.*", "");
                        c.mono(x + 7, y + LANE_H + 11, "collect " + victim, 10, Canvas.Anchor.START,
                                Palette.COLLECTION, title);
                        lastLabel[lane] = x;
                    }
                }
                case PAGEOUT -> c.line(x, y + 3, x, y + LANE_H / 2, Canvas.Style.stroke(Palette.PAGEOUT, 1.4), title);
                case RETRANSMIT -> {
                    double cy = y + LANE_H * 0.72;
                    c.line(x - 3.5, cy - 3.5, x + 3.5, cy + 3.5, Canvas.Style.stroke(Palette.RETRANSMIT, 1.6), title);
                    c.line(x - 3.5, cy + 3.5, x + 3.5, cy - 3.5, Canvas.Style.stroke(Palette.RETRANSMIT, 1.6), title);
                }
                case PANIC -> c.rect(x - 4, y + LANE_H / 2 - 4, 8, 8,
                        new Canvas.Style(Palette.PANIC, "#ffffff", 1, false), title);
            }
        }
    }

    private static void legend(Canvas c, double x) {
        c.part("legend");
        double y = 12;
        x = item(c, x, y, "emergency", Palette.EMERGENCY);
        x = item(c, x, y, "collection (victim)", Palette.COLLECTION);
        x = item(c, x, y, "pageout", Palette.PAGEOUT);
        x = item(c, x, y, "NFS retransmit", Palette.RETRANSMIT);
        x = item(c, x, y, "monitor violation", Palette.VIOLATION);
        item(c, x, y, "panic", Palette.PANIC);
    }

    private static double item(Canvas c, double x, double y, String label, String colour) {
        c.rect(x, y - 5, 10, 10, Canvas.Style.fill(colour), null);
        c.text(x + 14, y + 4, label, 11, Canvas.Anchor.START, Palette.INK);
        return x + 26 + Canvas.textWidth(label, 11, false);
    }
}
