package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.Tensor;
import java.util.List;

/**
 * Updates a fixed list of parameters from their gradients.
 *
 * <p>The parameters are leaf tensors that require gradients, given once at construction. Each
 * {@link #step()} updates, in place, every parameter whose {@link Tensor#grad()} is not
 * {@code null}; a parameter with no gradient is skipped, its state (momentum, moment estimates,
 * step count) left as it was, as PyTorch does. State is made on a parameter's first update and kept
 * in the parameter's dtype.
 *
 * <p>Call {@code step()} after the backward pass and before the next forward pass: it writes the
 * parameters' storage, so ops recorded on a tape before the step would backpropagate through the
 * new values. Optimizers are not thread-safe.
 *
 * <pre>{@code
 * Optimizer opt = Sgd.builder(0.1).momentum(0.9).build(model.parameters());
 * opt.zeroGrad();
 * try (Tape tape = Tape.open()) {
 *     tape.backward(loss(model));
 * }
 * opt.step();
 * }</pre>
 */
public interface Optimizer {

    /** The parameters this optimizer updates, in the order given at construction (unmodifiable). */
    List<Tensor> parameters();

    /** Updates every parameter that has a gradient, in place, by one step of the algorithm. */
    void step();

    /** Clears the gradient of every parameter ({@link Tensor#zeroGrad()}), so the next backward pass starts from zero. */
    default void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The learning rate the next {@link #step()} uses. */
    double learningRate();

    /**
     * Sets the learning rate for the following steps (for a schedule); the other state is kept.
     *
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    void setLearningRate(double lr);
}
