package pmapsim.report.html;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A {@link Canvas} painted with Java2D, the same geometry as its SVG, at twice the size for sharp text. */
public final class Png {
    static final int SCALE = 2;

    private Png() {
    }

    /** The chart as PNG bytes. */
    public static byte[] of(Canvas c) {
        BufferedImage img = image(c);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage image(Canvas c) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage img = new BufferedImage(c.width() * SCALE, c.height() * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.scale(SCALE, SCALE);
            for (Canvas.Part p : c.parts()) {
                for (Canvas.Shape s : p.shapes()) {
                    paint(g, s);
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void paint(Graphics2D g, Canvas.Shape s) {
        if (s instanceof Canvas.Rect r) {
            draw(g, new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h()), r.style());
        } else if (s instanceof Canvas.Line l) {
            draw(g, new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()), l.style());
        } else if (s instanceof Canvas.Polygon p) {
            Path2D.Double path = path(p.xy());
            path.closePath();
            draw(g, path, p.style());
        } else if (s instanceof Canvas.Polyline p) {
            draw(g, path(p.xy()), p.style());
        } else if (s instanceof Canvas.Text t) {
            Font f = new Font(t.mono() ? Font.MONOSPACED : Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, 1)
                    .deriveFont((float) t.size());
            g.setFont(f);
            g.setColor(colour(t.colour()));
            FontMetrics fm = g.getFontMetrics();
            double w = fm.getStringBounds(t.text(), g).getWidth();
            double x = switch (t.anchor()) {
                case START -> t.x();
                case MIDDLE -> t.x() - w / 2;
                case END -> t.x() - w;
            };
            g.drawString(t.text(), (float) x, (float) t.y());
        }
    }

    private static Path2D.Double path(double[] xy) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i + 1 < xy.length; i += 2) {
            if (i == 0) {
                path.moveTo(xy[i], xy[i + 1]);
            } else {
                path.lineTo(xy[i], xy[i + 1]);
            }
        }
        return path;
    }

    private static void draw(Graphics2D g, java.awt.Shape shape, Canvas.Style st) {
        if (st.fill() != null) {
            g.setColor(colour(st.fill()));
            g.fill(shape);
        }
        if (st.stroke() != null && st.strokeWidth() > 0) {
            g.setColor(colour(st.stroke()));
            g.setStroke(st.dashed()
                    ? new BasicStroke((float) st.strokeWidth(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {5f, 3f}, 0f)
                    : new BasicStroke((float) st.strokeWidth(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
            g.draw(shape);
        }
    }

    static Color colour(String hex) {
        return new Color(Integer.parseInt(hex.substring(1), 16));
    }
}
