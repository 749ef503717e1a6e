package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
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
     * <p><b>Non-finite norm:</b> if the total is NaN or infinite (a NaN or infinite gradient element,
     * or squares overflowing double), this throws an {@link ArithmeticException} naming the norm and
     * leaves every gradient unchanged. PyTorch 1.13 by default scales all gradients by the resulting
     * NaN or 0 coefficient, silently destroying them; this mirrors its {@code error_if_nonfinite=True}.
     * To skip a step instead of failing, use {@link #byNorm(Collection, double, boolean)} with
     * {@code false}.
     *
     * @param params  the parameters whose gradients are clipped (those without a gradient are skipped)
     * @param maxNorm the largest allowed norm, {@code >= 0} (infinity: never clip)
     * @return the total norm of the gradients before clipping
     * @throws ArithmeticException      if the total norm is NaN or infinite
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
     */
    public static double byNorm(Collection<Tensor> params, double maxNorm) {
        return byNorm(params, maxNorm, true);
    }

    /**
     * {@link #byNorm(Collection, double)} with a choice for a non-finite total norm: with
     * {@code throwIfNonFinite} it throws an {@link ArithmeticException}; without, it returns the
     * non-finite norm and leaves every gradient unchanged, so the caller can test
     * {@link Double#isFinite(double)} and skip the optimizer step (as mixed-precision loss scaling
     * does). Either way no gradient is turned into NaN by the clipping itself.
     *
     * @param params           the parameters whose gradients are clipped
     * @param maxNorm          the largest allowed norm, {@code >= 0}
     * @param throwIfNonFinite whether a NaN or infinite total norm throws
     * @return the total norm of the gradients before clipping
     * @throws ArithmeticException      if the total norm is NaN or infinite and {@code throwIfNonFinite}
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
            if (throwIfNonFinite) {
                throw new ArithmeticException("byNorm: the total L2 norm of the gradients is " + total
                        + ", so they cannot be clipped; gradients left unchanged (a gradient has a NaN or infinite"
                        + " element, or the squares overflow)");
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
