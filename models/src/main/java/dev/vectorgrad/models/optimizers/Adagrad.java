package dev.vectorgrad.models.optimizers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Adagrad} (learning rate 1e-3, initial accumulator value 0.1, epsilon 1e-7):
 * {@code accumulator += g^2; w -= lr * g / sqrt(accumulator + epsilon)}. One {@code accumulator} slot per
 * variable, starting at the initial accumulator value.
 */
public final class Adagrad extends BaseOptimizer<Adagrad> {

    private final double initialAccumulatorValue;
    private final double epsilon;
    private Tensor[] accumulators;

    /** Keras's defaults. */
    public Adagrad() {
        this(1e-3);
    }

    /** Keras's defaults with this learning rate. */
    public Adagrad(double learningRate) {
        this(defaults(learningRate, null), 0.1, 1e-7);
    }

    private Adagrad(Common common, double initialAccumulatorValue, double epsilon) {
        super("Adagrad", common);
        this.initialAccumulatorValue = Checks.nonNegative("Adagrad", "initial_accumulator_value", initialAccumulatorValue);
        this.epsilon = Checks.nonNegative("Adagrad", "epsilon", epsilon);
    }

    @Override
    Adagrad copy(Common changed) {
        return new Adagrad(changed, initialAccumulatorValue, epsilon);
    }

    /** A new, unbuilt copy whose accumulators start at {@code value}, {@code >= 0}. */
    public Adagrad withInitialAccumulatorValue(double value) {
        return new Adagrad(common(), value, epsilon);
    }

    /** A new, unbuilt copy with this epsilon (added inside the square root), {@code >= 0}. */
    public Adagrad withEpsilon(double value) {
        return new Adagrad(common(), initialAccumulatorValue, value);
    }

    /** The accumulators' starting value. */
    public double initialAccumulatorValue() {
        return initialAccumulatorValue;
    }

    /** The epsilon. */
    public double epsilon() {
        return epsilon;
    }

    @Override
    List<Tensor> makeSlots(List<Tensor> variables) {
        accumulators = new Tensor[variables.size()];
        for (int i = 0; i < accumulators.length; i++) {
            Tensor v = variables.get(i);
            accumulators[i] = Tensor.full(v.dtype(), initialAccumulatorValue, v.shape());
        }
        return List.of(accumulators);
    }

    @Override
    void update(int index, Tensor variable, Tensor gradient, double lr, long step) {
        if (variable.dtype() == DType.F64) {
            double[] w = variable.dataF64();
            double[] g = gradient.dataF64();
            double[] acc = accumulators[index].dataF64();
            for (int j = 0; j < w.length; j++) {
                acc[j] = acc[j] + g[j] * g[j];
                w[j] = w[j] - lr * g[j] / Math.sqrt(acc[j] + epsilon);
            }
        } else {
            float[] w = variable.dataF32();
            float[] g = gradient.dataF32();
            float[] acc = accumulators[index].dataF32();
            float rate = (float) lr;
            float eps = (float) epsilon;
            for (int j = 0; j < w.length; j++) {
                acc[j] = acc[j] + g[j] * g[j];
                w[j] = w[j] - rate * g[j] / (float) Math.sqrt(acc[j] + eps);
            }
        }
    }

    @Override
    void ownConfig(Map<String, Object> config) {
        config.put("initial_accumulator_value", initialAccumulatorValue);
        config.put("epsilon", epsilon);
    }
}
