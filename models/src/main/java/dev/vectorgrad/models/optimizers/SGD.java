package dev.vectorgrad.models.optimizers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code SGD}: learning rate 0.01, momentum 0, no Nesterov. With momentum 0, {@code w -= lr * g}; else
 * the velocity {@code v = momentum * v - lr * g} and {@code w += v}, or with Nesterov
 * {@code w += momentum * v - lr * g}. One {@code momentum} slot per variable, only when momentum is not 0.
 */
public final class SGD extends BaseOptimizer<SGD> {

    private final double momentum;
    private final boolean nesterov;
    private Tensor[] velocities;

    /** Keras's defaults: learning rate 0.01, momentum 0, no Nesterov. */
    public SGD() {
        this(0.01);
    }

    /** Plain gradient descent with this learning rate. */
    public SGD(double learningRate) {
        this(defaults(learningRate, null), 0, false);
    }

    private SGD(Common common, double momentum, boolean nesterov) {
        super("SGD", common);
        this.momentum = Checks.unitClosed("SGD", "momentum", momentum);
        this.nesterov = nesterov;
    }

    @Override
    SGD copy(Common changed) {
        return new SGD(changed, momentum, nesterov);
    }

    /** A new, unbuilt copy with this momentum, in {@code [0, 1]} (Keras's check). */
    public SGD withMomentum(double value) {
        return new SGD(common(), value, nesterov);
    }

    /** A new, unbuilt copy with Nesterov momentum on or off. */
    public SGD withNesterov(boolean value) {
        return new SGD(common(), momentum, value);
    }

    /** The momentum. */
    public double momentum() {
        return momentum;
    }

    /** Whether Nesterov momentum is used. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    List<Tensor> makeSlots(List<Tensor> variables) {
        if (momentum == 0) {
            return List.of();
        }
        velocities = zerosLike(variables);
        return List.of(velocities);
    }

    @Override
    void update(int index, Tensor variable, Tensor gradient, double lr, long step) {
        if (variable.dtype() == DType.F64) {
            double[] w = variable.dataF64();
            double[] g = gradient.dataF64();
            if (momentum == 0) {
                for (int j = 0; j < w.length; j++) {
                    w[j] = w[j] - g[j] * lr;
                }
                return;
            }
            double[] v = velocities[index].dataF64();
            for (int j = 0; j < w.length; j++) {
                v[j] = v[j] * momentum - g[j] * lr;
                w[j] = w[j] + (nesterov ? v[j] * momentum - g[j] * lr : v[j]);
            }
        } else {
            float[] w = variable.dataF32();
            float[] g = gradient.dataF32();
            float rate = (float) lr;
            if (momentum == 0) {
                for (int j = 0; j < w.length; j++) {
                    w[j] = w[j] - g[j] * rate;
                }
                return;
            }
            float mu = (float) momentum;
            float[] v = velocities[index].dataF32();
            for (int j = 0; j < w.length; j++) {
                v[j] = v[j] * mu - g[j] * rate;
                w[j] = w[j] + (nesterov ? v[j] * mu - g[j] * rate : v[j]);
            }
        }
    }

    @Override
    void ownConfig(Map<String, Object> config) {
        config.put("momentum", momentum);
        config.put("nesterov", nesterov);
    }
}
