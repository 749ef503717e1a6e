package dev.vectorgrad.examples.common;

import java.util.List;
import java.util.Locale;

/** A classifier's confusion matrix: counted from predicted probabilities, and printed as a table. */
public final class ConfusionMatrix {

    private ConfusionMatrix() {
    }

    /**
     * Counts {@code [actual][predicted]}: the predicted class of example {@code i} is the first largest of
     * {@code probabilities[i * classes ... i * classes + classes - 1]}.
     */
    public static int[][] count(int[] actual, float[] probabilities, int classes) {
        if (probabilities.length != actual.length * classes) {
            throw new IllegalArgumentException("expected " + actual.length + " x " + classes + " probabilities, got "
                    + probabilities.length);
        }
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities[i * classes + c] > probabilities[i * classes + predicted]) {
                    predicted = c;
                }
            }
            counts[actual[i]][predicted]++;
        }
        return counts;
    }

    /** Rows are the actual classes, columns the predicted ones: the diagonal counts the right answers. */
    public static String format(int[][] counts, List<String> names) {
        int width = 8;
        for (String n : names) {
            width = Math.max(width, n.length() + 2);
        }
        String cell = "%" + width + "s";
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "actual")).append("predicted\n");
        s.append(" ".repeat(width));
        for (String n : names) {
            s.append(String.format(Locale.ROOT, cell, n));
        }
        s.append('\n');
        for (int a = 0; a < counts.length; a++) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s", names.get(a)));
            for (int p = 0; p < counts[a].length; p++) {
                s.append(String.format(Locale.ROOT, "%" + width + "d", counts[a][p]));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
