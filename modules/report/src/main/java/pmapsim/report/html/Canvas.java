package pmapsim.report.html;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A chart as plain geometry: rectangles, lines, polygons, text, in pixels with the origin at the top left. The same
 * canvas is written as inline SVG ({@link Svg}) and painted as PNG ({@link Png}), so both show the same picture.
 * Shapes are drawn in the order they were added. Colours are {@code #rrggbb}.
 */
public final class Canvas {
    /** What a shape is drawn with; {@code null} fill or stroke means none. */
    public record Style(String fill, String stroke, double strokeWidth, boolean dashed) {
        public static Style fill(String colour) {
            return new Style(colour, null, 0, false);
        }

        public static Style stroke(String colour, double width) {
            return new Style(null, colour, width, false);
        }

        public Style withDash() {
            return new Style(fill, stroke, strokeWidth, true);
        }
    }

    /** A shape of a chart; {@code title} (may be null) is its tooltip in the browser. */
    public sealed interface Shape permits Rect, Line, Polygon, Polyline, Text {
        String title();
    }

    public record Rect(double x, double y, double w, double h, Style style, String title) implements Shape {
    }

    public record Line(double x1, double y1, double x2, double y2, Style style, String title) implements Shape {
    }

    /** A closed, filled polygon; {@code xy} holds x0, y0, x1, y1, ... */
    public record Polygon(double[] xy, Style style, String title) implements Shape {
    }

    /** An open line through points; {@code xy} holds x0, y0, x1, y1, ... */
    public record Polyline(double[] xy, Style style, String title) implements Shape {
    }

    public enum Anchor { START, MIDDLE, END }

    /** Text whose baseline starts ({@code START}), is centred or ends at x, y. */
    public record Text(double x, double y, String text, double size, boolean mono, boolean bold, Anchor anchor,
                       String colour, String title) implements Shape {
    }

    /** A named group of shapes (an SVG {@code <g data-part=...>}): the browser test measures each part. */
    public record Part(String name, List<Shape> shapes) {
    }

    private final String id;
    private final String label;
    private final int width;
    private final int height;
    private final List<Part> parts = new ArrayList<>();
    private Part current;

    /**
     * @param id    the chart's id in the page and the end of its PNG file's name
     * @param label what the chart shows, in a sentence (the SVG's accessible name)
     */
    public Canvas(String id, String label, int width, int height) {
        this.id = id;
        this.label = label;
        this.width = width;
        this.height = height;
        part("frame");
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Parts in drawing order. */
    public List<Part> parts() {
        return Collections.unmodifiableList(parts);
    }

    /** Shapes added from now on belong to a new part with this name. */
    public Canvas part(String name) {
        current = new Part(name, new ArrayList<>());
        parts.add(current);
        return this;
    }

    public Canvas add(Shape s) {
        current.shapes().add(s);
        return this;
    }

    public Canvas rect(double x, double y, double w, double h, Style style, String title) {
        return add(new Rect(x, y, w, h, style, title));
    }

    public Canvas line(double x1, double y1, double x2, double y2, Style style, String title) {
        return add(new Line(x1, y1, x2, y2, style, title));
    }

    public Canvas polygon(double[] xy, Style style, String title) {
        return add(new Polygon(xy, style, title));
    }

    public Canvas polyline(double[] xy, Style style, String title) {
        return add(new Polyline(xy, style, title));
    }

    public Canvas text(double x, double y, String text, double size, Anchor anchor, String colour) {
        return add(new Text(x, y, text, size, false, false, anchor, colour, null));
    }

    public Canvas mono(double x, double y, String text, double size, Anchor anchor, String colour, String title) {
        return add(new Text(x, y, text, size, true, false, anchor, colour, title));
    }

    public Canvas bold(double x, double y, String text, double size, Anchor anchor, String colour) {
        return add(new Text(x, y, text, size, false, true, anchor, colour, null));
    }

    /** A rough width of text in pixels: enough to decide whether a label fits. */
    static double textWidth(String s, double size, boolean mono) {
        return s.length() * size * (mono ? 0.61 : 0.62);
    }

    /** The text cut with an ellipsis to fit {@code px} pixels (monospace). */
    static String fit(String s, double size, double px) {
        int max = (int) Math.floor(px / (size * 0.61));
        if (s.length() <= max) {
            return s;
        }
        return max <= 1 ? "" : s.substring(0, max - 1) + "\u2026";
    }
}
