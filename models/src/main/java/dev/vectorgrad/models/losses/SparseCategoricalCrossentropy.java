package dev.vectorgrad.models.losses;

import dev.vectorgrad.autograd.Tensor;
import java.util.Map;

/**
 * Keras's {@code SparseCategoricalCrossentropy} ({@code "sparse_categorical_crossentropy"}): the categorical
 * cross-entropy of class ids. The prediction is {@code [batch, ..., classes]} and the target holds integral class
 * ids of shape {@code [batch, ...]} or {@code [batch, ..., 1]} (e.g. {@code [batch, time]} against
 * {@code [batch, time, classes]}), each checked to be an integer in {@code [0, classes)}. Probabilities are
 * renormalised and clipped to {@code [1e-7, 1 - 1e-7]} as for {@link CategoricalCrossentropy} (Keras's NumPy and
 * JAX backends; its TensorFlow backend clips before renormalising, which differs only where the clip acts);
 * with {@code fromLogits} it is the fused, stable {@code logsumexp(x) - x[id]}. Averaged over every position.
 */
public final class SparseCategoricalCrossentropy implements Loss {

    private final boolean fromLogits;

    /** Keras's default: predictions are probabilities. */
    public SparseCategoricalCrossentropy() {
        this(false);
    }

    /** Predictions are logits when {@code fromLogits}, else probabilities. */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /** Whether predictions are logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the shapes do not fit, or a target is not an integer in
     *                                  {@code [0, classes)}, naming the value and its position
     */
    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        int[] ids = LossMath.classIds(name(), yTrue, yPred);
        Tensor rows = LossMath.rows(yPred);
        if (fromLogits) {
            return dev.vectorgrad.autograd.Losses.crossEntropy(rows, ids);
        }
        return LossMath.categorical(LossMath.oneHot(ids, yPred.dim(-1), yPred.dtype()), rows, false);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = LossMath.baseConfig(name());
        c.put("from_logits", fromLogits);
        c.put("ignore_class", null);
        c.put("axis", -1);
        return LossMath.serialized("SparseCategoricalCrossentropy", c);
    }
}
