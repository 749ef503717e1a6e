package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.Tensor;
import java.util.Collection;
import java.util.List;

/**
 * Adam (Kingma and Ba), with weight decay as an L2 term added to the gradient and optional AMSGrad:
 * PyTorch 1.13's {@code torch.optim.Adam}. For each parameter {@code p} with gradient {@code g},
 * at its step {@code t} (counted per parameter, from 1):
 *
 * <pre>
 * d = g + weightDecay * p                        (if weightDecay != 0)
 * m = beta1 * m + (1 - beta1) * d
 * v = beta2 * v + (1 - beta2) * d * d
 * vHat = max(vHatPrevious, v) with AMSGrad, else v
 * p = p - lr / (1 - beta1^t) * m / (sqrt(vHat) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>{@link AdamW#builder} makes the same optimizer with decoupled weight decay instead: each step
 * first multiplies {@code p} by {@code 1 - lr * weightDecay}, and the moments see {@code g} alone.
 *
 * <pre>{@code
 * Adam adam = Adam.builder(1e-3).betas(0.9, 0.999).amsgrad(true).build(List.of(w, b));
 * }</pre>
 */
public final class Adam implements Optimizer {

    private final AdamCore core;

    private Adam(AdamCore core) {
        this.core = core;
    }

    /**
     * A builder with learning rate {@code lr} (PyTorch's default is 1e-3) and PyTorch's defaults
     * for the rest: betas (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad.
     *
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    public static Builder builder(double lr) {
        return new Builder("Adam", lr, false);
    }

    /** Settings of an {@link Adam} (or {@link AdamW}); each setter checks its value. */
    public static final class Builder {
        private final String who;
        private final boolean decoupled;
        private final double lr;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;
        private boolean amsgrad;

        Builder(String who, double lr, boolean decoupled) {
            this.who = who;
            this.decoupled = decoupled;
            this.lr = Checks.nonNegative(who, "lr", lr);
            this.weightDecay = decoupled ? 1e-2 : 0;
        }

        /** Decay rates of the first and second moment estimates, each in {@code [0, 1)}. */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = Checks.unitOpen(who, "beta1", beta1);
            this.beta2 = Checks.unitOpen(who, "beta2", beta2);
            return this;
        }

        /** Term added to the denominator, finite and {@code >= 0}. */
        public Builder eps(double eps) {
            this.eps = Checks.nonNegative(who, "eps", eps);
            return this;
        }

        /**
         * Weight decay, finite and {@code >= 0}: for Adam an L2 penalty ({@code weightDecay * p} is
         * added to the gradient), for AdamW decoupled (each step multiplies {@code p} by
         * {@code 1 - lr * weightDecay}).
         */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative(who, "weightDecay", weightDecay);
            return this;
        }

        /** Whether to normalise by the running maximum of the second moment (AMSGrad). */
        public Builder amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }

        /**
         * An optimizer for {@code params}: leaf tensors that require gradients, not empty, none twice.
         *
         * @throws IllegalArgumentException if a parameter is not a leaf that requires a gradient
         */
        public Adam build(Collection<Tensor> params) {
            return new Adam(new AdamCore(who, Checks.parameters(who, params), lr, beta1, beta2, eps, weightDecay,
                    amsgrad, decoupled));
        }
    }

    @Override
    public List<Tensor> parameters() {
        return core.paramList;
    }

    @Override
    public void step() {
        core.step();
    }

    @Override
    public double learningRate() {
        return core.lr;
    }

    @Override
    public void setLearningRate(double lr) {
        core.setLearningRate(lr);
    }

    /** Decay rate of the first moment estimate. */
    public double beta1() {
        return core.beta1;
    }

    /** Decay rate of the second moment estimate. */
    public double beta2() {
        return core.beta2;
    }

    /** Term added to the denominator. */
    public double eps() {
        return core.eps;
    }

    /** Weight decay factor. */
    public double weightDecay() {
        return core.weightDecay;
    }

    /** Whether the weight decay is decoupled (AdamW) rather than an L2 term in the gradient. */
    public boolean decoupledWeightDecay() {
        return core.decoupled;
    }

    /** Whether AMSGrad is used. */
    public boolean amsgrad() {
        return core.amsgrad;
    }
}
