package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.Collection;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay: PyTorch 1.13's {@code torch.optim.SGD}. For each parameter {@code p} with gradient {@code g}:
 *
 * <pre>
 * d = g + weightDecay * p                               (if weightDecay != 0)
 * b = d on the first step, else momentum * b + (1 - dampening) * d   (if momentum != 0)
 * d = d + momentum * b if nesterov, else b              (if momentum != 0)
 * p = p - lr * d
 * </pre>
 *
 * <pre>{@code
 * Sgd sgd = Sgd.builder(0.1).momentum(0.9).nesterov(true).build(List.of(w, b));
 * }</pre>
 */
public final class Sgd implements Optimizer {

    private static final String WHO = "Sgd";

    private final Tensor[] params;
    private final List<Tensor> paramList;
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final Tensor[] momentumBuffer;
    private double lr;

    private Sgd(Builder b, Tensor[] params) {
        this.params = params;
        this.paramList = List.of(params);
        this.lr = b.lr;
        this.momentum = b.momentum;
        this.dampening = b.dampening;
        this.nesterov = b.nesterov;
        this.weightDecay = b.weightDecay;
        this.momentumBuffer = new Tensor[params.length];
    }

    /**
     * A builder with learning rate {@code lr} and PyTorch's defaults for the rest: no momentum, no
     * dampening, no Nesterov, no weight decay.
     *
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    public static Builder builder(double lr) {
        return new Builder(lr);
    }

    /** Settings of an {@link Sgd}; each setter checks its value, {@link #build} checks the combination. */
    public static final class Builder {
        private final double lr;
        private double momentum;
        private double dampening;
        private boolean nesterov;
        private double weightDecay;

        private Builder(double lr) {
            this.lr = Checks.nonNegative(WHO, "lr", lr);
        }

        /** Momentum factor, finite and {@code >= 0} (default 0: none). */
        public Builder momentum(double momentum) {
            this.momentum = Checks.nonNegative(WHO, "momentum", momentum);
            return this;
        }

        /**
         * Dampening of the gradient added to the momentum buffer, in {@code [0, 1]} (default 0).
         * PyTorch accepts any value; outside {@code [0, 1]} the gradient's weight {@code 1 - dampening}
         * would be negative or above 1.
         */
        public Builder dampening(double dampening) {
            this.dampening = Checks.unitClosed(WHO, "dampening", dampening);
            return this;
        }

        /** Nesterov momentum (default false); needs {@code momentum > 0} and {@code dampening == 0}. */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** L2 penalty: {@code weightDecay * p} is added to the gradient; finite and {@code >= 0} (default 0). */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative(WHO, "weightDecay", weightDecay);
            return this;
        }

        /**
         * An optimizer for {@code params}: leaf tensors that require gradients, not empty, none twice.
         *
         * @throws IllegalArgumentException if Nesterov is on without momentum or with dampening, or a
         *                                  parameter is not a leaf that requires a gradient
         */
        public Sgd build(Collection<Tensor> params) {
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException(WHO + ": Nesterov momentum needs momentum > 0 and dampening 0, got momentum="
                        + momentum + ", dampening=" + dampening);
            }
            return new Sgd(this, Checks.parameters(WHO, params));
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

    /** Momentum factor (0: none). */
    public double momentum() {
        return momentum;
    }

    /** Dampening of the gradient added to the momentum buffer. */
    public double dampening() {
        return dampening;
    }

    /** Whether Nesterov momentum is used. */
    public boolean nesterov() {
        return nesterov;
    }

    /** L2 weight decay factor. */
    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public void step() {
        for (int i = 0; i < params.length; i++) {
            Tensor p = params[i];
            Tensor g = Checks.grad(WHO, i, p);
            if (g == null) {
                continue;
            }
            boolean first = false;
            if (momentum != 0 && momentumBuffer[i] == null) {
                momentumBuffer[i] = p.zerosLike();
                first = true;
            }
            Tensor buf = momentumBuffer[i];
            if (p.dtype() == DType.F64) {
                stepF64(p.dataF64(), g.dataF64(), buf == null ? null : buf.dataF64(), first);
            } else {
                stepF32(p.dataF32(), g.dataF32(), buf == null ? null : buf.dataF32(), first);
            }
        }
    }

    // The expressions below are PyTorch's kernels one by one: add(x, alpha=a) is x_self + a * x,
    // mul_(m) is x * m, each with its own rounding (no fused multiply-add).

    private void stepF64(double[] p, double[] g, double[] buf, boolean first) {
        double wd = weightDecay;
        double m = momentum;
        double oneMinusDampening = 1 - dampening;
        double negLr = -lr;
        for (int j = 0; j < p.length; j++) {
            double d = g[j];
            if (wd != 0) {
                d = d + wd * p[j];
            }
            if (m != 0) {
                double b = first ? d : buf[j] * m + oneMinusDampening * d;
                buf[j] = b;
                d = nesterov ? d + m * b : b;
            }
            p[j] = p[j] + negLr * d;
        }
    }

    private void stepF32(float[] p, float[] g, float[] buf, boolean first) {
        float wd = (float) weightDecay;
        float m = (float) momentum;
        float oneMinusDampening = (float) (1 - dampening);
        float negLr = (float) -lr;
        for (int j = 0; j < p.length; j++) {
            float d = g[j];
            if (weightDecay != 0) {
                d = d + wd * p[j];
            }
            if (momentum != 0) {
                float b = first ? d : buf[j] * m + oneMinusDampening * d;
                buf[j] = b;
                d = nesterov ? d + m * b : b;
            }
            p[j] = p[j] + negLr * d;
        }
    }
}
