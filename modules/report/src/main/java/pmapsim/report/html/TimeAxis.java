package pmapsim.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Simulated time across a chart: microseconds to x, and round ticks in seconds. Charts of one run share it. */
final class TimeAxis {
    static final double LEFT = 78;
    static final double WIDTH = 1080;

    private final long start;
    private final long end;

    /** The whole run: from 0 to its end. */
    TimeAxis(long endMicros) {
        this(0, endMicros);
    }

    /** A stretch of the run, in simulated microseconds. */
    TimeAxis(long startMicros, long endMicros) {
        this.start = Math.max(0, startMicros);
        this.end = Math.max(this.start + 1, endMicros);
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    boolean covers(long micros) {
        return micros >= start && micros <= end;
    }

    double x(long micros) {
        return LEFT + WIDTH * (Math.max(start, Math.min(end, micros)) - start) / (end - start);
    }

    /** Ticks and their labels, at a round step giving about eight of them. */
    void draw(Canvas c, double top, double bottom) {
        double step = niceStep((end - start) / 8.0);
        c.line(LEFT, bottom, LEFT + WIDTH, bottom, Canvas.Style.stroke(Palette.AXIS, 1), null);
        for (long t : ticks(step)) {
            double x = x(t);
            c.line(x, top, x, bottom, Canvas.Style.stroke(Palette.GRID, 1), null);
            c.line(x, bottom, x, bottom + 4, Canvas.Style.stroke(Palette.AXIS, 1), null);
            c.text(x, bottom + 16, seconds(t, step), 11, Canvas.Anchor.MIDDLE, Palette.INK);
        }
        c.text(LEFT + WIDTH, bottom + 30, "simulated time", 11, Canvas.Anchor.END, Palette.MUTED);
    }

    private List<Long> ticks(double step) {
        List<Long> out = new ArrayList<>();
        for (long i = (long) Math.ceil(start / step); i * step <= end + 1e-9; i++) {
            out.add(Math.round(i * step));
        }
        return out;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 1) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static String seconds(long micros, double stepMicros) {
        int decimals = stepMicros >= 1_000_000 ? 0 : stepMicros >= 100_000 ? 1 : stepMicros >= 10_000 ? 2
                : stepMicros >= 1_000 ? 3 : 6;
        return String.format(Locale.ROOT, "%." + decimals + "f s", micros / 1e6);
    }

    /** A simulated time for a tooltip: {@code 12.345678 s}. */
    static String at(long micros) {
        return String.format(Locale.ROOT, "%d.%06d s", micros / 1_000_000, micros % 1_000_000);
    }
}
