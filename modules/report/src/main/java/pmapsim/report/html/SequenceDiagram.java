package pmapsim.report.html;

import java.util.ArrayList;
import java.util.List;
import pmapsim.actors.pmap.Pmap;
import pmapsim.actors.run.ModelEvent;
import pmapsim.actors.run.Stamped;
import pmapsim.actors.uvm.PhysicalMemory;

/**
 * The causal backtrace as a message-sequence diagram: one lifeline per actor on the chain, time running down, an
 * arrow where a message carried the cause from one actor to the next, a box where an actor went on in its own
 * turn. Each row is a line of the text backtrace, numbered as there ({@code #0} is the end of the run, at the
 * bottom).
 */
final class SequenceDiagram {
    static final int WIDTH = 1300;
    private static final double LEFT = 12;
    private static final double COL = 92;
    private static final double HEAD = 58;
    private static final double ROW = 19;

    private SequenceDiagram() {
    }

    /**
     * @param chain the chain as the timeline walked it, newest step first
     * @param lines the report's backtrace, newest first: the label of each step
     */
    static Canvas of(RunTimeline.Chain chain, List<String> lines) {
        List<List<Stamped>> steps = new ArrayList<>(chain.steps());
        java.util.Collections.reverse(steps); // oldest first: time runs down
        List<String> actors = new ArrayList<>();
        for (List<Stamped> s : steps) {
            String a = s.get(0).actor();
            if (!actors.contains(a)) {
                actors.add(a);
            }
        }
        int n = steps.size();
        double rowsTop = HEAD + (chain.truncated() ? ROW : 0) + 8;
        double height = rowsTop + Math.max(1, n) * ROW + 16;
        Canvas c = new Canvas("backtrace", "The causal backtrace of the run's end as a message-sequence diagram "
                + "across the actors involved", WIDTH, (int) height);
        double textX = LEFT + Math.max(1, actors.size()) * COL + 14;
        double textW = WIDTH - textX - 8;
        c.bold(LEFT, 16, "Causal backtrace: " + n + " step" + (n == 1 ? "" : "s") + " across " + actors.size()
                + " actor" + (actors.size() == 1 ? "" : "s") + ", time running down", 13, Canvas.Anchor.START,
                Palette.INK);

        c.part("lifelines");
        for (int i = 0; i < actors.size(); i++) {
            double x = col(i);
            c.rect(x - COL / 2 + 4, 28, COL - 8, 20, new Canvas.Style("#eef3f8", "#5b7fa6", 1, false), actors.get(i));
            c.mono(x, 42, Canvas.fit(actors.get(i), 11, COL - 12), 11, Canvas.Anchor.MIDDLE, Palette.INK,
                    actors.get(i));
            c.line(x, 48, x, height - 8, Canvas.Style.stroke("#9fb3c8", 1).withDash(), null);
        }
        if (chain.truncated()) {
            c.text(textX, HEAD + 12, "... earlier causes are older than the last " + RunTimeline.RING
                    + " events", 11, Canvas.Anchor.START, Palette.MUTED);
        }

        c.part("messages");
        for (int k = 0; k < n; k++) {
            List<Stamped> step = steps.get(k);
            Stamped newest = step.get(0);
            Stamped oldest = step.get(step.size() - 1);
            int index = n - 1 - k; // the backtrace's number: #0 is the newest
            int a = actors.indexOf(newest.actor());
            double y = rowsTop + k * ROW + ROW / 2;
            if (k % 2 == 0) {
                c.rect(textX - 6, y - ROW / 2, textW + 10, ROW, Canvas.Style.fill("#f7f7f7"), null);
            }
            String line = index < lines.size() ? lines.get(index)
                    : newest.actor() + " " + newest.body().getClass().getSimpleName();
            if (k > 0) {
                int from = actors.indexOf(steps.get(k - 1).get(0).actor());
                if (from != a) {
                    arrow(c, col(from), col(a), y, "message " + oldest.msg() + ": " + steps.get(k - 1).get(0).actor()
                            + " \u2192 " + newest.actor());
                }
            }
            String colour = colour(newest.body());
            c.rect(col(a) - 5, y - 6, 10, 12, new Canvas.Style(colour, "#ffffff", 0.8, false),
                    "#" + index + " " + line);
            c.mono(textX, y + 4, Canvas.fit("#" + index + "  " + line, 11, textW), 11, Canvas.Anchor.START,
                    colour.equals(Palette.AXIS) ? Palette.INK : colour, line);
        }
        return c;
    }

    private static double col(int i) {
        return LEFT + COL * i + COL / 2;
    }

    private static void arrow(Canvas c, double x0, double x1, double y, String title) {
        double dir = Math.signum(x1 - x0);
        double tip = x1 - dir * 6;
        c.line(x0 + dir * 5, y, tip - dir * 7, y, Canvas.Style.stroke("#33485e", 1.3), title);
        c.polygon(new double[] {tip, y, tip - dir * 8, y - 4, tip - dir * 8, y + 4}, Canvas.Style.fill("#33485e"),
                title);
    }

    /** Red for the panic, orange for the emergency path, purple for collections, grey for the rest. */
    private static String colour(ModelEvent b) {
        if (b instanceof Pmap.Panicked) {
            return Palette.PANIC;
        }
        if (b instanceof Pmap.EmergencyBegan || b instanceof Pmap.WalkEnded || b instanceof Pmap.VictimChecked
                || b instanceof PhysicalMemory.AllocFailed) {
            return "#c26a00";
        }
        if (b instanceof Pmap.CollectAsked || b instanceof Pmap.CollectStarted || b instanceof Pmap.Collected) {
            return Palette.COLLECTION;
        }
        return Palette.AXIS;
    }
}
