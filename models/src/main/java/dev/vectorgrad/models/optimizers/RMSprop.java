package dev.vectorgrad.models.optimizers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code RMSprop} (learning rate 1e-3, rho 0.9, momentum 0, epsilon 1e-7, not centered):
 * <pre>
 *   velocity = rho * velocity + (1 - rho) * g^2
 *   average  = rho * average + (1 - rho) * g                  (centered only)
 *   denominator = velocity - average^2 + epsilon  if centered, else velocity + epsilon
 *   increment = lr * g / sqrt(denominator)
 *   momentum_slot = momentum * momentum_slot + increment; w -= momentum_slot   (momentum > 0)
 *   w -= increment                                                             (momentum = 0)
 * </pre>
 * Unlike Adam, epsilon is added inside the square root. Slots, in Keras's order: every {@code velocity}, then
 * every {@code momentum} (momentum &gt; 0), then every {@code average_gradient} (centered).
 */
public final class RMSprop extends BaseOptimizer<RMSprop> {

    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;
    private Tensor[] velocities;
    private Tensor[] momentums;
    private Tensor[] averages;

    /** Keras's defaults. */
    public RMSprop() {
        this(1e-3);
    }

    /** Keras's defaults with this learning rate. */
    public RMSprop(double learningRate) {
        this(defaults(learningRate, null), 0.9, 0, 1e-7, false);
    }

    private RMSprop(Common common, double rho, double momentum, double epsilon, boolean centered) {
        super("RMSprop", common);
        this.rho = Checks.unitClosed("RMSprop", "rho", rho);
        this.momentum = Checks.unitClosed("RMSprop", "momentum", momentum);
        this.epsilon = Checks.nonNegative("RMSprop", "epsilon", epsilon);
        this.centered = centered;
    }

    @Override
    RMSprop copy(Common changed) {
        return new RMSprop(changed, rho, momentum, epsilon, centered);
    }

    /** A new, unbuilt copy with this discounting factor, in {@code [0, 1]}. */
    public RMSprop withRho(double value) {
        return new RMSprop(common(), value, momentum, epsilon, centered);
    }

    /** A new, unbuilt copy with this momentum, in {@code [0, 1]}. */
    public RMSprop withMomentum(double value) {
        return new RMSprop(common(), rho, value, epsilon, centered);
    }

    /** A new, unbuilt copy with this epsilon (added inside the square root), {@code >= 0}. */
    public RMSprop withEpsilon(double value) {
        return new RMSprop(common(), rho, momentum, value, centered);
    }

    /** A new, unbuilt copy that normalises by the estimated variance ({@code true}) or the second moment. */
    public RMSprop withCentered(boolean value) {
        return new RMSprop(common(), rho, momentum, epsilon, value);
    }

    /** The discounting factor. */
    public double rho() {
        return rho;
    }

    /** The momentum. */
    public double momentum() {
        return momentum;
    }

    /** The epsilon. */
    public double epsilon() {
        return epsilon;
    }

    /** Whether the centered variant is used. */
    public boolean centered() {
        return centered;
    }

    @Override
    List<Tensor> makeSlots(List<Tensor> variables) {
        List<Tensor> slots = new ArrayList<>();
        velocities = zerosLike(variables);
        slots.addAll(List.of(velocities));
        if (momentum > 0) {
            momentums = zerosLike(variables);
            slots.addAll(List.of(momentums));
        }
        if (centered) {
            averages = zerosLike(variables);
            slots.addAll(List.of(averages));
        }
        return slots;
    }

    @Override
    void update(int index, Tensor variable, Tensor gradient, double lr, long step) {
        if (variable.dtype() == DType.F64) {
            double[] w = variable.dataF64();
            double[] g = gradient.dataF64();
            double[] vel = velocities[index].dataF64();
            double[] mom = momentum > 0 ? momentums[index].dataF64() : null;
            double[] avg = centered ? averages[index].dataF64() : null;
            double oneMinusRho = 1 - rho;
            for (int j = 0; j < w.length; j++) {
                vel[j] = rho * vel[j] + oneMinusRho * (g[j] * g[j]);
                double denominator;
                if (avg != null) {
                    avg[j] = rho * avg[j] + oneMinusRho * g[j];
                    denominator = vel[j] - avg[j] * avg[j] + epsilon;
                } else {
                    denominator = vel[j] + epsilon;
                }
                double increment = lr * g[j] / Math.sqrt(denominator);
                if (mom != null) {
                    mom[j] = momentum * mom[j] + increment;
                    w[j] = w[j] - mom[j];
                } else {
                    w[j] = w[j] - increment;
                }
            }
        } else {
            float[] w = variable.dataF32();
            float[] g = gradient.dataF32();
            float[] vel = velocities[index].dataF32();
            float[] mom = momentum > 0 ? momentums[index].dataF32() : null;
            float[] avg = centered ? averages[index].dataF32() : null;
            float r = (float) rho;
            float oneMinusRho = (float) (1 - rho);
            float mu = (float) momentum;
            float eps = (float) epsilon;
            float rate = (float) lr;
            for (int j = 0; j < w.length; j++) {
                vel[j] = r * vel[j] + oneMinusRho * (g[j] * g[j]);
                float denominator;
                if (avg != null) {
                    avg[j] = r * avg[j] + oneMinusRho * g[j];
                    denominator = vel[j] - avg[j] * avg[j] + eps;
                } else {
                    denominator = vel[j] + eps;
                }
                float increment = rate * g[j] / (float) Math.sqrt(denominator);
                if (mom != null) {
                    mom[j] = mu * mom[j] + increment;
                    w[j] = w[j] - mom[j];
                } else {
                    w[j] = w[j] - increment;
                }
            }
        }
    }

    @Override
    void ownConfig(Map<String, Object> config) {
        config.put("rho", rho);
        config.put("momentum", momentum);
        config.put("epsilon", epsilon);
        config.put("centered", centered);
    }
}
