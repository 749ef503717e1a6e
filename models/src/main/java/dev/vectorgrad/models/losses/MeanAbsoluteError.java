package dev.vectorgrad.models.losses;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import java.util.Map;

/**
 * Keras's {@code MeanAbsoluteError} ({@code "mae"}): {@code mean(abs(y_true - y_pred))} over every element; the
 * gradient at a zero error is 0.
 */
public final class MeanAbsoluteError implements Loss {

    /** Keras's {@code MeanAbsoluteError()}. */
    public MeanAbsoluteError() {
    }

    @Override
    public String name() {
        return "mean_absolute_error";
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        return Ops.mean(Ops.abs(Ops.sub(yPred, LossMath.target(name(), yTrue, yPred))));
    }

    @Override
    public Map<String, Object> config() {
        return LossMath.serialized("MeanAbsoluteError", LossMath.baseConfig(name()));
    }
}
