package pmapsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar: drawn on a terminal, throttled, quiet otherwise. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long now;

    private Progress bar(boolean enabled) {
        return new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), enabled, () -> now);
    }

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aKnownTotalShowsABarAPercentageAndTheCount() {
        Progress p = bar(true);
        p.start("reading run x", 2000);
        now += 200_000_000L;
        p.advance(1000);
        assertTrue(p.line().matches("reading run x \\[#{14}-{14}\\]  50%  1,000/2,000"), p.line());
        assertTrue(written().contains("\r" + p.line()), written());
        p.advance(1000);
        p.done();
        assertTrue(written().endsWith("100%  2,000/2,000\n"), written());
    }

    @Test
    void anUnknownTotalShowsTheCount() {
        Progress p = bar(true);
        p.start("replaying", -1);
        p.advance(12345);
        assertEquals("replaying  12,345", p.line());
    }

    @Test
    void itRedrawsAtMostTenTimesASecond() {
        Progress p = bar(true);
        p.start("x", 1_000_000);
        int before = written().length();
        for (int i = 0; i < 10_000; i++) {
            p.advance(1);
        }
        assertEquals(before, written().length(), "no redraw within 100 ms");
        now += 100_000_000L;
        p.advance(1);
        assertTrue(written().length() > before);
    }

    @Test
    void offATerminalOrUnderJsonItIsQuiet() {
        Progress p = bar(false);
        p.start("x", 10);
        p.advance(5);
        p.done();
        assertEquals("", written());
        assertFalse(Progress.forTerminal(true).enabled(), "--json keeps it quiet");
        assertFalse(Progress.quiet().enabled());
        Progress.quiet().done(); // harmless when never started
    }
}
