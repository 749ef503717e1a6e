package dev.vectorgrad.autograd;

/**
 * The backward function of one recorded op (a tape node). Given the gradients of the op's
 * outputs, it <em>adds</em> the op's contribution to the gradient of each input.
 *
 * <p>Backward functions run with recording suspended (as in {@link Tape#noGrad()}), so they may
 * compute with {@link Ops} without adding nodes to the tape.
 *
 * <p>Write one for a custom op and record it with
 * {@link Tape#record(String, Tensor[], Tensor[], Backward)}; check it with
 * {@link dev.vectorgrad.autograd.check.GradCheck}.
 */
@FunctionalInterface
public interface Backward {

    /**
     * Accumulates ({@code +=}) into {@code inputGrads}.
     *
     * @param outputGrads gradient of each output, same shapes and dtype as the outputs (an output
     *                    no gradient reached is given as zeros); read only
     * @param inputGrads  gradient buffer of each input, same shape and dtype as the input, or
     *                    {@code null} where that input needs no gradient
     */
    void accumulate(Tensor[] outputGrads, Tensor[] inputGrads);
}
