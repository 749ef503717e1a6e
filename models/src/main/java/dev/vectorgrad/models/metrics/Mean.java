package dev.vectorgrad.models.metrics;

import dev.vectorgrad.autograd.Tensor;

/**
 * Keras's {@code Mean}: a weighted running mean. The fit loop tracks the loss with one named {@code "loss"},
 * adding each batch's mean loss weighted by the batch's sample count ({@link #update(double, double)}), so that
 * the epoch's value is the mean over samples even when the last batch is smaller.
 */
public final class Mean extends SampleMean {

    /** A mean named {@code "mean"}. */
    public Mean() {
        this("mean");
    }

    /** A mean shown under {@code name}. */
    public Mean(String name) {
        super(name);
    }

    /**
     * Adds {@code value} with weight {@code weight} (e.g. a batch's mean loss and its sample count).
     *
     * @throws IllegalArgumentException if {@code weight} is negative, NaN or infinite
     */
    public void update(double value, double weight) {
        if (!(weight >= 0) || weight == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(name() + ": weight must be finite and >= 0, got " + weight);
        }
        add(value * weight, weight);
    }

    /** Adds a batch of values {@code [batch, ...]}: each sample's value is the mean of its elements (a scalar counts as one sample). */
    public void update(Tensor values) {
        if (values.rank() == 0) {
            add(values.get(0), 1);
        } else {
            addSamples(values.toDoubleArray(), values.dim(0));
        }
    }

    /** Keras's {@code Mean.update_state(values)}: adds {@code yPred} as the values ({@code yTrue} is not used). */
    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        update(yPred);
    }
}
