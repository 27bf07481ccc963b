package pmapsim.report.html;

import java.util.ArrayList;
import java.util.List;
import pmapsim.model.Pool;
import pmapsim.model.Thresholds;

/**
 * Where the memory went, over simulated time: every pool stacked (free at the bottom, so the thresholds read
 * against it), with {@code freetarg}, {@code freemin} and the two reserves as lines; and a close-up of the free pages
 * near those lines, where the run's end is decided.
 */
final class MemoryChart {
    static final int WIDTH = 1300;
    private static final double TOP = 40;
    private static final double PLOT_H = 300;
    private static final double CLOSE_H = 140;

    private MemoryChart() {
    }

    /** A threshold line: its name, its value in pages and its colour. */
    private record Level(String name, long pages, String colour) {
    }

    private static List<Level> levels(Thresholds t) {
        return List.of(new Level("freetarg", t.freetarg(), Palette.FREETARG),
                new Level("freemin", t.freemin(), Palette.FREEMIN),
                new Level("reserve_kernel", t.reserveKernel(), Palette.RESERVE_KERNEL),
                new Level("reserve_pagedaemon", t.reservePagedaemon(), Palette.RESERVE_PAGEDAEMON));
    }

    static Canvas stacked(RunTimeline tl, TimeAxis axis, Long panicAt) {
        double bottom = TOP + PLOT_H;
        Canvas c = new Canvas("memory", "Pages in each pool over simulated time, stacked, with freetarg, freemin and "
                + "the reserves as lines", WIDTH, (int) (bottom + 40));
        List<RunTimeline.Sample> samples = within(tl.samples(), axis);
        long npages = Math.max(1, tl.npages());
        c.bold(TimeAxis.LEFT, 16, "Pages by pool (" + TextNumbers.num(tl.npages()) + " managed pages)", 13,
                Canvas.Anchor.START, Palette.INK);
        legend(c, samples.get(samples.size() - 1));

        c.part("axes");
        axis.draw(c, TOP, bottom);
        for (int i = 0; i <= 4; i++) {
            long v = npages * i / 4;
            double y = bottom - PLOT_H * v / npages;
            c.line(TimeAxis.LEFT - 4, y, TimeAxis.LEFT, y, Canvas.Style.stroke(Palette.AXIS, 1), null);
            c.text(TimeAxis.LEFT - 7, y + 4, TextNumbers.num(v), 11, Canvas.Anchor.END, Palette.INK);
        }
        c.line(TimeAxis.LEFT, TOP, TimeAxis.LEFT, bottom, Canvas.Style.stroke(Palette.AXIS, 1), null);

        c.part("bands");
        long[] below = new long[samples.size()];
        for (Pool p : Pool.values()) {
            long[] above = new long[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                above[i] = below[i] + samples.get(i).pages(p);
            }
            double[] xy = band(samples, below, above, axis, v -> bottom - PLOT_H * v / npages);
            if (xy.length > 0) {
                c.polygon(xy, Canvas.Style.fill(Palette.pool(p)), Palette.label(p));
            }
            below = above;
        }

        c.part("thresholds");
        levelLines(c, tl.thresholds(), axis, v -> bottom - PLOT_H * v / npages, TOP, bottom);
        if (panicAt != null) {
            panicLine(c, axis, panicAt, TOP, bottom);
        }
        return c;
    }

    /**
     * The free pages magnified near the thresholds, over {@code axis} (the whole run, or the stretch where the
     * emergencies were).
     */
    static Canvas closeUp(RunTimeline tl, TimeAxis axis, Long panicAt) {
        double top = 30;
        double bottom = top + CLOSE_H;
        Thresholds t = tl.thresholds();
        long max = Math.max(8, (long) TimeAxis.niceStep(t.freetarg() * 2.0));
        Canvas c = new Canvas("memory-free", "Free pages near freetarg, freemin and the reserves, over simulated time",
                WIDTH, (int) (bottom + 40));
        c.bold(TimeAxis.LEFT, 16, "Free pages, close up (0 to " + max + " pages"
                + (axis.start() > 0 ? ", from " + TimeAxis.seconds(axis.start(), 1000) : "") + ")", 13,
                Canvas.Anchor.START, Palette.INK);

        c.part("axes");
        axis.draw(c, top, bottom);
        for (long v : new long[] {0, max / 2, max}) {
            double y = bottom - CLOSE_H * v / max;
            c.line(TimeAxis.LEFT - 4, y, TimeAxis.LEFT, y, Canvas.Style.stroke(Palette.AXIS, 1), null);
            c.text(TimeAxis.LEFT - 7, y + 4, TextNumbers.num(v), 11, Canvas.Anchor.END, Palette.INK);
        }
        c.line(TimeAxis.LEFT, top, TimeAxis.LEFT, bottom, Canvas.Style.stroke(Palette.AXIS, 1), null);

        c.part("free");
        List<RunTimeline.Sample> samples = within(tl.samples(), axis);
        long[] zero = new long[samples.size()];
        long[] free = new long[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            free[i] = Math.min(max, samples.get(i).pages(Pool.FREE));
        }
        double[] xy = band(samples, zero, free, axis, v -> bottom - CLOSE_H * v / max);
        if (xy.length > 0) {
            c.polygon(xy, new Canvas.Style(Palette.pool(Pool.FREE), "#2e7d32", 1, false), "free pages (cut at "
                    + max + ")");
        }

        c.part("thresholds");
        levelLines(c, t, axis, v -> bottom - CLOSE_H * Math.min(v, max) / max, top, bottom);
        if (panicAt != null) {
            panicLine(c, axis, panicAt, top, bottom);
        }
        return c;
    }

    /** The samples a stretch of time shows: the last one before it (it holds at its start), and those in it. */
    static List<RunTimeline.Sample> within(List<RunTimeline.Sample> all, TimeAxis axis) {
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).time() <= axis.start()) {
                from = i;
            }
        }
        List<RunTimeline.Sample> out = new ArrayList<>();
        for (int i = from; i < all.size(); i++) {
            RunTimeline.Sample s = all.get(i);
            out.add(s.time() < axis.start() ? new RunTimeline.Sample(axis.start(), s.pages()) : s);
        }
        return out;
    }

    private static void legend(Canvas c, RunTimeline.Sample end) {
        c.part("legend");
        double x = TimeAxis.LEFT + 330;
        for (Pool p : Pool.values()) {
            String s = Palette.label(p) + " " + TextNumbers.num(end.pages(p));
            c.rect(x, 6, 11, 11, Canvas.Style.fill(Palette.pool(p)), null);
            c.text(x + 15, 16, s, 11, Canvas.Anchor.START, Palette.INK);
            x += 22 + Canvas.textWidth(s, 11, false);
        }
        c.text(WIDTH - 4, 32, "at the end", 10, Canvas.Anchor.END, Palette.MUTED);
    }

    /** The threshold lines with their labels in the right margin, pushed apart so none overlaps another. */
    private static void levelLines(Canvas c, Thresholds t, TimeAxis axis, java.util.function.LongToDoubleFunction y,
                                   double top, double bottom) {
        double right = TimeAxis.LEFT + TimeAxis.WIDTH;
        double labelY = Double.MAX_VALUE;
        // from the lowest line up: each label at its line or, if that is too close to the one below, above it
        List<Level> up = new ArrayList<>(levels(t));
        java.util.Collections.reverse(up);
        for (Level l : up) {
            double ly = y.applyAsDouble(l.pages());
            c.line(TimeAxis.LEFT, ly, right, ly, Canvas.Style.stroke(l.colour(), 1.2).withDash(),
                    l.name() + " = " + l.pages() + " pages");
            double ty = Math.min(ly + 4, Math.min(labelY - 12, bottom + 4));
            labelY = ty;
            c.line(right, ly, right + 6, ty - 4, Canvas.Style.stroke(l.colour(), 1), null);
            c.text(right + 8, ty, l.name() + " " + l.pages(), 10, Canvas.Anchor.START, l.colour());
        }
    }

    private static void panicLine(Canvas c, TimeAxis axis, long at, double top, double bottom) {
        if (!axis.covers(at)) {
            return;
        }
        double x = axis.x(at);
        c.line(x, top, x, bottom, Canvas.Style.stroke(Palette.PANIC, 1.5), "panic at " + TimeAxis.at(at));
        c.text(x - 3, top + 11, "panic", 11, Canvas.Anchor.END, Palette.PANIC);
    }

    /**
     * A band between two step lines: the upper edge left to right, the lower edge back. Each sample holds until the
     * next; points that lie on a straight stretch are left out.
     */
    static double[] band(List<RunTimeline.Sample> samples, long[] lower, long[] upper, TimeAxis axis,
                         java.util.function.LongToDoubleFunction y) {
        Points up = new Points();
        Points down = new Points();
        int n = samples.size();
        for (int i = 0; i < n; i++) {
            double x0 = axis.x(samples.get(i).time());
            double x1 = i + 1 < n ? axis.x(samples.get(i + 1).time()) : x0;
            up.add(x0, y.applyAsDouble(upper[i]));
            up.add(x1, y.applyAsDouble(upper[i]));
            down.add(x0, y.applyAsDouble(lower[i]));
            down.add(x1, y.applyAsDouble(lower[i]));
        }
        boolean empty = true;
        for (int i = 0; i < n; i++) {
            if (upper[i] != lower[i]) {
                empty = false;
                break;
            }
        }
        if (empty) {
            return new double[0];
        }
        return up.then(down.reversed());
    }

    /** Points in pixels, rounded to a tenth, dropping repeats and the middle of straight runs. */
    private static final class Points {
        private final List<double[]> pts = new ArrayList<>();

        void add(double x, double y) {
            double[] p = {Math.round(x * 10) / 10.0, Math.round(y * 10) / 10.0};
            int n = pts.size();
            if (n > 0 && pts.get(n - 1)[0] == p[0] && pts.get(n - 1)[1] == p[1]) {
                return;
            }
            if (n >= 2) {
                double[] a = pts.get(n - 2);
                double[] b = pts.get(n - 1);
                boolean sameRow = a[1] == b[1] && b[1] == p[1];
                boolean sameColumn = a[0] == b[0] && b[0] == p[0];
                if (sameRow || sameColumn) {
                    pts.set(n - 1, p);
                    return;
                }
            }
            pts.add(p);
        }

        Points reversed() {
            Points r = new Points();
            for (int i = pts.size() - 1; i >= 0; i--) {
                r.add(pts.get(i)[0], pts.get(i)[1]);
            }
            return r;
        }

        double[] then(Points other) {
            double[] out = new double[2 * (pts.size() + other.pts.size())];
            int k = 0;
            for (List<double[]> l : List.of(pts, other.pts)) {
                for (double[] p : l) {
                    out[k++] = p[0];
                    out[k++] = p[1];
                }
            }
            return out;
        }
    }

}
