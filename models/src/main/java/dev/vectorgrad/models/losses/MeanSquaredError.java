package dev.vectorgrad.models.losses;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import java.util.Map;

/**
 * Keras's {@code MeanSquaredError} ({@code "mse"}): {@code mean(square(y_true - y_pred))} over every element
 * (Keras's mean over the last axis, then over the batch). A target {@code [batch]} against a prediction
 * {@code [batch, 1]} (or the reverse) is fitted as Keras fits it.
 */
public final class MeanSquaredError implements Loss {

    /** Keras's {@code MeanSquaredError()}. */
    public MeanSquaredError() {
    }

    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor diff = Ops.sub(yPred, LossMath.target(name(), yTrue, yPred));
        return Ops.mean(Ops.mul(diff, diff));
    }

    @Override
    public Map<String, Object> config() {
        return LossMath.serialized("MeanSquaredError", LossMath.baseConfig(name()));
    }
}
