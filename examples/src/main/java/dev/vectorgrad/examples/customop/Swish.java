package dev.vectorgrad.examples.customop;

import dev.vectorgrad.autograd.Backward;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;

/**
 * A user-defined differentiable op: swish, {@code swish(x) = x * sigmoid(x)} (PyTorch's
 * {@code SiLU}), element-wise, with a hand-written backward. It is the template for your own op:
 * compute the output, keep what the backward needs, and record the op on the tape with a
 * {@link Backward} that <em>adds</em> {@code upstream * d output / d input} to the input's
 * gradient. {@code SwishGradCheckTest} (in this module's tests) checks it against finite
 * differences with {@link dev.vectorgrad.autograd.check.GradCheck}.
 *
 * <p>One tape node instead of the three of {@code Ops.mul(x, Ops.sigmoid(x))}, and a backward
 * that reuses the saved sigmoid.
 */
public final class Swish {

    private Swish() {
    }

    /** {@code x * sigmoid(x)} for every element; works in F32 and F64. */
    public static Tensor swish(Tensor x) {
        Tensor out = x.zerosLike();
        double[] sigmoid = new double[x.size()];           // saved for the backward pass
        for (int i = 0; i < x.size(); i++) {
            double v = x.get(i);
            sigmoid[i] = 1 / (1 + Math.exp(-v));
            out.set(i, v * sigmoid[i]);
        }
        // Recorded only when a tape is open and x requires a gradient; otherwise this just returns out.
        return Tape.record("swish", new Tensor[] {x}, out, (outputGrads, inputGrads) -> {
            Tensor upstream = outputGrads[0];
            Tensor dx = inputGrads[0];                       // null when x needs no gradient
            if (dx == null) {
                return;
            }
            for (int i = 0; i < dx.size(); i++) {
                // d/dx [x s(x)] = s + x s (1 - s)
                double s = sigmoid[i];
                double local = s + x.get(i) * s * (1 - s);
                dx.set(i, dx.get(i) + upstream.get(i) * local);
            }
        });
    }
}
