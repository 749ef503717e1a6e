package dev.vectorgrad.models.optimizers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every Keras optimizer shares (Keras's {@code BaseOptimizer}): the learning rate, the iteration counter,
 * gradient clipping ({@code clipnorm}, {@code clipvalue}, {@code global_clipnorm}), decoupled weight decay, and the
 * order of one step. Settings are given by the {@code withX} methods, each of which returns a new, unbuilt
 * optimizer of the same kind ({@code new Adam(1e-3).withClipnorm(1.0)}), as {@code RecurrentOptions} does.
 *
 * <p>One {@link #apply} does what Keras's {@code apply} does, in its order: skip the variables with no gradient,
 * clip the gradients (at most one of the three modes; the gradients themselves are left as they are), apply
 * weight decay {@code w -= w * weight_decay * lr} to each updated variable, run the algorithm's update on each,
 * and count the iteration. Arithmetic on a variable is done in its dtype, as Keras casts everything to the
 * variable's dtype: an F32 model is updated in float, an F64 one in double.
 *
 * <p>{@link #variables()} is Keras's list, in Keras's order: {@code iterations} and {@code learning_rate} (F64
 * scalars here, holding the exact count and rate; Keras keeps an int64 and a float32), then the slots that
 * {@link #build} makes, each in its variable's dtype.
 *
 * @param <T> the concrete optimizer, which the {@code withX} methods return
 */
public abstract class BaseOptimizer<T extends BaseOptimizer<T>> implements Optimizer {

    /** The settings every optimizer has, under Keras's names; {@code null} where Keras has {@code None}. */
    record Common(String name, double learningRate, Double weightDecay, Double clipnorm, Double clipvalue,
                  Double globalClipnorm) {
    }

    private final String className;
    private final Common common;
    private final Tensor iterations = Tensor.scalar(DType.F64, 0);
    private final Tensor learningRate;
    private List<Tensor> bound;
    private final List<Tensor> state = new ArrayList<>();

    BaseOptimizer(String className, Common common) {
        this.className = className;
        Checks.learningRate(className, common.learningRate());
        if (common.weightDecay() != null) {
            Checks.nonNegative(className, "weight_decay", common.weightDecay());
        }
        Checks.clipping(className, common);
        String name = common.name() == null ? Configs.snakeCase(className) : common.name();
        this.common = new Common(name, common.learningRate(), common.weightDecay(), common.clipnorm(),
                common.clipvalue(), common.globalClipnorm());
        this.learningRate = Tensor.scalar(DType.F64, common.learningRate());
    }

    static Common defaults(double learningRate, Double weightDecay) {
        return new Common(null, learningRate, weightDecay, null, null, null);
    }

    /** A new, unbuilt optimizer of this kind with these shared settings and this one's own. */
    abstract T copy(Common changed);

    /** Keras's class name, e.g. {@code "Adam"}. */
    public final String className() {
        return className;
    }

    /** The optimizer's name (Keras's {@code name}; by default the snake-case class name, e.g. {@code "adam"}). */
    public final String name() {
        return common.name();
    }

    /** The weight decay, or {@code null} when there is none. */
    public final Double weightDecay() {
        return common.weightDecay();
    }

    /** The per-variable gradient norm limit, or {@code null}. */
    public final Double clipnorm() {
        return common.clipnorm();
    }

    /** The gradient value limit, or {@code null}. */
    public final Double clipvalue() {
        return common.clipvalue();
    }

    /** The global gradient norm limit, or {@code null}. */
    public final Double globalClipnorm() {
        return common.globalClipnorm();
    }

    /** A new, unbuilt copy with name {@code name}. */
    public final T withName(String name) {
        Objects.requireNonNull(name, className + ": name");
        return copy(new Common(name, learningRate(), weightDecay(), clipnorm(), clipvalue(), globalClipnorm()));
    }

    /** A new, unbuilt copy with this learning rate. */
    public final T withLearningRate(double value) {
        return copy(new Common(name(), value, weightDecay(), clipnorm(), clipvalue(), globalClipnorm()));
    }

    /** A new, unbuilt copy with decoupled weight decay {@code w -= w * value * lr} before each update. */
    public final T withWeightDecay(double value) {
        return copy(new Common(name(), learningRate(), value, clipnorm(), clipvalue(), globalClipnorm()));
    }

    /**
     * A new, unbuilt copy that clips each variable's gradient {@code g} to L2 norm {@code value}:
     * {@code g * value / max(||g||, value)}, as Keras's {@code clipnorm}.
     *
     * @throws IllegalArgumentException if {@code value} is not finite and positive, or another clipping mode is set
     */
    public final T withClipnorm(double value) {
        return copy(new Common(name(), learningRate(), weightDecay(), value, clipvalue(), globalClipnorm()));
    }

    /**
     * A new, unbuilt copy that clips every gradient element to {@code [-value, value]}, as Keras's {@code clipvalue}.
     *
     * @throws IllegalArgumentException if {@code value} is not finite and positive, or another clipping mode is set
     */
    public final T withClipvalue(double value) {
        return copy(new Common(name(), learningRate(), weightDecay(), clipnorm(), value, globalClipnorm()));
    }

    /**
     * A new, unbuilt copy that scales all gradients together by {@code value * min(1 / norm, 1 / value)}, where
     * {@code norm} is the L2 norm of all of them, as Keras's {@code global_clipnorm} (a NaN or infinite norm makes
     * every gradient NaN, as in Keras).
     *
     * @throws IllegalArgumentException if {@code value} is not finite and positive, or another clipping mode is set
     */
    public final T withGlobalClipnorm(double value) {
        return copy(new Common(name(), learningRate(), weightDecay(), clipnorm(), clipvalue(), value));
    }

    final Common common() {
        return new Common(name(), learningRate(), weightDecay(), clipnorm(), clipvalue(), globalClipnorm());
    }

    // ---- Optimizer ---------------------------------------------------------------------------------------

    @Override
    public final void build(List<Tensor> variables) {
        Objects.requireNonNull(variables, className + ": variables");
        if (bound != null) {
            if (!sameTensors(bound, variables)) {
                throw new IllegalStateException(className + ": already built for " + bound.size()
                        + " variables; a different list of " + variables.size()
                        + " needs a new optimizer (Keras: recreate the optimizer)");
            }
            return;
        }
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            Tensor v = variables.get(i);
            if (v == null) {
                throw new NullPointerException(className + ": variable " + i + " is null");
            }
            if (!v.isLeaf()) {
                throw new IllegalArgumentException(className + ": variable " + i + " " + describe(v)
                        + " is the output of a recorded op; variables must be leaf tensors");
            }
            Integer first = seen.putIfAbsent(v, i);
            if (first != null) {
                throw new IllegalArgumentException(className + ": variables " + first + " and " + i
                        + " are the same tensor " + describe(v) + "; it would be updated twice per step");
            }
        }
        List<Tensor> copy = List.copyOf(variables);
        state.add(iterations);
        state.add(learningRate);
        state.addAll(makeSlots(copy));
        bound = copy;
    }

    private static boolean sameTensors(List<Tensor> a, List<Tensor> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Makes this algorithm's slots for {@code variables}, in Keras's order, and returns them in that order. */
    abstract List<Tensor> makeSlots(List<Tensor> variables);

    /**
     * Updates variable {@code index} from its (clipped) gradient with learning rate {@code lr}; {@code step} is the
     * 1-based number of this update (Keras's {@code iterations + 1}).
     */
    abstract void update(int index, Tensor variable, Tensor gradient, double lr, long step);

    @Override
    public final void apply() {
        if (bound == null) {
            throw new IllegalStateException(className + ": apply before build; call build(variables) first");
        }
        int n = bound.size();
        Tensor[] grads = new Tensor[n];
        int present = 0;
        for (int i = 0; i < n; i++) {
            Tensor v = bound.get(i);
            Tensor g = v.grad();
            if (g != null) {
                if (g.dtype() != v.dtype() || g.size() != v.size()) {
                    throw new IllegalStateException(className + ": the gradient of variable " + i + " is "
                            + describe(g) + " but the variable is " + describe(v));
                }
                grads[i] = g;
                present++;
            }
        }
        if (present == 0) {
            throw new IllegalStateException(className + ": no gradients provided for any of the " + n
                    + " variables (run a backward pass through them first)");
        }
        Tensor[] clipped = Clipping.clip(common, grads);
        double lr = learningRate();
        long step = iterations() + 1;
        for (int i = 0; i < n; i++) {
            if (clipped[i] != null) {
                if (common.weightDecay() != null) {
                    decay(bound.get(i), common.weightDecay(), lr);
                }
                update(i, bound.get(i), clipped[i], lr, step);
            }
        }
        iterations.set(0, step);
    }

    /** Keras's {@code w = w - w * wd * lr}, in the variable's dtype. */
    private static void decay(Tensor variable, double weightDecay, double lr) {
        if (variable.dtype() == DType.F64) {
            double[] w = variable.dataF64();
            for (int j = 0; j < w.length; j++) {
                w[j] = w[j] - w[j] * weightDecay * lr;
            }
        } else {
            float[] w = variable.dataF32();
            float wd = (float) weightDecay;
            float rate = (float) lr;
            for (int j = 0; j < w.length; j++) {
                w[j] = w[j] - w[j] * wd * rate;
            }
        }
    }

    @Override
    public final double learningRate() {
        return learningRate.get(0);
    }

    @Override
    public final void setLearningRate(double lr) {
        Checks.learningRate(className, lr);
        learningRate.set(0, lr);
    }

    @Override
    public final long iterations() {
        return (long) iterations.get(0);
    }

    @Override
    public final List<Tensor> variables() {
        if (bound == null) {
            return List.of(iterations, learningRate);
        }
        return Collections.unmodifiableList(state);
    }

    /** Whether {@link #build} has run. */
    public final boolean isBuilt() {
        return bound != null;
    }

    @Override
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("learning_rate", learningRate());
        c.put("weight_decay", weightDecay());
        c.put("clipnorm", clipnorm());
        c.put("global_clipnorm", globalClipnorm());
        c.put("clipvalue", clipvalue());
        c.put("use_ema", false);
        c.put("ema_momentum", 0.99);
        c.put("ema_overwrite_frequency", null);
        c.put("loss_scale_factor", null);
        c.put("gradient_accumulation_steps", null);
        ownConfig(c);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", "keras.optimizers");
        out.put("class_name", className);
        out.put("config", c);
        out.put("registered_name", null);
        return out;
    }

    /** Adds this algorithm's own arguments to its Keras config. */
    abstract void ownConfig(Map<String, Object> config);

    @Override
    public String toString() {
        return className + config().get("config");
    }

    static String describe(Tensor t) {
        return t.dtype() + " " + Tensor.shapeString(t.shape());
    }

    /** Zero slots, one per variable, in its dtype and shape (Keras's {@code add_optimizer_variables}). */
    static Tensor[] zerosLike(List<Tensor> variables) {
        Tensor[] s = new Tensor[variables.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = variables.get(i).zerosLike();
        }
        return s;
    }
}
