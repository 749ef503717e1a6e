package dev.vectorgrad.models.optimizers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;

/** Test helpers: variables, and gradients set through the tape (d/dw sum(w * g) = g). */
final class Grads {

    private Grads() {
    }

    static Tensor variable(DType dtype, double... values) {
        Tensor t = Tensor.zeros(dtype, values.length);
        for (int i = 0; i < values.length; i++) {
            t.set(i, values[i]);
        }
        return t.requiresGrad(true);
    }

    /** Replaces {@code w}'s gradient with {@code g}. */
    static void set(Tensor w, double... g) {
        w.zeroGrad();
        Tensor c = Tensor.zeros(w.dtype(), w.shape());
        for (int i = 0; i < g.length; i++) {
            c.set(i, g[i]);
        }
        try (Tape tape = Tape.open()) {
            tape.backward(Ops.sum(Ops.mul(w, c)));
        }
    }

    /** One step of {@code opt} on the single variable {@code w} with gradient {@code g}. */
    static void step(Optimizer opt, Tensor w, double... g) {
        set(w, g);
        opt.apply();
    }
}
