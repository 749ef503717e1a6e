package dev.vectorgrad.models.metrics;

import dev.vectorgrad.autograd.Tensor;

/** Keras's {@code MeanSquaredError} metric ({@code "mse"}): the running mean over samples of {@code mean((y_true - y_pred)^2)}. */
public final class MeanSquaredError extends SampleMean {

    /** Named {@code "mean_squared_error"}. */
    public MeanSquaredError() {
        this("mean_squared_error");
    }

    /** Shown under {@code name} (e.g. {@code "mse"}). */
    public MeanSquaredError(String name) {
        super(name);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        elementwise(name(), yTrue, yPred);
        double[] v = new double[yPred.size()];
        for (int i = 0; i < v.length; i++) {
            double d = yTrue.get(i) - yPred.get(i);
            v[i] = d * d;
        }
        addSamples(v, yPred.dim(0));
    }
}
