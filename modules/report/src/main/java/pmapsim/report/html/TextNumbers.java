package pmapsim.report.html;

import java.util.Locale;

/** Numbers as the text report writes them, so the page and the terminal read alike. */
final class TextNumbers {
    private TextNumbers() {
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

    /** Simulated microseconds as dmesg prints them: {@code [   12.345678]}. */
    static String stamp(long us) {
        return String.format(Locale.ROOT, "[%5d.%06d]", us / 1_000_000, us % 1_000_000);
    }

    static String millis(long ms) {
        return String.format(Locale.ROOT, "%d.%03d s", ms / 1000, ms % 1000);
    }
}
