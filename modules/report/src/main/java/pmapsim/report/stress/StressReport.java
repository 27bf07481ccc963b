package pmapsim.report.stress;

import java.util.List;
import java.util.Map;

/**
 * {@code stress --report FILE.html}: one self-contained page (inline SVG and CSS, no script, no network) with, per
 * policy, the outcome classes as horizontal bars, each class naming its first seed, its story, and the command that
 * replays it. The same campaign gives the same bytes.
 */
public final class StressReport {
    private StressReport() {
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * @param replay policy and class to the command line that replays the class's first seed
     */
    public static String render(String scenario, String strategy, List<Campaign.Table> tables,
                                Map<String, Map<OutcomeClass, String>> replay) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pmapsim stress: ")
                .append(esc(scenario)).append("</title>\n<style>body{font:14px/1.4 sans-serif;margin:24px;color:#222}"
                        + "h2{margin-top:28px}code{background:#f3f3f3;padding:1px 4px}a{color:#1a55a8}"
                        + ".story{margin:2px 0 10px 16px}</style></head><body>\n");
        h.append("<h1>Stress campaign</h1>\n<p>").append(esc(scenario)).append(", strategy <code>")
                .append(esc(strategy)).append("</code></p>\n");
        String[] colours = {"#c0392b", "#d35400", "#8e44ad", "#2c3e50", "#7f8c8d", "#b7950b", "#e67e22", "#16a085",
                "#95a5a6", "#27ae60"};
        for (Campaign.Table t : tables) {
            h.append("<h2>").append(esc(t.policy())).append(": ").append(t.runs()).append(" runs</h2>\n");
            int rows = t.rows().size();
            int width = 760;
            int height = 28 * rows + 10;
            h.append("<svg class=\"classes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                    .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"outcome classes of ")
                    .append(esc(t.policy())).append("\">\n");
            int y = 5;
            for (Campaign.Row r : t.rows().values()) {
                int bar = (int) Math.max(2, Math.round(480.0 * r.count() / Math.max(1, t.runs())));
                String id = t.policy() + "-" + r.outcome().key();
                h.append("<a href=\"#").append(esc(id)).append("\"><text x=\"0\" y=\"").append(y + 17)
                        .append("\" font-size=\"13\">").append(esc(r.outcome().key())).append("</text>")
                        .append("<rect x=\"160\" y=\"").append(y + 4).append("\" width=\"").append(bar)
                        .append("\" height=\"18\" fill=\"").append(colours[r.outcome().ordinal() % colours.length])
                        .append("\"/><text x=\"").append(166 + bar).append("\" y=\"").append(y + 17)
                        .append("\" font-size=\"12\">").append(r.count()).append(" (")
                        .append(String.format("%.1f", 100.0 * r.count() / t.runs())).append("%)</text></a>\n");
                y += 28;
            }
            h.append("</svg>\n");
            for (Campaign.Row r : t.rows().values()) {
                String id = t.policy() + "-" + r.outcome().key();
                h.append("<div id=\"").append(esc(id)).append("\"><b>").append(esc(r.outcome().key()))
                        .append("</b>: ").append(r.count()).append(" run(s), first seed ").append(r.firstSeed())
                        .append(" &mdash; ").append(esc(r.outcome().meaning())).append("<div class=\"story\">")
                        .append(esc(r.story())).append("<br>replay: <code>")
                        .append(esc(replay.getOrDefault(t.policy(), Map.of()).getOrDefault(r.outcome(), "")))
                        .append("</code></div></div>\n");
            }
        }
        h.append("</body></html>\n");
        return h.toString();
    }
}
