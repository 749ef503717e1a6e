package dev.vectorgrad.models.data;

import dev.vectorgrad.autograd.Tensor;

/**
 * One batch: inputs {@code [batch, ...]} and, for training and evaluation, targets {@code [batch, ...]}
 * ({@code null} for prediction).
 */
public record Batch(Tensor x, Tensor y) {

    /** @throws IllegalArgumentException if x and y disagree on the batch size, naming both */
    public Batch {
        if (x == null) {
            throw new NullPointerException("batch inputs are null");
        }
        if (y != null && y.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException("batch has " + x.dim(0) + " inputs but " + y.dim(0) + " targets");
        }
    }

    /** The number of samples. */
    public int size() {
        return x.dim(0);
    }
}
