package dev.vectorgrad.models.optimizers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;

/**
 * Keras's gradient clipping ({@code BaseOptimizer._clip_gradients}), on copies: the gradients the tape wrote are
 * left as they are. Sums of squares are accumulated in double; the norm and the scaling are then taken in the
 * gradient's dtype, as Keras computes them in the variable's dtype.
 */
final class Clipping {

    private Clipping() {
    }

    /** The gradients to apply ({@code null} where a variable has none): {@code grads} itself when no clipping is set. */
    static Tensor[] clip(BaseOptimizer.Common c, Tensor[] grads) {
        if (c.clipnorm() != null) {
            Tensor[] out = new Tensor[grads.length];
            for (int i = 0; i < grads.length; i++) {
                out[i] = grads[i] == null ? null : byNorm(grads[i], c.clipnorm());
            }
            return out;
        }
        if (c.globalClipnorm() != null) {
            return byGlobalNorm(grads, c.globalClipnorm());
        }
        if (c.clipvalue() != null) {
            Tensor[] out = new Tensor[grads.length];
            for (int i = 0; i < grads.length; i++) {
                out[i] = grads[i] == null ? null : byValue(grads[i], c.clipvalue());
            }
            return out;
        }
        return grads;
    }

    /** {@code g * clipnorm / max(||g||, clipnorm)} (Keras's {@code _clip_by_norm}; a zero gradient stays zero). */
    static Tensor byNorm(Tensor g, double clipnorm) {
        Tensor out = g.detach();
        double norm = Math.sqrt(sumOfSquares(g));
        if (out.dtype() == DType.F64) {
            double[] d = out.dataF64();
            double denominator = Math.max(norm, clipnorm);
            for (int j = 0; j < d.length; j++) {
                d[j] = d[j] * clipnorm / denominator;
            }
        } else {
            float[] d = out.dataF32();
            float limit = (float) clipnorm;
            float denominator = Math.max((float) norm, limit);
            for (int j = 0; j < d.length; j++) {
                d[j] = d[j] * limit / denominator;
            }
        }
        return out;
    }

    /**
     * Keras's {@code clip_by_global_norm}: every gradient times {@code c * min(1 / norm, 1 / c) + (norm - norm)},
     * so a NaN or infinite norm makes them all NaN.
     */
    static Tensor[] byGlobalNorm(Tensor[] grads, double clipnorm) {
        double sum = 0;
        for (Tensor g : grads) {
            if (g != null) {
                sum += sumOfSquares(g);
            }
        }
        double norm = Math.sqrt(sum);
        Tensor[] out = new Tensor[grads.length];
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] == null) {
                continue;
            }
            out[i] = grads[i].detach();
            if (out[i].dtype() == DType.F64) {
                double scale = clipnorm * Math.min(1 / norm, 1 / clipnorm) + (norm - norm);
                double[] d = out[i].dataF64();
                for (int j = 0; j < d.length; j++) {
                    d[j] = d[j] * scale;
                }
            } else {
                float limit = (float) clipnorm;
                float n = (float) norm;
                float scale = limit * Math.min(1 / n, 1 / limit) + (n - n);
                float[] d = out[i].dataF32();
                for (int j = 0; j < d.length; j++) {
                    d[j] = d[j] * scale;
                }
            }
        }
        return out;
    }

    /** Every element clamped to {@code [-clipvalue, clipvalue]}; NaN stays NaN. */
    static Tensor byValue(Tensor g, double clipvalue) {
        Tensor out = g.detach();
        if (out.dtype() == DType.F64) {
            double[] d = out.dataF64();
            for (int j = 0; j < d.length; j++) {
                d[j] = Math.min(Math.max(d[j], -clipvalue), clipvalue);
            }
        } else {
            float[] d = out.dataF32();
            float limit = (float) clipvalue;
            for (int j = 0; j < d.length; j++) {
                d[j] = Math.min(Math.max(d[j], -limit), limit);
            }
        }
        return out;
    }

    private static double sumOfSquares(Tensor g) {
        double s = 0;
        for (int j = 0; j < g.size(); j++) {
            double v = g.get(j);
            s += v * v;
        }
        return s;
    }
}
