package dev.vectorgrad.models.optimizers;

import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A Keras optimizer: made without variables, bound to a model's trainable variables once by {@link #build},
 * then applied after each backward pass. Its state ({@link #variables}) is what a whole-model file saves.
 */
public interface Optimizer {

    /**
     * Binds this optimizer to the variables it updates and makes its slots (moments, accumulators).
     *
     * @throws IllegalStateException if it is already bound to a different list
     */
    void build(List<Tensor> variables);

    /**
     * Updates every bound variable that has a gradient, in place, after clipping the gradients as configured, and
     * counts one iteration.
     *
     * @throws IllegalStateException if {@link #build} was not called
     */
    void apply();

    /** The learning rate the next {@link #apply} uses. */
    double learningRate();

    /**
     * Sets the learning rate for the following updates (schedules, {@code ReduceLROnPlateau}).
     *
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    void setLearningRate(double lr);

    /** The number of {@link #apply} calls so far (Keras's {@code iterations}). */
    long iterations();

    /**
     * The live state in Keras's order: iterations, learning rate, then each variable's slots. Writing into these
     * tensors (after {@link #build}) restores a saved state.
     */
    List<Tensor> variables();

    /** Keras's serialised form: {@code {"class_name": ..., "config": {...}}} with every argument. */
    Map<String, Object> config();
}
