package dev.vectorgrad.models.losses;

import dev.vectorgrad.autograd.Tensor;
import java.util.Map;

/**
 * A training objective, as a Keras {@code Loss}: one scalar per batch, the mean over the batch's samples
 * (Keras's {@code "sum_over_batch_size"} reduction), differentiable in the prediction.
 */
public interface Loss {

    /** Keras's snake-case name, e.g. {@code "mean_squared_error"}; used in configs. */
    String name();

    /**
     * The loss of one batch.
     *
     * @param yTrue targets {@code [batch, ...]}; for the sparse losses, class ids stored as integral values
     * @param yPred predictions {@code [batch, ...]}; the result is recorded on the open tape when they require gradients
     * @return a rank-0 tensor in {@code yPred}'s dtype
     * @throws IllegalArgumentException if the shapes do not fit together, naming both
     */
    Tensor call(Tensor yTrue, Tensor yPred);

    /** Keras's serialised form of this loss: {@code {"class_name": ..., "config": {...}}}. */
    Map<String, Object> config();
}
