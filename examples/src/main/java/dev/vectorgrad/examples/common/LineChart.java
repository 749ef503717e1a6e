package dev.vectorgrad.examples.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart written as a standalone SVG file, which any browser opens: a title, axes with
 * round tick values, axis labels, one or more series and a legend. No dependencies; about what a
 * training run needs, not a plotting library.
 *
 * <pre>{@code
 * new LineChart("Training loss", "step", "loss")
 *         .line("train", steps, losses)
 *         .markers("validation", evalSteps, evalLosses)
 *         .write(Path.of("loss.svg"));
 * }</pre>
 */
public final class LineChart {

    private static final int WIDTH = 860;
    private static final int HEIGHT = 480;
    private static final int LEFT = 72;
    private static final int RIGHT = 24;
    private static final int TOP = 44;
    private static final int BOTTOM = 56;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    private record Series(String name, double[] x, double[] y, boolean markers, String color) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    /** An empty chart with a title and axis labels. */
    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a series drawn as a line through {@code (x[i], y[i])}; non-finite points are skipped. */
    public LineChart line(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /** Adds a series drawn as a line with a dot at each point (for sparse values such as evaluations). */
    public LineChart markers(String name, double[] x, double[] y) {
        return add(name, x, y, true);
    }

    private LineChart add(String name, double[] x, double[] y, boolean markers) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("LineChart: series '" + name + "' has " + x.length + " x values and "
                    + y.length + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone(), markers, COLORS[series.size() % COLORS.length]));
        return this;
    }

    /** Writes the chart to {@code file} (parent directories are created) and returns the file. */
    public Path write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, toSvg(), StandardCharsets.UTF_8);
        return file;
    }

    /** The chart as an SVG document. */
    public String toSvg() {
        double[] xr = range(true);
        double[] yr = range(false);
        double[] xt = ticks(xr[0], xr[1]);
        double[] yt = ticks(yr[0], yr[1]);
        // Widen the axes to the outer ticks so lines never leave the plot area.
        double x0 = Math.min(xr[0], xt[0]);
        double x1 = Math.max(xr[1], xt[xt.length - 1]);
        double y0 = Math.min(yr[0], yt[0]);
        double y1 = Math.max(yr[1], yt[yt.length - 1]);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        Scale sx = v -> LEFT + (v - x0) / (x1 - x0) * plotW;
        Scale sy = v -> TOP + plotH - (v - y0) / (y1 - y0) * plotH;

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">%s</text>%n",
                WIDTH / 2, escape(title)));
        for (double t : xt) {
            double px = sx.at(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>%n",
                    px, TOP, px, TOP + plotH));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    px, TOP + plotH + 18, label(t, xt)));
        }
        for (double t : yt) {
            double py = sy.at(t);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n",
                    LEFT, py, LEFT + plotW, py));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 6, py + 4, label(t, yt)));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, plotW, plotH));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + plotW / 2, HEIGHT - 14, escape(xLabel)));
        s.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
                TOP + plotH / 2, TOP + plotH / 2, escape(yLabel)));

        for (Series ser : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < ser.x.length; i++) {
                if (Double.isFinite(ser.x[i]) && Double.isFinite(ser.y[i])) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", sx.at(ser.x[i]), sy.at(ser.y[i])));
                }
            }
            s.append(String.format(Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-linejoin=\"round\" points=\"%s\"/>%n",
                    ser.color, ser.markers ? "1.5" : "1.2", points.toString().trim()));
            if (ser.markers) {
                for (int i = 0; i < ser.x.length; i++) {
                    if (Double.isFinite(ser.x[i]) && Double.isFinite(ser.y[i])) {
                        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                                sx.at(ser.x[i]), sy.at(ser.y[i]), ser.color));
                    }
                }
            }
        }
        // Legend, top right inside the plot area.
        int legendW = 20;
        for (Series ser : series) {
            legendW = Math.max(legendW, 40 + 7 * ser.name.length());
        }
        int lx = LEFT + plotW - legendW - 8;
        int ly = TOP + 8;
        s.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>%n",
                lx, ly, legendW, 8 + 18 * series.size()));
        for (int i = 0; i < series.size(); i++) {
            Series ser = series.get(i);
            int y = ly + 16 + 18 * i;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    lx + 8, y - 4, lx + 28, y - 4, ser.color));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 34, y, escape(ser.name)));
        }
        return s.append("</svg>\n").toString();
    }

    @FunctionalInterface
    private interface Scale {
        double at(double value);
    }

    /** Min and max of the finite x (or y) values over all series; a small span around a single value. */
    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series ser : series) {
            double[] v = x ? ser.x : ser.y;
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(ser.x[i]) && Double.isFinite(ser.y[i])) {
                    lo = Math.min(lo, v[i]);
                    hi = Math.max(hi, v[i]);
                }
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (lo == hi) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - d, hi + d};
        }
        return new double[] {lo, hi};
    }

    /** About six round tick values (1, 2 or 5 times a power of ten apart) covering {@code [lo, hi]}. */
    static double[] ticks(double lo, double hi) {
        double rough = (hi - lo) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (step >= rough) {
                break;
            }
        }
        double first = Math.floor(lo / step) * step;
        double last = Math.ceil(hi / step) * step;
        int n = (int) Math.round((last - first) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = first + i * step;
        }
        return t;
    }

    /** A tick value with as many decimals as the tick spacing needs. */
    private static String label(double value, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(value) < step * 1e-9 ? 0.0 : value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
