package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.Collection;
import java.util.List;

/**
 * RMSprop (Hinton), with optional L2 weight decay, momentum and centering: PyTorch 1.13's
 * {@code torch.optim.RMSprop}. For each parameter {@code p} with gradient {@code g}:
 *
 * <pre>
 * d = g + weightDecay * p                              (if weightDecay != 0)
 * s = alpha * s + (1 - alpha) * d * d
 * a = alpha * a + (1 - alpha) * d;  avg = sqrt(s - a * a) + eps   (centered)
 * avg = sqrt(s) + eps                                  (not centered)
 * b = momentum * b + d / avg;  p = p - lr * b          (if momentum > 0; b starts at 0)
 * p = p - lr * d / avg                                 (otherwise)
 * </pre>
 *
 * <pre>{@code
 * RmsProp rms = RmsProp.builder(1e-2).alpha(0.9).momentum(0.9).centered(true).build(List.of(w, b));
 * }</pre>
 */
public final class RmsProp implements Optimizer {

    private static final String WHO = "RmsProp";

    private final Tensor[] params;
    private final List<Tensor> paramList;
    private final double alpha;
    private final double eps;
    private final double weightDecay;
    private final double momentum;
    private final boolean centered;
    private final Tensor[] squareAvg;
    private final Tensor[] gradAvg;
    private final Tensor[] momentumBuffer;
    private double lr;

    private RmsProp(Builder b, Tensor[] params) {
        this.params = params;
        this.paramList = List.of(params);
        this.lr = b.lr;
        this.alpha = b.alpha;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.momentum = b.momentum;
        this.centered = b.centered;
        this.squareAvg = new Tensor[params.length];
        this.gradAvg = new Tensor[params.length];
        this.momentumBuffer = new Tensor[params.length];
    }

    /**
     * A builder with learning rate {@code lr} (PyTorch's default is 1e-2) and PyTorch's defaults
     * for the rest: alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered.
     *
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    public static Builder builder(double lr) {
        return new Builder(lr);
    }

    /** Settings of an {@link RmsProp}; each setter checks its value. */
    public static final class Builder {
        private final double lr;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double weightDecay;
        private double momentum;
        private boolean centered;

        private Builder(double lr) {
            this.lr = Checks.nonNegative(WHO, "lr", lr);
        }

        /**
         * Smoothing constant of the running averages, in {@code [0, 1]}. PyTorch only requires
         * {@code >= 0}; above 1 the new gradient's weight {@code 1 - alpha} would be negative.
         */
        public Builder alpha(double alpha) {
            this.alpha = Checks.unitClosed(WHO, "alpha", alpha);
            return this;
        }

        /** Term added to the denominator, finite and {@code >= 0}. */
        public Builder eps(double eps) {
            this.eps = Checks.nonNegative(WHO, "eps", eps);
            return this;
        }

        /** L2 penalty: {@code weightDecay * p} is added to the gradient; finite and {@code >= 0}. */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative(WHO, "weightDecay", weightDecay);
            return this;
        }

        /** Momentum factor, finite and {@code >= 0} (0: none). */
        public Builder momentum(double momentum) {
            this.momentum = Checks.nonNegative(WHO, "momentum", momentum);
            return this;
        }

        /** Whether to normalise by the estimated variance of the gradient instead of its second moment. */
        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        /**
         * An optimizer for {@code params}: leaf tensors that require gradients, not empty, none twice.
         *
         * @throws IllegalArgumentException if a parameter is not a leaf that requires a gradient
         */
        public RmsProp build(Collection<Tensor> params) {
            return new RmsProp(this, Checks.parameters(WHO, params));
        }
    }

    @Override
    public List<Tensor> parameters() {
        return paramList;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = Checks.nonNegative(WHO, "lr", lr);
    }

    /** Smoothing constant of the running averages. */
    public double alpha() {
        return alpha;
    }

    /** Term added to the denominator. */
    public double eps() {
        return eps;
    }

    /** L2 weight decay factor. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Momentum factor (0: none). */
    public double momentum() {
        return momentum;
    }

    /** Whether the variance is centered. */
    public boolean centered() {
        return centered;
    }

    @Override
    public void step() {
        for (int i = 0; i < params.length; i++) {
            Tensor p = params[i];
            Tensor g = Checks.grad(WHO, i, p);
            if (g == null) {
                continue;
            }
            if (squareAvg[i] == null) {
                squareAvg[i] = p.zerosLike();
                if (momentum > 0) {
                    momentumBuffer[i] = p.zerosLike();
                }
                if (centered) {
                    gradAvg[i] = p.zerosLike();
                }
            }
            if (p.dtype() == DType.F64) {
                stepF64(p.dataF64(), g.dataF64(), squareAvg[i].dataF64(), centered ? gradAvg[i].dataF64() : null,
                        momentum > 0 ? momentumBuffer[i].dataF64() : null);
            } else {
                stepF32(p.dataF32(), g.dataF32(), squareAvg[i].dataF32(), centered ? gradAvg[i].dataF32() : null,
                        momentum > 0 ? momentumBuffer[i].dataF32() : null);
            }
        }
    }

    // One statement per PyTorch kernel, in its order, each result rounded (no fused multiply-add):
    // add(x, alpha=a) is self + a * x, addcmul(x, y, value=v) is self + v * x * y,
    // addcdiv(x, y, value=v) is self + v * x / y.

    private void stepF64(double[] p, double[] g, double[] s, double[] a, double[] buf) {
        double wd = weightDecay;
        double al = alpha;
        double oneMinusAlpha = 1 - alpha;
        double e = eps;
        double m = momentum;
        double negLr = -lr;
        for (int j = 0; j < p.length; j++) {
            double d = g[j];
            if (wd != 0) {
                d = d + wd * p[j];
            }
            double sj = s[j] * al + oneMinusAlpha * d * d;
            s[j] = sj;
            double avg;
            if (a != null) {
                double aj = a[j] * al + oneMinusAlpha * d;
                a[j] = aj;
                avg = Math.sqrt(sj + -1.0 * aj * aj);
            } else {
                avg = Math.sqrt(sj);
            }
            avg = avg + e;
            if (buf != null) {
                double b = buf[j] * m + 1.0 * d / avg;
                buf[j] = b;
                p[j] = p[j] + negLr * b;
            } else {
                p[j] = p[j] + negLr * d / avg;
            }
        }
    }

    private void stepF32(float[] p, float[] g, float[] s, float[] a, float[] buf) {
        float wd = (float) weightDecay;
        float al = (float) alpha;
        float oneMinusAlpha = (float) (1 - alpha);
        float e = (float) eps;
        float m = (float) momentum;
        float negLr = (float) -lr;
        for (int j = 0; j < p.length; j++) {
            float d = g[j];
            if (weightDecay != 0) {
                d = d + wd * p[j];
            }
            float sj = s[j] * al + oneMinusAlpha * d * d;
            s[j] = sj;
            float avg;
            if (a != null) {
                float aj = a[j] * al + oneMinusAlpha * d;
                a[j] = aj;
                avg = (float) Math.sqrt(sj + -1.0f * aj * aj);
            } else {
                avg = (float) Math.sqrt(sj);
            }
            avg = avg + e;
            if (buf != null) {
                float b = buf[j] * m + 1.0f * d / avg;
                buf[j] = b;
                p[j] = p[j] + negLr * b;
            } else {
                p[j] = p[j] + negLr * d / avg;
            }
        }
    }
}
