package dev.vectorgrad.models.losses;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pieces the losses share: Keras's target shaping ({@code squeeze_or_expand_to_same_rank}, the sparse
 * targets' checks), its probability clipping, and the cross-entropies composed from autograd ops so that the tape
 * differentiates them.
 */
final class LossMath {

    /** Keras's {@code backend.epsilon()}: probabilities are clipped to {@code [EPSILON, 1 - EPSILON]}. */
    static final double EPSILON = 1e-7;

    private LossMath() {
    }

    /**
     * The target in the prediction's dtype and shape: equal shapes pass; where the ranks differ by one and the
     * longer shape ends in 1 with the same leading dimensions (Keras squeezes or expands that axis), the target is
     * reshaped to the prediction's shape. The prediction is never reshaped, so its gradient keeps its shape.
     */
    static Tensor target(String who, Tensor yTrue, Tensor yPred) {
        if (yPred.rank() == 0) {
            throw new IllegalArgumentException(who + ": y_pred must have a batch dimension, got a scalar");
        }
        int[] t = yTrue.shape();
        int[] p = yPred.shape();
        Tensor y = yTrue;
        if (!Arrays.equals(t, p)) {
            boolean squeezeTrue = t.length == p.length + 1 && t[t.length - 1] == 1
                    && Arrays.equals(Arrays.copyOf(t, p.length), p);
            boolean expandTrue = p.length == t.length + 1 && p[p.length - 1] == 1
                    && Arrays.equals(Arrays.copyOf(p, t.length), t);
            if (!squeezeTrue && !expandTrue) {
                throw new IllegalArgumentException(who + ": y_true " + Arrays.toString(t) + " and y_pred "
                        + Arrays.toString(p) + " must have the same shape (or differ by a last axis of size 1)");
            }
            y = Shapes.reshape(yTrue, p);
        }
        return y.dtype() == yPred.dtype() ? y : Ops.to(y, yPred.dtype());
    }

    /**
     * Class ids from a sparse target: {@code yTrue} must be {@code yPred}'s shape without its last axis, or that
     * shape with a last axis of 1; each value must be an integer in {@code [0, classes)}.
     *
     * @throws IllegalArgumentException naming both shapes, or the offending value and its position
     */
    static int[] classIds(String who, Tensor yTrue, Tensor yPred) {
        if (yPred.rank() < 2) {
            throw new IllegalArgumentException(who + ": y_pred must be [batch, ..., classes], got "
                    + Arrays.toString(yPred.shape()));
        }
        int[] p = yPred.shape();
        int[] t = yTrue.shape();
        int[] lead = Arrays.copyOf(p, p.length - 1);
        int[] squeezed = t.length == p.length && t[t.length - 1] == 1 ? Arrays.copyOf(t, t.length - 1) : t;
        if (!Arrays.equals(squeezed, lead)) {
            int[] withOne = Arrays.copyOf(p, p.length);
            withOne[p.length - 1] = 1;
            throw new IllegalArgumentException(who + ": y_true " + Arrays.toString(t) + " does not fit y_pred "
                    + Arrays.toString(p) + ": sparse targets are class ids of shape " + Arrays.toString(lead)
                    + " or " + Arrays.toString(withOne));
        }
        int classes = p[p.length - 1];
        int[] ids = new int[yTrue.size()];
        for (int i = 0; i < ids.length; i++) {
            double v = yTrue.get(i);
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                throw new IllegalArgumentException(who + ": y_true holds " + v + " at " + position(t, i)
                        + "; class ids must be integers in [0, " + classes + ")");
            }
            ids[i] = (int) v;
        }
        return ids;
    }

    /** {@code [i, j, ...]} of flat index {@code flat} in {@code shape}, and the flat index. */
    static String position(int[] shape, int flat) {
        int[] at = new int[shape.length];
        int rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = rest % shape[d];
            rest /= shape[d];
        }
        return "position " + Arrays.toString(at) + " (flat index " + flat + ")";
    }

    /** A one-hot tensor {@code [ids.length, classes]} of {@code dtype}. */
    static Tensor oneHot(int[] ids, int classes, DType dtype) {
        Tensor t = Tensor.zeros(dtype, ids.length, classes);
        for (int i = 0; i < ids.length; i++) {
            t.set(i * classes + ids[i], 1);
        }
        return t;
    }

    /** {@code yPred} as rows {@code [n, classes]} (a recorded reshape when it needs one). */
    static Tensor rows(Tensor yPred) {
        int classes = yPred.dim(-1);
        return yPred.rank() == 2 ? yPred : Shapes.reshape(yPred, -1, classes);
    }

    /**
     * Keras's categorical cross-entropy averaged over the rows of {@code probabilities} ({@code [n, classes]}):
     * {@code -sum(target * log(clip(p / sum(p), eps, 1 - eps)))} per row, or with {@code fromLogits}
     * {@code -sum(target * logSoftmax(x))}.
     */
    static Tensor categorical(Tensor target, Tensor output, boolean fromLogits) {
        int n = output.dim(0);
        int classes = output.dim(1);
        Tensor logProb;
        if (fromLogits) {
            logProb = Ops.logSoftmax(output);
        } else {
            Tensor total = Shapes.reshape(Ops.sum(output, -1), n, 1);
            Tensor p = Ops.clamp(Ops.div(output, total), EPSILON, 1 - EPSILON);
            logProb = Ops.log(p);
        }
        return Ops.scale(Ops.sum(Ops.mul(target, logProb)), -1.0 / n);
    }

    /**
     * Keras's binary cross-entropy, averaged over every element: {@code -(y log p + (1 - y) log(1 - p))} with
     * {@code p = clip(output, eps, 1 - eps)}, or with {@code fromLogits} TensorFlow's
     * {@code sigmoid_cross_entropy_with_logits}, {@code softplus(x) - x y}, which is not clipped.
     */
    static Tensor binary(Tensor target, Tensor output, boolean fromLogits) {
        if (fromLogits) {
            return Ops.mean(Ops.sub(Ops.softplus(output), Ops.mul(output, target)));
        }
        Tensor p = Ops.clamp(output, EPSILON, 1 - EPSILON);
        Tensor one = Tensor.scalar(output.dtype(), 1);
        Tensor oneMinusTarget = Ops.sub(one, target);
        Tensor likelihood = Ops.add(Ops.mul(target, Ops.log(p)), Ops.mul(oneMinusTarget, Ops.log(Ops.sub(one, p))));
        return Ops.neg(Ops.mean(likelihood));
    }

    /** Targets smoothed towards {@code 1 / classes}: {@code y (1 - s) + s / classes} (a constant; not recorded). */
    static Tensor smooth(Tensor target, double smoothing, int classes) {
        if (smoothing == 0) {
            return target;
        }
        Tensor out = target.detach();
        for (int i = 0; i < out.size(); i++) {
            out.set(i, out.get(i) * (1 - smoothing) + smoothing / classes);
        }
        return out;
    }

    /** Keras's base loss config: {@code name}, {@code reduction}, {@code dtype}. */
    static Map<String, Object> baseConfig(String name) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("reduction", "sum_over_batch_size");
        c.put("dtype", null);
        return c;
    }

    /** {@code {"module": "keras.losses", "class_name": ..., "config": ..., "registered_name": null}}. */
    static Map<String, Object> serialized(String className, Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", "keras.losses");
        out.put("class_name", className);
        out.put("config", config);
        out.put("registered_name", null);
        return out;
    }

    static double checkSmoothing(String who, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(who + ": label_smoothing must be in [0, 1], got " + value);
        }
        return value;
    }
}
