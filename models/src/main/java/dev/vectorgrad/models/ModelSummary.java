package dev.vectorgrad.models;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.layers.Layer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link Sequential#summary()}: the table Keras 3 prints ({@code keras/src/utils/summary_utils.py} rendered by Rich
 * without colour), in its default width of 88 characters: columns "Layer (type)", "Output Shape" and "Param #" at
 * positions 0.45, 0.80 and 1.0 of the line, which Rich narrows to cells of 36, 27 and 15 characters plus one space of
 * padding each side; a heavy head box with a line between rows; then the totals with their sizes in bytes as Keras
 * writes them ({@code 30.08 KB}, powers of 1024, two decimals), and, once the optimizer is built, its variables
 * (counted in the total, as Keras does; iterations and learning rate sized as Keras's int64 and float32). A cell
 * longer than its column is folded onto further lines.
 */
final class ModelSummary {

    /** Cell widths (without padding) that Rich gives the three columns in an 88-character table. */
    private static final int[] WIDTHS = {36, 27, 15};
    private static final boolean[] RIGHT = {false, false, true};

    private ModelSummary() {
    }

    static String render(Sequential model) {
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(model.name()).append("\"\n");
        b.append(border('┏', '━', '┳', '┓'));
        row(b, '┃', new String[] {"Layer (type)", "Output Shape", "Param #"});
        b.append(border('┡', '━', '╇', '┩'));
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int[] out = model.outputShapeOf(i);
            String shape = out == null ? "?" : shape(out);
            String params = layer.isBuilt()
                    ? String.format(Locale.ROOT, "%,d", layer.parameterCount())
                    : "0 (unbuilt)";
            row(b, '│', new String[] {layer.name() + " (" + layer.className() + ")", shape, params});
            if (i < layers.size() - 1) {
                b.append(border('├', '─', '┼', '┤'));
            }
        }
        b.append(border('└', '─', '┴', '┘'));
        long trainable = 0;
        long trainableBytes = 0;
        long frozen = 0;
        long frozenBytes = 0;
        for (Tensor p : model.namedParameters().values()) {
            if (p.requiresGrad()) {
                trainable += p.size();
                trainableBytes += (long) p.size() * p.dtype().bytes();
            } else {
                frozen += p.size();
                frozenBytes += (long) p.size() * p.dtype().bytes();
            }
        }
        long optimizerCount = 0;
        long optimizerBytes = 0;
        List<Tensor> optimizerVariables = model.builtOptimizerVariables();
        for (int i = 0; i < optimizerVariables.size(); i++) {
            Tensor v = optimizerVariables.get(i);
            optimizerCount += v.size();
            // iterations and learning_rate come first; Keras stores them as int64 and float32
            optimizerBytes += i == 0 ? 8 : i == 1 ? 4 : (long) v.size() * v.dtype().bytes();
        }
        totals(b, "Total params: ", trainable + frozen + optimizerCount, trainableBytes + frozenBytes + optimizerBytes);
        totals(b, "Trainable params: ", trainable, trainableBytes);
        totals(b, "Non-trainable params: ", frozen, frozenBytes);
        if (!optimizerVariables.isEmpty()) {
            totals(b, "Optimizer params: ", optimizerCount, optimizerBytes);
        }
        return b.toString();
    }

    /** A shape with the batch dimension as Keras prints it: {@code (None, 10, 50)}; -1 prints as None too. */
    static String shape(int[] withoutBatch) {
        StringBuilder s = new StringBuilder("(None");
        for (int d : withoutBatch) {
            s.append(", ").append(d < 0 ? "None" : Integer.toString(d));
        }
        return s.append(')').toString();
    }

    /** Keras's {@code readable_memory_size}: powers of 1024, two decimals rounded half-even as Python's format. */
    static String readableSize(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double size = bytes;
        for (String unit : units) {
            if (size / 1024 < 1) {
                return twoDecimals(size) + " " + unit;
            }
            size /= 1024;
        }
        return twoDecimals(size) + " " + units[units.length - 1];
    }

    private static String twoDecimals(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static void totals(StringBuilder b, String label, long count, long bytes) {
        b.append(' ').append(label).append(String.format(Locale.ROOT, "%,d", count))
                .append(" (").append(readableSize(bytes)).append(")\n");
    }

    private static String border(char left, char fill, char cross, char right) {
        StringBuilder s = new StringBuilder().append(left);
        for (int c = 0; c < WIDTHS.length; c++) {
            s.append(String.valueOf(fill).repeat(WIDTHS[c] + 2)).append(c < WIDTHS.length - 1 ? cross : right);
        }
        return s.append('\n').toString();
    }

    private static void row(StringBuilder b, char bar, String[] cells) {
        List<List<String>> folded = new ArrayList<>();
        int lines = 1;
        for (int c = 0; c < cells.length; c++) {
            List<String> parts = new ArrayList<>();
            String text = cells[c];
            while (text.length() > WIDTHS[c]) {
                parts.add(text.substring(0, WIDTHS[c]));
                text = text.substring(WIDTHS[c]);
            }
            parts.add(text);
            folded.add(parts);
            lines = Math.max(lines, parts.size());
        }
        for (int line = 0; line < lines; line++) {
            b.append(bar);
            for (int c = 0; c < cells.length; c++) {
                String part = line < folded.get(c).size() ? folded.get(c).get(line) : "";
                String pad = " ".repeat(WIDTHS[c] - part.length());
                b.append(' ').append(RIGHT[c] ? pad + part : part + pad).append(' ').append(bar);
            }
            b.append('\n');
        }
    }
}
