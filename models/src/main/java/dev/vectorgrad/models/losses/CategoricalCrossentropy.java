package dev.vectorgrad.models.losses;

import dev.vectorgrad.autograd.Tensor;
import java.util.Map;

/**
 * Keras's {@code CategoricalCrossentropy} ({@code "categorical_crossentropy"}) for one-hot (or soft) targets of the
 * prediction's shape {@code [batch, ..., classes]}: per row {@code -sum(y log p)}, where {@code p} is the
 * prediction renormalised to sum to 1 and clipped to {@code [1e-7, 1 - 1e-7]}, averaged over the rows (every
 * position of a sequence is a row). With {@code fromLogits}, {@code log p} is the log-softmax of the logits.
 * Label smoothing moves targets towards uniform: {@code y (1 - s) + s / classes}.
 */
public final class CategoricalCrossentropy implements Loss {

    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Keras's defaults: predictions are probabilities, no label smoothing. */
    public CategoricalCrossentropy() {
        this(false);
    }

    /** Predictions are logits when {@code fromLogits}, else probabilities. */
    public CategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, 0);
    }

    private CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        this.fromLogits = fromLogits;
        this.labelSmoothing = LossMath.checkSmoothing("categorical_crossentropy", labelSmoothing);
    }

    /** A copy with this label smoothing, in {@code [0, 1]}. */
    public CategoricalCrossentropy withLabelSmoothing(double value) {
        return new CategoricalCrossentropy(fromLogits, value);
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
        return "categorical_crossentropy";
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        if (!java.util.Arrays.equals(yTrue.shape(), yPred.shape())) {
            throw new IllegalArgumentException(name() + ": y_true " + java.util.Arrays.toString(yTrue.shape())
                    + " and y_pred " + java.util.Arrays.toString(yPred.shape())
                    + " must have the same shape [batch, ..., classes] (for class ids use sparse_categorical_crossentropy)");
        }
        Tensor target = LossMath.smooth(LossMath.target(name(), yTrue, yPred), labelSmoothing, yPred.dim(-1));
        return LossMath.categorical(LossMath.rows(target), LossMath.rows(yPred), fromLogits);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = LossMath.baseConfig(name());
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", -1);
        return LossMath.serialized("CategoricalCrossentropy", c);
    }
}
