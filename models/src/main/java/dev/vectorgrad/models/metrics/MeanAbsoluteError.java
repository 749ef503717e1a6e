package dev.vectorgrad.models.metrics;

import dev.vectorgrad.autograd.Tensor;

/** Keras's {@code MeanAbsoluteError} metric ({@code "mae"}): the running mean over samples of {@code mean(|y_true - y_pred|)}. */
public final class MeanAbsoluteError extends SampleMean {

    /** Named {@code "mean_absolute_error"}. */
    public MeanAbsoluteError() {
        this("mean_absolute_error");
    }

    /** Shown under {@code name} (e.g. {@code "mae"}). */
    public MeanAbsoluteError(String name) {
        super(name);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        elementwise(name(), yTrue, yPred);
        double[] v = new double[yPred.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(yTrue.get(i) - yPred.get(i));
        }
        addSamples(v, yPred.dim(0));
    }
}
