package dev.vectorgrad.examples.customop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import dev.vectorgrad.autograd.check.Report;
import org.junit.jupiter.api.Test;

/**
 * Gradient checks for a custom op, written to be copied: replace {@link Swish#swish} with your op.
 * Each test compares the gradients the op's backward computes with central finite differences, as
 * PyTorch's {@code gradcheck} does; they run in a fraction of a second under {@code mvn verify}.
 */
class SwishGradCheckTest {

    /** Full mode: the whole Jacobian, entry by entry. The strongest check; use it while inputs are small. */
    @Test
    void fullJacobianMatchesFiniteDifferences() {
        // F64 inputs that require a gradient; uniform in [-3, 3), seed 1, shape 4 x 5.
        Tensor x = Tensor.uniform(DType.F64, -3, 3, 1, 4, 5).requiresGrad(true);
        GradCheck.verify(in -> Swish.swish(in[0]), x);     // throws AssertionError with a report on a mismatch
    }

    /** Fast mode: one random projection per input, for inputs too large for the full Jacobian. */
    @Test
    void fastModeOnALargeInput() {
        Tensor x = Tensor.uniform(DType.F64, -3, 3, 2, 64, 256).requiresGrad(true);
        GradCheck.defaults().fast(true).assertGradients(in -> Swish.swish(in[0]), x);
    }

    /** The op inside a bigger function: gradients flow through it to every input that requires one. */
    @Test
    void composedWithOtherOps() {
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 3, 3, 4).requiresGrad(true);
        Tensor w = Tensor.uniform(DType.F64, -1, 1, 4, 4, 2).requiresGrad(true);
        GradCheck.verify(in -> Ops.sum(Swish.swish(Ops.matmul(in[0], in[1]))), x, w);
    }

    /** The float32 path, against finite differences computed in double (looser, float-sized tolerance). */
    @Test
    void float32BackwardAgainstDoubleFiniteDifferences() {
        Tensor x = Tensor.uniform(DType.F32, -3, 3, 5, 8, 8).requiresGrad(true);
        GradCheck.defaults().numericalInDouble(true).assertGradients(in -> Swish.swish(in[0]), x);
    }

    /** What a failure looks like: a backward that forgets a term is caught, and the report names the entries. */
    @Test
    void aWrongBackwardIsCaught() {
        Tensor x = Tensor.uniform(DType.F64, -3, 3, 6, 2, 3).requiresGrad(true);
        Report report = GradCheck.defaults().check(in -> swishMissingATerm(in[0]), x);
        System.out.println("expected failure, for illustration:\n" + report);
        assertFalse(report.passed());
        assertTrue(report.mismatchCount() > 0);
    }

    /** Swish with the derivative of x * s(x) taken as s(x) alone (the x s (1 - s) term forgotten). */
    private static Tensor swishMissingATerm(Tensor x) {
        Tensor out = x.zerosLike();
        for (int i = 0; i < x.size(); i++) {
            out.set(i, x.get(i) / (1 + Math.exp(-x.get(i))));
        }
        return Tape.record("swishMissingATerm", new Tensor[] {x}, out, (g, gi) -> {
            for (int i = 0; i < x.size(); i++) {
                double s = 1 / (1 + Math.exp(-x.get(i)));
                gi[0].set(i, gi[0].get(i) + g[0].get(i) * s);
            }
        });
    }
}
