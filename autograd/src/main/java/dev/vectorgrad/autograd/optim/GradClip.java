package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Gradient clipping, in place, over the gradients of a set of parameters: by global L2 norm
 * (PyTorch's {@code clip_grad_norm_}) and by value ({@code clip_grad_value_}). Parameters whose
 * {@link Tensor#grad()} is {@code null} are skipped. Call it between the backward pass and
 * {@link Optimizer#step()}, e.g. {@code GradClip.byNorm(optimizer.parameters(), 1.0)}.
 */
public final class GradClip {

    /** Added to the total norm before dividing, as PyTorch does, so a zero norm does not divide by zero. */
    private static final double NORM_EPS = 1e-6;

    private GradClip() {
    }

    /**
     * Scales all gradients together so that their global L2 norm (the norm of all of them
     * concatenated into one vector) is at most about {@code maxNorm}, and returns the norm they had.
     * As in PyTorch, the total is the L2 norm of the per-tensor L2 norms, and every gradient is
     * multiplied by {@code maxNorm / (total + 1e-6)} when that is below 1 (otherwise left as it is).
     * Sums of squares are accumulated in double for F32 gradients too; F32 gradients are multiplied
     * by the coefficient rounded to float. With no gradients at all the norm is 0.
     *
     * <p><b>Huge but finite gradients:</b> when every element is finite but the sum of squares
     * overflows double (elements beyond about 1e154, possible only in F64), the norm is computed
     * again scaled by the largest magnitude, so it is exact and the gradients are clipped as usual;
     * if even the true norm exceeds {@link Double#MAX_VALUE}, {@code +Infinity} is returned and the
     * gradients are still scaled to {@code maxNorm} (the coefficient is formed without overflow).
     *
     * <p><b>Non-finite gradients:</b> if an element is NaN or infinite, the norm is NaN or infinite
     * and this throws an {@link ArithmeticException} naming the norm, the first such parameter (its
     * index in {@code params} and shape) and element, and leaves every gradient unchanged. PyTorch
     * 1.13 by default scales all gradients by the resulting NaN or 0 coefficient, silently
     * destroying them; this mirrors its {@code error_if_nonfinite=True}. To skip a step instead of
     * failing, use {@link #byNorm(Collection, double, boolean)} with {@code false}.
     *
     * @param params  the parameters whose gradients are clipped (those without a gradient are skipped)
     * @param maxNorm the largest allowed norm, {@code >= 0} (infinity: never clip)
     * @return the total norm of the gradients before clipping
     * @throws ArithmeticException      if a gradient element is NaN or infinite
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
     */
    public static double byNorm(Collection<Tensor> params, double maxNorm) {
        return byNorm(params, maxNorm, true);
    }

    /**
     * {@link #byNorm(Collection, double)} with a choice for non-finite gradients: with
     * {@code throwIfNonFinite} a NaN or infinite element throws an {@link ArithmeticException};
     * without, it returns the non-finite norm (NaN, or {@code +Infinity} when the only non-finite
     * elements are infinite) and leaves every gradient unchanged, so the caller can test
     * {@link Double#isFinite(double)} and skip the optimizer step (as mixed-precision loss scaling
     * does). Either way no gradient is turned into NaN by the clipping itself. (Finite gradients
     * whose true norm exceeds {@link Double#MAX_VALUE} also return {@code +Infinity}, but they are
     * clipped; see {@link #byNorm(Collection, double)}.)
     *
     * @param params           the parameters whose gradients are clipped
     * @param maxNorm          the largest allowed norm, {@code >= 0}
     * @param throwIfNonFinite whether a NaN or infinite total norm throws
     * @return the total norm of the gradients before clipping
     * @throws ArithmeticException      if a gradient element is NaN or infinite and {@code throwIfNonFinite}
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
     */
    public static double byNorm(Collection<Tensor> params, double maxNorm, boolean throwIfNonFinite) {
        Objects.requireNonNull(params, "byNorm: params");
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("byNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        double sumOfSquaredNorms = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                // torch.norm(stack(per-tensor norms)): the per-tensor norm is rounded, then squared again.
                double norm = Math.sqrt(sumOfSquares(g));
                sumOfSquaredNorms += norm * norm;
            }
        }
        double total = Math.sqrt(sumOfSquaredNorms);
        if (!Double.isFinite(total)) {
            String nonFinite = firstNonFinite(params);
            if (nonFinite == null) {
                return byScaledNorm(params, maxNorm);
            }
            if (throwIfNonFinite) {
                throw new ArithmeticException("byNorm: the total L2 norm of the gradients is " + total + " because "
                        + nonFinite + ", so they cannot be clipped; gradients left unchanged");
            }
            return total;
        }
        double coef = maxNorm / (total + NORM_EPS);
        if (coef < 1) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    scale(g, coef);
                }
            }
        }
        return total;
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]}, as PyTorch's
     * {@code clip_grad_value_}. A NaN element stays NaN (as with PyTorch's {@code clamp}).
     *
     * @param params    the parameters whose gradients are clipped (those without a gradient are skipped)
     * @param clipValue the largest allowed magnitude, {@code >= 0}
     * @throws IllegalArgumentException if {@code clipValue} is negative or NaN
     */
    public static void byValue(Collection<Tensor> params, double clipValue) {
        Objects.requireNonNull(params, "byValue: params");
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("byValue: clipValue must be >= 0, got " + clipValue);
        }
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (g.dtype() == DType.F64) {
                double[] d = g.dataF64();
                for (int j = 0; j < d.length; j++) {
                    d[j] = Math.min(Math.max(d[j], -clipValue), clipValue);
                }
            } else {
                float[] d = g.dataF32();
                float c = (float) clipValue;
                for (int j = 0; j < d.length; j++) {
                    d[j] = Math.min(Math.max(d[j], -c), c);
                }
            }
        }
    }

    /**
     * The norm of finite gradients whose squares overflow: {@code max * sqrt(sum((x / max)^2))}, and
     * the clipping coefficient {@code (maxNorm / max) / sqrt(...)}, neither of which overflows (the
     * epsilon is negligible at these magnitudes).
     */
    private static double byScaledNorm(Collection<Tensor> params, double maxNorm) {
        double max = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                for (int i = 0; i < g.size(); i++) {
                    max = Math.max(max, Math.abs(g.get(i)));
                }
            }
        }
        double scaled = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                for (int i = 0; i < g.size(); i++) {
                    double v = g.get(i) / max;
                    scaled += v * v;
                }
            }
        }
        double root = Math.sqrt(scaled);
        double coef = maxNorm / max / root;
        if (coef < 1) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    scale(g, coef);
                }
            }
        }
        return max * root;
    }

    /** Names the first NaN or infinite gradient element, or returns null when all are finite. */
    private static String firstNonFinite(Collection<Tensor> params) {
        int index = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null) {
                for (int i = 0; i < g.size(); i++) {
                    double v = g.get(i);
                    if (!Double.isFinite(v)) {
                        return "the gradient of parameter " + index + " " + Arrays.toString(g.shape())
                                + " holds " + v + " at element " + i;
                    }
                }
            }
            index++;
        }
        return null;
    }

    private static double sumOfSquares(Tensor g) {
        double sum = 0;
        if (g.dtype() == DType.F64) {
            for (double v : g.dataF64()) {
                sum += v * v;
            }
        } else {
            for (float v : g.dataF32()) {
                sum += (double) v * v;
            }
        }
        return sum;
    }

    private static void scale(Tensor g, double coef) {
        if (g.dtype() == DType.F64) {
            double[] d = g.dataF64();
            for (int j = 0; j < d.length; j++) {
                d[j] = d[j] * coef;
            }
        } else {
            float[] d = g.dataF32();
            float c = (float) coef;
            for (int j = 0; j < d.length; j++) {
                d[j] = d[j] * c;
            }
        }
    }
}
