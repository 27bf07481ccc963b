package pmapsim.report.html;

import java.util.Locale;

/** A {@link Canvas} as inline SVG for an HTML page: no external references, numbers with one decimal. */
final class Svg {
    static final String SANS = "DejaVu Sans, Helvetica, Arial, sans-serif";
    static final String MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace";

    private Svg() {
    }

    static String of(Canvas c) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<svg class=\"chart\" id=\"").append(Html.attr(c.id())).append("\" width=\"").append(c.width())
                .append("\" height=\"").append(c.height()).append("\" viewBox=\"0 0 ").append(c.width()).append(' ')
                .append(c.height()).append("\" role=\"img\" aria-label=\"").append(Html.attr(c.label()))
                .append("\">\n");
        for (Canvas.Part p : c.parts()) {
            if (p.shapes().isEmpty()) {
                continue;
            }
            b.append("<g data-part=\"").append(Html.attr(p.name())).append("\">\n");
            for (Canvas.Shape s : p.shapes()) {
                shape(b, s);
                b.append('\n');
            }
            b.append("</g>\n");
        }
        return b.append("</svg>").toString();
    }

    private static void shape(StringBuilder b, Canvas.Shape s) {
        if (s instanceof Canvas.Rect r) {
            b.append("<rect x=\"").append(n(r.x())).append("\" y=\"").append(n(r.y())).append("\" width=\"")
                    .append(n(r.w())).append("\" height=\"").append(n(r.h())).append('"');
            style(b, r.style());
            close(b, "rect", r.title());
        } else if (s instanceof Canvas.Line l) {
            b.append("<line x1=\"").append(n(l.x1())).append("\" y1=\"").append(n(l.y1())).append("\" x2=\"")
                    .append(n(l.x2())).append("\" y2=\"").append(n(l.y2())).append('"');
            style(b, l.style());
            close(b, "line", l.title());
        } else if (s instanceof Canvas.Polygon p) {
            b.append("<polygon points=\"").append(points(p.xy())).append('"');
            style(b, p.style());
            close(b, "polygon", p.title());
        } else if (s instanceof Canvas.Polyline p) {
            b.append("<polyline points=\"").append(points(p.xy())).append('"');
            style(b, p.style());
            close(b, "polyline", p.title());
        } else if (s instanceof Canvas.Text t) {
            b.append("<text x=\"").append(n(t.x())).append("\" y=\"").append(n(t.y())).append("\" font-size=\"")
                    .append(n(t.size())).append("\" font-family=\"").append(t.mono() ? MONO : SANS).append('"');
            if (t.bold()) {
                b.append(" font-weight=\"bold\"");
            }
            if (t.anchor() != Canvas.Anchor.START) {
                b.append(" text-anchor=\"").append(t.anchor() == Canvas.Anchor.MIDDLE ? "middle" : "end").append('"');
            }
            b.append(" fill=\"").append(t.colour()).append("\">");
            if (t.title() != null) {
                b.append("<title>").append(Html.text(t.title())).append("</title>");
            }
            b.append(Html.text(t.text())).append("</text>");
        }
    }

    private static void style(StringBuilder b, Canvas.Style st) {
        b.append(" fill=\"").append(st.fill() == null ? "none" : st.fill()).append('"');
        if (st.stroke() != null) {
            b.append(" stroke=\"").append(st.stroke()).append("\" stroke-width=\"").append(n(st.strokeWidth()))
                    .append('"');
            if (st.dashed()) {
                b.append(" stroke-dasharray=\"5 3\"");
            }
        }
    }

    private static void close(StringBuilder b, String tag, String title) {
        if (title == null) {
            b.append("/>");
        } else {
            b.append("><title>").append(Html.text(title)).append("</title></").append(tag).append('>');
        }
    }

    private static String points(double[] xy) {
        StringBuilder b = new StringBuilder(xy.length * 6);
        for (int i = 0; i + 1 < xy.length; i += 2) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(n(xy[i])).append(',').append(n(xy[i + 1]));
        }
        return b.toString();
    }

    /** One decimal, no trailing {@code .0}, never {@code -0}: the same text for the same geometry on any machine. */
    static String n(double v) {
        long tenths = Math.round(v * 10);
        if (tenths % 10 == 0) {
            return Long.toString(tenths / 10);
        }
        return String.format(Locale.ROOT, "%.1f", tenths / 10.0);
    }
}
