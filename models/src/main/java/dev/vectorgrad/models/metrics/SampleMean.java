package dev.vectorgrad.models.metrics;

import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A running mean over samples, as Keras's {@code Mean} and {@code MeanMetricWrapper}: each batch adds the sum of
 * its per-sample values (a sample's value is the mean of its elements' values) and its number of samples, and the
 * result is total / count. Accumulated in double (Keras accumulates in float32). Subclass it for a metric of
 * your own: compute each element's value in {@link #updateState} and pass them to {@link #addSamples}.
 */
public abstract class SampleMean implements Metric {

    private final String name;
    private double total;
    private double count;

    /** A metric shown under {@code name}. */
    protected SampleMean(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public final String name() {
        return name;
    }

    /** Adds {@code weight} samples whose values sum to {@code sum}. */
    protected final void add(double sum, double weight) {
        total += sum;
        count += weight;
    }

    /**
     * Adds one batch of element values laid out as {@code batch} samples of equal size: each sample contributes
     * the mean of its elements.
     */
    protected final void addSamples(double[] values, int batch) {
        if (batch == 0) {
            return;
        }
        int per = values.length / batch;
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            double s = 0;
            for (int j = 0; j < per; j++) {
                s += values[b * per + j];
            }
            sum += s / per;
        }
        add(sum, batch);
    }

    @Override
    public final double result() {
        return count == 0 ? Double.NaN : total / count;
    }

    /** The number of samples (or total weight) added since the last reset. */
    public final double count() {
        return count;
    }

    @Override
    public final void resetState() {
        total = 0;
        count = 0;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + " = " + result() + " over " + count + ")";
    }

    // ---- shape checks shared by the metrics ----------------------------------------------------------

    /**
     * Checks that {@code yTrue} fits {@code yPred} elementwise: the same shape, or shapes that differ by a trailing
     * axis of 1 (Keras's {@code squeeze_or_expand_to_same_rank}); both need a batch dimension.
     */
    static void elementwise(String who, Tensor yTrue, Tensor yPred) {
        int[] t = yTrue.shape();
        int[] p = yPred.shape();
        if (p.length == 0 || t.length == 0) {
            throw new IllegalArgumentException(who + ": y_true " + Arrays.toString(t) + " and y_pred "
                    + Arrays.toString(p) + " need a batch dimension");
        }
        if (Arrays.equals(t, p)) {
            return;
        }
        boolean fits = t.length == p.length + 1 && t[t.length - 1] == 1 && Arrays.equals(Arrays.copyOf(t, p.length), p)
                || p.length == t.length + 1 && p[p.length - 1] == 1 && Arrays.equals(Arrays.copyOf(p, t.length), t);
        if (!fits) {
            throw new IllegalArgumentException(who + ": y_true " + Arrays.toString(t) + " and y_pred "
                    + Arrays.toString(p) + " must have the same shape (or differ by a last axis of size 1)");
        }
    }

    /** The index of the largest of {@code n} values from {@code offset} (the first on ties, as argmax). */
    static int argmax(Tensor x, int offset, int n) {
        int best = 0;
        double max = x.get(offset);
        for (int j = 1; j < n; j++) {
            double v = x.get(offset + j);
            if (v > max) {
                max = v;
                best = j;
            }
        }
        return best;
    }
}
