package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;

/** Reversal of the time axis of a batch-major sequence {@code [batch, time, features]}, as a differentiable op. */
final class TimeAxis {

    private TimeAxis() {
    }

    /** {@code out[b, t, :] = x[b, T - 1 - t, :]}; its gradient is the reversed upstream gradient. */
    static Tensor flip(Tensor x) {
        Tensor out = x.zerosLike();
        reverseInto(x, out);
        return Tape.record("flip(time)", new Tensor[] {x}, out, (g, gi) -> {
            Tensor reversed = g[0].zerosLike();
            reverseInto(g[0], reversed);
            for (int i = 0; i < reversed.size(); i++) {
                gi[0].set(i, gi[0].get(i) + reversed.get(i));
            }
        });
    }

    private static void reverseInto(Tensor x, Tensor out) {
        int batch = x.dim(0);
        int steps = x.dim(1);
        int features = x.size() / Math.max(1, batch * steps);
        boolean f32 = x.dtype() == dev.vectorgrad.autograd.DType.F32;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int from = (b * steps + t) * features;
                int to = (b * steps + steps - 1 - t) * features;
                if (f32) {
                    System.arraycopy(x.dataF32(), from, out.dataF32(), to, features);
                } else {
                    System.arraycopy(x.dataF64(), from, out.dataF64(), to, features);
                }
            }
        }
    }
}
