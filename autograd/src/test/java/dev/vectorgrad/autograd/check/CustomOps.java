package dev.vectorgrad.autograd.check;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;

/** Custom ops recorded with {@link Tape#record}: correct ones and deliberately wrong ("mutant") backwards. */
final class CustomOps {

    private CustomOps() {
    }

    /**
     * {@code a * b} element-wise (same shapes, any dtype); the backward scales the gradient of
     * {@code b} at flat element {@code badElement} by {@code factor} (1 for a correct op; a
     * negative element scales every element).
     */
    static Tensor mul(Tensor a, Tensor b, int badElement, double factor) {
        Tensor out = a.zerosLike();
        for (int k = 0; k < out.size(); k++) {
            out.set(k, a.get(k) * b.get(k));
        }
        return Tape.record("customMul", new Tensor[] {a, b}, out, (g, gi) -> {
            for (int k = 0; k < out.size(); k++) {
                double gk = g[0].get(k);
                if (gi[0] != null) {
                    gi[0].set(k, gi[0].get(k) + gk * b.get(k));
                }
                if (gi[1] != null) {
                    double f = badElement < 0 || k == badElement ? factor : 1;
                    gi[1].set(k, gi[1].get(k) + gk * a.get(k) * f);
                }
            }
        });
    }

    /**
     * {@code a @ b} whose backward gives {@code a} the gradient {@code G b} instead of
     * {@code G b^T} (right only for symmetric {@code b}); {@code b}'s gradient is correct. Uses
     * {@link Ops} inside the backward, as user code naturally does.
     */
    static Tensor matmulWrongTranspose(Tensor a, Tensor b) {
        Tensor out;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            out = Ops.matmul(a, b);
        }
        return Tape.record("matmulWrongTranspose", new Tensor[] {a, b}, out, (g, gi) -> {
            if (gi[0] != null) {
                addInto(gi[0], Ops.matmul(g[0], b)); // should be matmul(g, b, false, true)
            }
            if (gi[1] != null) {
                addInto(gi[1], Ops.matmul(a, g[0], true, false));
            }
        });
    }

    /** {@code sum(x^2)} as a scalar, whose backward adds {@code 2x} without multiplying by the upstream gradient. */
    static Tensor sumOfSquaresIgnoringUpstream(Tensor x) {
        Tensor out = Tensor.zeros(x.dtype());
        double s = 0;
        for (int k = 0; k < x.size(); k++) {
            s += x.get(k) * x.get(k);
        }
        out.set(0, s);
        return Tape.record("sumOfSquares", new Tensor[] {x}, out, (g, gi) -> {
            for (int k = 0; k < x.size(); k++) {
                gi[0].set(k, gi[0].get(k) + 2 * x.get(k)); // missing * g[0].get(0)
            }
        });
    }

    /**
     * {@code x^2} element-wise whose backward drifts at flat element {@code drifting}: each call
     * scales that element's gradient by {@code 1 + calls * 1e-12}, far inside any Jacobian
     * tolerance but never the same bits twice.
     */
    static Tensor squareWithDriftingBackward(Tensor x, int drifting) {
        Tensor out = x.zerosLike();
        for (int k = 0; k < x.size(); k++) {
            out.set(k, x.get(k) * x.get(k));
        }
        int[] calls = {0};
        return Tape.record("driftingSquare", new Tensor[] {x}, out, (g, gi) -> {
            calls[0]++;
            for (int k = 0; k < x.size(); k++) {
                double d = g[0].get(k) * 2 * x.get(k);
                if (k == drifting) {
                    d *= 1 + calls[0] * 1e-12;
                }
                gi[0].set(k, gi[0].get(k) + d);
            }
        });
    }

    /** {@code x^2} element-wise whose backward gives NaN at flat element {@code nanAt}. */
    static Tensor squareWithNaNGradient(Tensor x, int nanAt) {
        Tensor out = x.zerosLike();
        for (int k = 0; k < x.size(); k++) {
            out.set(k, x.get(k) * x.get(k));
        }
        return Tape.record("nanSquare", new Tensor[] {x}, out, (g, gi) -> {
            for (int k = 0; k < x.size(); k++) {
                gi[0].set(k, gi[0].get(k) + (k == nanAt ? Double.NaN : g[0].get(k) * 2 * x.get(k)));
            }
        });
    }

    /**
     * {@code x[0] - x[1]} as a scalar, whose backward adds {@code delta} to both gradients: each
     * entry is off by {@code delta} only (within rtol 1e-3 for delta 5e-4), but the two entries
     * have opposite signs, so the projection's value cancels while its error does not.
     */
    static Tensor differenceWithBiasedBackward(Tensor x, double delta) {
        Tensor out = Tensor.zeros(x.dtype());
        out.set(0, x.get(0) - x.get(1));
        return Tape.record("biasedDifference", new Tensor[] {x}, out, (g, gi) -> {
            double gg = g[0].get(0);
            gi[0].set(0, gi[0].get(0) + gg * (1 + delta));
            gi[0].set(1, gi[0].get(1) + gg * (-1 + delta));
        });
    }

    private static void addInto(Tensor into, Tensor delta) {
        for (int k = 0; k < into.size(); k++) {
            into.set(k, into.get(k) + delta.get(k));
        }
    }
}
