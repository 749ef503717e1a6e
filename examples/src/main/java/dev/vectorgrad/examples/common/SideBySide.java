package dev.vectorgrad.examples.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The table the import examples print: a reference's values and vectorgrad's in columns, with their difference,
 * and the largest difference over all elements.
 */
public final class SideBySide {

    private SideBySide() {
    }

    /** The column heads, {@code peer} naming the reference ({@code PyTorch}, {@code reference}). */
    public static void header(String peer) {
        System.out.printf(Locale.ROOT, "  %-12s %12s  %12s  %12s%n", "index", peer, "vectorgrad", "difference");
    }

    /** One row: element {@code i} of {@code shape} (row-major), the reference's value and vectorgrad's. */
    public static void row(int i, int[] shape, double want, double got) {
        System.out.printf(Locale.ROOT, "  %-12s %12.8f  %12.8f  %12.1e%n", index(i, shape), want, got, got - want);
    }

    /** Prints and returns the largest |got - want| over all {@code want.length} elements, beside the largest |want|. */
    public static double maxDifference(String peer, double[] want, IntToDoubleFunction got) {
        double max = 0;
        double scale = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(got.applyAsDouble(i) - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        System.out.printf(Locale.ROOT, "max |vectorgrad - %s| over all %d elements: %.2e (largest |y| %.2f)%n", peer,
                want.length, max, scale);
        return max;
    }

    /** The row-major index {@code i} of {@code shape} as a tuple: {@code [2, 19, 3]}. */
    public static String index(int i, int[] shape) {
        int[] at = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = i % shape[d];
            i /= shape[d];
        }
        return Arrays.toString(at);
    }
}
