package dev.vectorgrad.models.optimizers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's Adam update, shared by {@link Adam} and {@link AdamW} (which differ only in their default weight decay).
 * At step {@code t} (Keras's {@code iterations + 1}):
 * <pre>
 *   alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
 *   m += (g - m) * (1 - beta_1)
 *   v += (g^2 - v) * (1 - beta_2)
 *   v_hat = max(v_hat, v)                      (amsgrad only; then v_hat is used for v below)
 *   w -= m * alpha / (sqrt(v) + epsilon)
 * </pre>
 * Unlike PyTorch's Adam, {@code epsilon} (default 1e-7) is added to the square root of the raw second moment and
 * the bias corrections are folded into the step size. Slots, in Keras's order: {@code momentum} and
 * {@code velocity} of each variable in turn, then (amsgrad) every {@code velocity_hat}.
 *
 * @param <T> the concrete optimizer
 */
public abstract class BaseAdam<T extends BaseAdam<T>> extends BaseOptimizer<T> {

    /** Adam's own settings. */
    record Settings(double beta1, double beta2, double epsilon, boolean amsgrad) {
    }

    static final Settings DEFAULTS = new Settings(0.9, 0.999, 1e-7, false);

    private final Settings settings;
    private Tensor[] momentums;
    private Tensor[] velocities;
    private Tensor[] velocityHats;

    BaseAdam(String className, Common common, Settings settings) {
        super(className, common);
        Checks.unitOpen(className, "beta_1", settings.beta1());
        Checks.unitOpen(className, "beta_2", settings.beta2());
        Checks.nonNegative(className, "epsilon", settings.epsilon());
        this.settings = settings;
    }

    abstract T copy(Common common, Settings settings);

    @Override
    final T copy(Common changed) {
        return copy(changed, settings);
    }

    /** A new, unbuilt copy with this decay rate of the first moment, in {@code [0, 1)}. */
    public final T withBeta1(double value) {
        return copy(common(), new Settings(value, beta2(), epsilon(), amsgrad()));
    }

    /** A new, unbuilt copy with this decay rate of the second moment, in {@code [0, 1)}. */
    public final T withBeta2(double value) {
        return copy(common(), new Settings(beta1(), value, epsilon(), amsgrad()));
    }

    /** A new, unbuilt copy with this epsilon (added to {@code sqrt(v)}), {@code >= 0}. */
    public final T withEpsilon(double value) {
        return copy(common(), new Settings(beta1(), beta2(), value, amsgrad()));
    }

    /** A new, unbuilt copy with the AMSGrad variant on or off. */
    public final T withAmsgrad(boolean value) {
        return copy(common(), new Settings(beta1(), beta2(), epsilon(), value));
    }

    /** The first moment's decay rate. */
    public final double beta1() {
        return settings.beta1();
    }

    /** The second moment's decay rate. */
    public final double beta2() {
        return settings.beta2();
    }

    /** The epsilon added to {@code sqrt(v)}. */
    public final double epsilon() {
        return settings.epsilon();
    }

    /** Whether AMSGrad is used. */
    public final boolean amsgrad() {
        return settings.amsgrad();
    }

    @Override
    final List<Tensor> makeSlots(List<Tensor> variables) {
        momentums = zerosLike(variables);
        velocities = zerosLike(variables);
        List<Tensor> slots = new ArrayList<>();
        for (int i = 0; i < momentums.length; i++) {
            slots.add(momentums[i]);
            slots.add(velocities[i]);
        }
        if (amsgrad()) {
            velocityHats = zerosLike(variables);
            slots.addAll(List.of(velocityHats));
        }
        return slots;
    }

    @Override
    final void update(int index, Tensor variable, Tensor gradient, double lr, long step) {
        if (variable.dtype() == DType.F64) {
            updateF64(variable.dataF64(), gradient.dataF64(), momentums[index].dataF64(), velocities[index].dataF64(),
                    amsgrad() ? velocityHats[index].dataF64() : null, lr, step);
        } else {
            updateF32(variable.dataF32(), gradient.dataF32(), momentums[index].dataF32(), velocities[index].dataF32(),
                    amsgrad() ? velocityHats[index].dataF32() : null, lr, step);
        }
    }

    private void updateF64(double[] w, double[] g, double[] m, double[] v, double[] vHat, double lr, long step) {
        double t = step;
        double beta1Power = Math.pow(beta1(), t);
        double beta2Power = Math.pow(beta2(), t);
        double alpha = lr * Math.sqrt(1 - beta2Power) / (1 - beta1Power);
        double oneMinusBeta1 = 1 - beta1();
        double oneMinusBeta2 = 1 - beta2();
        double eps = epsilon();
        for (int j = 0; j < w.length; j++) {
            m[j] = m[j] + (g[j] - m[j]) * oneMinusBeta1;
            v[j] = v[j] + (g[j] * g[j] - v[j]) * oneMinusBeta2;
            double second = v[j];
            if (vHat != null) {
                vHat[j] = Math.max(vHat[j], v[j]);
                second = vHat[j];
            }
            w[j] = w[j] - m[j] * alpha / (Math.sqrt(second) + eps);
        }
    }

    /** As {@link #updateF64}, every operation in float as Keras casts the scalars to a float32 variable's dtype. */
    private void updateF32(float[] w, float[] g, float[] m, float[] v, float[] vHat, double lr, long step) {
        float t = step;
        float beta1Power = (float) Math.pow((float) beta1(), t);
        float beta2Power = (float) Math.pow((float) beta2(), t);
        float alpha = (float) lr * (float) Math.sqrt(1 - beta2Power) / (1 - beta1Power);
        float oneMinusBeta1 = (float) (1 - beta1());
        float oneMinusBeta2 = (float) (1 - beta2());
        float eps = (float) epsilon();
        for (int j = 0; j < w.length; j++) {
            m[j] = m[j] + (g[j] - m[j]) * oneMinusBeta1;
            v[j] = v[j] + (g[j] * g[j] - v[j]) * oneMinusBeta2;
            float second = v[j];
            if (vHat != null) {
                vHat[j] = Math.max(vHat[j], v[j]);
                second = vHat[j];
            }
            w[j] = w[j] - m[j] * alpha / ((float) Math.sqrt(second) + eps);
        }
    }

    @Override
    final void ownConfig(Map<String, Object> config) {
        config.put("beta_1", beta1());
        config.put("beta_2", beta2());
        config.put("epsilon", epsilon());
        config.put("amsgrad", amsgrad());
    }
}
