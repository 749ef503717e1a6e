package dev.vectorgrad.models.losses;

import dev.vectorgrad.autograd.Tensor;
import java.util.Map;

/**
 * Keras's {@code BinaryCrossentropy} ({@code "binary_crossentropy"}, {@code "bce"}): per element
 * {@code -(y log p + (1 - y) log(1 - p))} with {@code p} clipped to {@code [1e-7, 1 - 1e-7]}, averaged over every
 * element. With {@code fromLogits} the prediction is a logit and the loss is TensorFlow's stable
 * {@code softplus(x) - x y} (no clipping). Label smoothing moves targets towards 0.5: {@code y (1 - s) + s / 2}.
 */
public final class BinaryCrossentropy implements Loss {

    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Keras's defaults: predictions are probabilities, no label smoothing. */
    public BinaryCrossentropy() {
        this(false);
    }

    /** Predictions are logits when {@code fromLogits}, else probabilities. */
    public BinaryCrossentropy(boolean fromLogits) {
        this(fromLogits, 0);
    }

    private BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        this.fromLogits = fromLogits;
        this.labelSmoothing = LossMath.checkSmoothing("binary_crossentropy", labelSmoothing);
    }

    /** A copy with this label smoothing, in {@code [0, 1]}. */
    public BinaryCrossentropy withLabelSmoothing(double value) {
        return new BinaryCrossentropy(fromLogits, value);
    }

    /** Whether predictions are logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    /** The label smoothing. */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        Tensor target = LossMath.smooth(LossMath.target(name(), yTrue, yPred), labelSmoothing, 2);
        return LossMath.binary(target, yPred, fromLogits);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = LossMath.baseConfig(name());
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", -1);
        return LossMath.serialized("BinaryCrossentropy", c);
    }
}
