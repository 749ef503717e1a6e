package dev.vectorgrad.models.metrics;

import dev.vectorgrad.autograd.Tensor;

/**
 * Keras's {@code BinaryAccuracy} (threshold 0.5): an element counts as right when {@code (y_pred > threshold)}
 * (1 or 0) equals {@code y_true} exactly; the running mean over samples of each sample's fraction right.
 */
public final class BinaryAccuracy extends SampleMean {

    private final double threshold;

    /** Named {@code "binary_accuracy"}, threshold 0.5. */
    public BinaryAccuracy() {
        this("binary_accuracy", 0.5);
    }

    /** Shown under {@code name}, with this threshold. */
    public BinaryAccuracy(String name, double threshold) {
        super(name);
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException(name + ": threshold must be a number, got NaN");
        }
        this.threshold = threshold;
    }

    /** The threshold above which a prediction is 1. */
    public double threshold() {
        return threshold;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        elementwise(name(), yTrue, yPred);
        double[] v = new double[yPred.size()];
        for (int i = 0; i < v.length; i++) {
            double predicted = yPred.get(i) > threshold ? 1 : 0;
            v[i] = yTrue.get(i) == predicted ? 1 : 0;
        }
        addSamples(v, yPred.dim(0));
    }
}
