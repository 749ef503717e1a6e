package dev.vectorgrad.models.losses;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import java.util.Map;

/**
 * Keras's {@code Huber} loss ({@code "huber"}, delta 1.0): per element, with {@code e = y_pred - y_true},
 * {@code 0.5 e^2} where {@code |e| <= delta} and {@code delta |e| - 0.5 delta^2} beyond, averaged over every
 * element. Computed as {@code 0.5 q^2 + delta (|e| - q)} with {@code q = min(|e|, delta)}, which is the same
 * function and gives the gradient {@code e} inside and {@code delta sign(e)} beyond.
 */
public final class Huber implements Loss {

    private final double delta;

    /** Keras's default, delta 1.0. */
    public Huber() {
        this(1.0);
    }

    /**
     * The point where the loss turns from quadratic to linear.
     *
     * @throws IllegalArgumentException if {@code delta} is not finite and {@code >= 0}
     */
    public Huber(double delta) {
        if (!(delta >= 0 && delta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("huber_loss: delta must be finite and >= 0, got " + delta);
        }
        this.delta = delta;
    }

    /** The delta. */
    public double delta() {
        return delta;
    }

    @Override
    public String name() {
        return "huber_loss";
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor absError = Ops.abs(Ops.sub(yPred, LossMath.target(name(), yTrue, yPred)));
        Tensor quadratic = Ops.clamp(absError, 0, delta);
        Tensor linear = Ops.sub(absError, quadratic);
        return Ops.mean(Ops.add(Ops.scale(Ops.mul(quadratic, quadratic), 0.5), Ops.scale(linear, delta)));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = LossMath.baseConfig(name());
        c.put("delta", delta);
        return LossMath.serialized("Huber", c);
    }
}
