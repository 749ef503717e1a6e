package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.Tensor;
import java.util.Collection;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter) and optional AMSGrad:
 * PyTorch 1.13's {@code torch.optim.AdamW}. For each parameter {@code p} with gradient {@code g},
 * at its step {@code t} (counted per parameter, from 1):
 *
 * <pre>
 * p = p * (1 - lr * weightDecay)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * vHat = max(vHatPrevious, v) with AMSGrad, else v
 * p = p - lr / (1 - beta1^t) * m / (sqrt(vHat) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>The decay shrinks the parameter directly instead of entering the moment estimates as in {@link Adam}.
 *
 * <pre>{@code
 * AdamW adamw = AdamW.builder(1e-3).weightDecay(0.05).build(List.of(w, b));
 * }</pre>
 */
public final class AdamW implements Optimizer {

    private static final String WHO = "AdamW";

    private final AdamCore core;

    private AdamW(AdamCore core) {
        this.core = core;
    }

    /**
     * A builder with learning rate {@code lr} (PyTorch's default is 1e-3) and PyTorch's defaults
     * for the rest: betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no AMSGrad.
     *
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    public static Builder builder(double lr) {
        return new Builder(lr);
    }

    /** Settings of an {@link AdamW}; each setter checks its value. */
    public static final class Builder {
        private final double lr;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay = 1e-2;
        private boolean amsgrad;

        private Builder(double lr) {
            this.lr = Checks.nonNegative(WHO, "lr", lr);
        }

        /** Decay rates of the first and second moment estimates, each in {@code [0, 1)}. */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = Checks.unitOpen(WHO, "beta1", beta1);
            this.beta2 = Checks.unitOpen(WHO, "beta2", beta2);
            return this;
        }

        /** Term added to the denominator, finite and {@code >= 0}. */
        public Builder eps(double eps) {
            this.eps = Checks.nonNegative(WHO, "eps", eps);
            return this;
        }

        /** Decoupled decay: each step multiplies the parameter by {@code 1 - lr * weightDecay}; finite and {@code >= 0}. */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative(WHO, "weightDecay", weightDecay);
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
        public AdamW build(Collection<Tensor> params) {
            return new AdamW(new AdamCore(WHO, Checks.parameters(WHO, params), lr, beta1, beta2, eps, weightDecay,
                    amsgrad, true));
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

    /** Decoupled weight decay factor. */
    public double weightDecay() {
        return core.weightDecay;
    }

    /** Whether AMSGrad is used. */
    public boolean amsgrad() {
        return core.amsgrad;
    }
}
