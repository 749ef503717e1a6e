package dev.vectorgrad.models.metrics;

import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Keras's {@code SparseCategoricalAccuracy}: for class ids {@code [batch, ...]} or {@code [batch, ..., 1]} against
 * predictions {@code [batch, ..., classes]} (sequence outputs {@code [batch, time, classes]} included), a position
 * is right when its id equals {@code argmax(y_pred)} (the first maximum on ties); the running mean over samples.
 */
public final class SparseCategoricalAccuracy extends SampleMean {

    /** Named {@code "sparse_categorical_accuracy"}. */
    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    /** Shown under {@code name}. */
    public SparseCategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        int[] t = yTrue.shape();
        int[] p = yPred.shape();
        int[] lead = p.length == 0 ? p : Arrays.copyOf(p, p.length - 1);
        int[] squeezed = t.length == p.length && t.length > 0 && t[t.length - 1] == 1 ? Arrays.copyOf(t, t.length - 1) : t;
        if (p.length < 2 || !Arrays.equals(squeezed, lead)) {
            throw new IllegalArgumentException(name() + ": y_true " + Arrays.toString(t) + " does not fit y_pred "
                    + Arrays.toString(p) + ": class ids must have y_pred's shape without its last axis, or with 1 there");
        }
        int classes = yPred.dim(-1);
        double[] v = new double[yTrue.size()];
        for (int r = 0; r < v.length; r++) {
            v[r] = yTrue.get(r) == argmax(yPred, r * classes, classes) ? 1 : 0;
        }
        addSamples(v, yPred.dim(0));
    }
}
