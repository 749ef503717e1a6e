package dev.vectorgrad.models.metrics;

import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Keras's {@code CategoricalAccuracy}: for one-hot targets of the prediction's shape {@code [batch, ..., classes]},
 * a position is right when {@code argmax(y_true) == argmax(y_pred)} (the first maximum on ties); the running mean
 * over samples.
 */
public final class CategoricalAccuracy extends SampleMean {

    /** Named {@code "categorical_accuracy"}. */
    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    /** Shown under {@code name}. */
    public CategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        if (yPred.rank() < 2 || !Arrays.equals(yTrue.shape(), yPred.shape())) {
            throw new IllegalArgumentException(name() + ": y_true " + Arrays.toString(yTrue.shape()) + " and y_pred "
                    + Arrays.toString(yPred.shape()) + " must have the same shape [batch, ..., classes]");
        }
        int classes = yPred.dim(-1);
        double[] v = new double[yPred.size() / classes];
        for (int r = 0; r < v.length; r++) {
            v[r] = argmax(yTrue, r * classes, classes) == argmax(yPred, r * classes, classes) ? 1 : 0;
        }
        addSamples(v, yPred.dim(0));
    }
}
