package pmapsim.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr for long work (reading a big run, a stress campaign): {@code start(label,
 * total)}, {@code advance(n)} as work is done, {@code done()} at the end. It draws only on a terminal
 * ({@code System.console() != null}) and never under {@code --json}; otherwise every call is a no-op. It redraws at
 * most ten times a second, so {@code advance(1)} per event is cheap. Safe to call from several threads.
 */
public final class Progress {
    private static final int BAR = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private String label = "";
    private long total = -1;
    private long done;
    private long lastDraw;
    private int lastWidth;
    private boolean started;

    Progress(PrintStream out, boolean enabled, LongSupplier nanoTime) {
        this.out = out;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
    }

    /** A bar on stderr when stdin/stdout are a terminal and {@code json} is false; a quiet one otherwise. */
    public static Progress forTerminal(boolean json) {
        return new Progress(System.err, System.console() != null && !json, System::nanoTime);
    }

    /** A bar that never draws. */
    public static Progress quiet() {
        return new Progress(System.err, false, System::nanoTime);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Starts (or restarts) the bar.
     *
     * @param total how many units the work has, or a negative number when that is not known (then only the count
     *              shows)
     */
    public synchronized void start(String label, long total) {
        this.label = label;
        this.total = total;
        this.done = 0;
        this.started = true;
        this.lastDraw = nanoTime.getAsLong();
        draw();
    }

    public synchronized void advance(long n) {
        if (!started) {
            return;
        }
        done += n;
        if (enabled) {
            long now = nanoTime.getAsLong();
            if (now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                draw();
            }
        }
    }

    /** Draws the count reached and ends the line. Harmless when never started or called twice. */
    public synchronized void done() {
        if (!started) {
            return;
        }
        started = false;
        if (enabled) {
            draw();
            out.print('\n');
            out.flush();
        }
    }

    /** The line as it would be drawn now (without the carriage return). */
    synchronized String line() {
        String count = String.format(Locale.ROOT, "%,d", done);
        if (total < 0) {
            return label + "  " + count;
        }
        double f = total == 0 ? 1 : Math.min(1, (double) done / total);
        int full = (int) Math.round(f * BAR);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %s/%,d", label, "#".repeat(full), "-".repeat(BAR - full),
                (int) Math.floor(f * 100), count, total);
    }

    private void draw() {
        if (!enabled) {
            return;
        }
        String l = line();
        int pad = Math.max(0, lastWidth - l.length());
        lastWidth = l.length();
        out.print('\r' + l + " ".repeat(pad));
        out.flush();
    }
}
