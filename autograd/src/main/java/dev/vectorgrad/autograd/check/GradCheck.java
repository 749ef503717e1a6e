package dev.vectorgrad.autograd.check;

import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks the gradients that a function's backward pass computes against central finite
 * differences, for use in tests (your own ops, {@link Tape#record custom backwards}, layers).
 *
 * <pre>{@code
 * Tensor x = Tensor.uniform(DType.F64, -1, 1, 1, 3, 4).requiresGrad(true);
 * Tensor w = Tensor.uniform(DType.F64, -1, 1, 2, 4, 5).requiresGrad(true);
 * GradCheck.verify(in -> Ops.tanh(Ops.matmul(in[0], in[1])), x, w);   // throws AssertionError on a mismatch
 *
 * Report r = GradCheck.defaults().fast(true).check(in -> myOp(in[0], in[1]), x, w);
 * }</pre>
 *
 * <p><b>What is compared.</b> The inputs that {@link Tensor#requiresGrad() require a gradient} are
 * checked; the others are constants. The function may return a tensor of any shape. The
 * analytical side runs {@code f} once on a fresh {@link Tape} and backpropagates; the numerical
 * side evaluates {@code f} under {@link Tape#noGrad()} at perturbed inputs:
 * {@code (f(x + eps) - f(x - eps)) / 2 eps}. An entry passes when
 * {@code |analytical - numerical| <= atol + rtol * |numerical|} (PyTorch's rule, the numerical
 * value being the reference); NaN or infinity on either side fails.
 * <ul>
 *   <li><b>Full mode</b> (the default) builds both Jacobians entry by entry: one backward per
 *       output element (one-hot upstream gradient), two evaluations of {@code f} per input
 *       element. Exact diagnostics; cost grows with input size times output size.</li>
 *   <li><b>Fast mode</b> ({@link #fast(boolean) fast(true)}, PyTorch's {@code fast_mode}) compares
 *       one number per input: {@code v^T J u}, with {@code u} (input-sized) and {@code v}
 *       (output-sized) random vectors with positive entries and unit norm, drawn from a
 *       generator seeded with {@link #seed(long)}. Numerically
 *       {@code v . (f(x + eps u) - f(x - eps u)) / 2 eps}, analytically
 *       {@code (v^T J) . u} from a single backward with upstream {@code v}. Because it sums the
 *       errors of all entries, {@code atol} is scaled by {@code sum(u) * sum(v)} (PyTorch's
 *       {@code _adjusted_atol}). When an input fails, full mode is re-run for it so the report
 *       names the offending entries. Fast mode is less sensitive than full mode: an error
 *       confined to a few small entries can stay under the scaled atol (more so with the F32
 *       tolerances), so prefer full mode where the sizes allow it.</li>
 * </ul>
 *
 * <p><b>Also checked</b>, in both modes: a zero upstream gradient gives exactly zero input
 * gradients (a backward that ignores its upstream gradient fails this even where the Jacobian
 * looks right, e.g. for a scalar output); two backward passes with the same upstream gradient
 * give bitwise identical gradients; each gradient has its input's shape and dtype; and the
 * function leaves its inputs unchanged.
 *
 * <p><b>Inputs are never touched.</b> The check works on fresh copies: the caller's tensors, their
 * values and their gradients are left as they were. Tensors the function <em>captures</em>
 * (rather than receives in its argument array) are not copied: if they require a gradient,
 * the backward passes accumulate into it. Pass everything you want checked or left untouched as
 * an input.
 *
 * <p><b>Precision.</b> The inputs to check must be {@link dev.vectorgrad.autograd.DType#F64 F64}:
 * the defaults (eps 1e-6, atol 1e-5, rtol 1e-3, those of PyTorch's {@code gradcheck}) are meant
 * for double precision. An F32 input is refused with an {@link IllegalArgumentException}, unless
 * {@link #numericalInDouble(boolean) numericalInDouble(true)} is set: then the F32 gradients are
 * checked against finite differences computed on F64 copies of the inputs.
 *
 * <p><b>The function</b> must be deterministic (re-seed any random generator, e.g. for dropout,
 * inside it), must not write into its inputs, must record its ops on the thread's open tape (it
 * must not open or close tapes of its own), and should be evaluated away from kinks such as
 * {@code relu} at 0, where finite differences straddle two slopes.
 *
 * <p>Instances are immutable and thread-safe; each {@code check} runs on the calling thread, on
 * a tape of its own. Run it outside {@link Tape#noGrad()} scopes.
 */
public final class GradCheck {

    /** Default finite-difference step: 1e-6, as PyTorch's {@code gradcheck}. */
    public static final double DEFAULT_EPS = 1e-6;
    /** Default absolute tolerance: 1e-5, as PyTorch's {@code gradcheck}. */
    public static final double DEFAULT_ATOL = 1e-5;
    /** Default relative tolerance: 1e-3, as PyTorch's {@code gradcheck}. */
    public static final double DEFAULT_RTOL = 1e-3;
    /**
     * Default absolute and relative tolerance when F32 gradients are checked with
     * {@link #numericalInDouble(boolean) numericalInDouble(true)}: 2e-3, JAX's gradient tolerance
     * for float32 ({@code jax.test_util.check_grads}). The numerical side is then accurate to
     * about 1e-10, so the tolerance only has to absorb the F32 backward's rounding: about 6e-8
     * relative per operation, growing with the length of the sums in products and reductions
     * (a few hundred terms reach 1e-5 relative) and amplified where terms cancel, which is why
     * the absolute part is as large as the relative one. A backward off by a factor, a wrong
     * transpose or a missing term is still off by far more than 0.2%.
     */
    public static final double F32_TOLERANCE = 2e-3;
    /** Default seed of fast mode's random vectors (fixed, so that a run is reproducible). */
    public static final long DEFAULT_SEED = 0;

    private static final GradCheck DEFAULTS =
            new GradCheck(DEFAULT_EPS, Double.NaN, Double.NaN, false, DEFAULT_SEED, false);

    private final double eps;
    /** NaN while not set explicitly: the default then depends on the inputs' dtype. */
    private final double atol;
    private final double rtol;
    private final boolean fast;
    private final long seed;
    private final boolean numericalInDouble;

    private GradCheck(double eps, double atol, double rtol, boolean fast, long seed, boolean numericalInDouble) {
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        this.fast = fast;
        this.seed = seed;
        this.numericalInDouble = numericalInDouble;
    }

    /**
     * PyTorch's defaults: eps {@value #DEFAULT_EPS}, atol {@value #DEFAULT_ATOL}, rtol
     * {@value #DEFAULT_RTOL}, full mode, seed {@value #DEFAULT_SEED}, F64 inputs only.
     */
    public static GradCheck defaults() {
        return DEFAULTS;
    }

    /**
     * Checks with {@link #defaults()} and throws if any check fails:
     * {@code GradCheck.defaults().assertGradients(f, inputs)}.
     *
     * @throws AssertionError           whose message is the {@link Report}, if a check fails
     * @throws IllegalArgumentException as {@link #check}
     */
    public static void verify(Function<Tensor[], Tensor> f, Tensor... inputs) {
        DEFAULTS.assertGradients(f, inputs);
    }

    /** A copy with finite-difference step {@code eps} (positive and finite). */
    public GradCheck eps(double eps) {
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("GradCheck.eps: need a positive finite step, got " + eps);
        }
        return new GradCheck(eps, atol, rtol, fast, seed, numericalInDouble);
    }

    /** A copy with absolute tolerance {@code atol} (finite, {@code >= 0}); overrides the dtype-dependent default. */
    public GradCheck atol(double atol) {
        return new GradCheck(eps, tolerance("atol", atol), rtol, fast, seed, numericalInDouble);
    }

    /** A copy with relative tolerance {@code rtol} (finite, {@code >= 0}); overrides the dtype-dependent default. */
    public GradCheck rtol(double rtol) {
        return new GradCheck(eps, atol, tolerance("rtol", rtol), fast, seed, numericalInDouble);
    }

    private static double tolerance(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("GradCheck." + name + ": need a finite tolerance >= 0, got " + value);
        }
        return value;
    }

    /** A copy in fast (random projection) mode, or full-Jacobian mode with {@code false}. */
    public GradCheck fast(boolean fast) {
        return new GradCheck(eps, atol, rtol, fast, seed, numericalInDouble);
    }

    /** A copy whose fast mode draws its random vectors from a generator seeded with {@code seed}. */
    public GradCheck seed(long seed) {
        return new GradCheck(eps, atol, rtol, fast, seed, numericalInDouble);
    }

    /**
     * A copy that accepts F32 inputs ({@code true}): the analytical side runs the function on the
     * F32 inputs as given, the numerical side on F64 copies of every F32 input (Chainer's
     * pattern), so the finite differences are accurate and only the F32 backward's rounding has
     * to be tolerated. The function must compute in its inputs' dtype (all ops do). Unless set
     * explicitly, atol and rtol then default to {@value #F32_TOLERANCE} (see
     * {@link #F32_TOLERANCE}) whenever an input to check is F32. With F64 inputs this setting
     * changes nothing.
     */
    public GradCheck numericalInDouble(boolean numericalInDouble) {
        return new GradCheck(eps, atol, rtol, fast, seed, numericalInDouble);
    }

    /**
     * Checks the gradients of {@code f} with respect to each input that requires a gradient.
     *
     * @param f      the function; it receives copies of {@code inputs} in the same order and
     *               returns one tensor of any shape
     * @param inputs the point to check at; those with {@link Tensor#requiresGrad()} are checked,
     *               the others are passed as constants. None of them is modified.
     * @return the report; it lists every failed check rather than throwing
     * @throws IllegalArgumentException if no input requires a gradient, an input to check is F32
     *                                  without {@link #numericalInDouble(boolean)}, {@code f}
     *                                  returns null, an F32 result from F64 inputs, or results of
     *                                  different shapes at different points
     * @throws IllegalStateException    if called inside a {@link Tape#noGrad()} scope
     */
    public Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Objects.requireNonNull(f, "GradCheck.check: f is null");
        Objects.requireNonNull(inputs, "GradCheck.check: inputs is null");
        return new Checker(f, inputs, eps, atol, rtol, fast, seed, numericalInDouble).run();
    }

    /**
     * As {@link #check}, but throws if any check fails.
     *
     * @throws AssertionError whose message is the {@link Report#toString() report}
     */
    public void assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        Report report = check(f, inputs);
        if (!report.passed()) {
            throw new AssertionError(report.toString());
        }
    }

    /**
     * Checks the gradients of {@code f} with respect to named parameters that it reads itself (captures) rather
     * than receives: every weight of a model, for users who check whole models in CI. Those that
     * {@link Tensor#requiresGrad() require a gradient} are checked, as the inputs of {@link #check}; the report
     * names each by its name ({@code parameter 'lstm.kernel' [8, 16]}) and the element by its index.
     *
     * <pre>{@code
     * Map<String, Tensor> params = model.namedParameters();          // an nn.Module in F64
     * Report r = GradCheck.defaults().fast(true)
     *         .checkParameters(params, () -> Losses.mse(model.forward(x), y));
     * }</pre>
     *
     * <p>{@code f} is evaluated with the parameters' values replaced in place (the perturbed points of the finite
     * differences), so it must be deterministic and use these very tensors. The analytical side runs {@code f} on a
     * tape of its own and backpropagates once per element of its value (once for a scalar loss). Afterwards every parameter
     * holds its original values again, and its gradient is cleared.
     *
     * @param parameters the parameters by name, such as {@code Module.namedParameters()}; F64 for the default
     *                   tolerances (with {@link #numericalInDouble(boolean)} F32 parameters are refused, since the
     *                   finite differences would run on the F32 tensors themselves)
     * @param f          computes the checked value (typically a scalar loss) from the parameters
     * @throws IllegalArgumentException if no parameter requires a gradient, a checked parameter is not F64, or
     *                                  as {@link #check}
     */
    public Report checkParameters(Map<String, Tensor> parameters, Supplier<Tensor> f) {
        Objects.requireNonNull(parameters, "GradCheck.checkParameters: parameters is null");
        Objects.requireNonNull(f, "GradCheck.checkParameters: f is null");
        return ParameterCheck.run(parameters, f,
                (fn, inputs, names) -> new Checker(fn, inputs, names, eps, atol, rtol, fast, seed, false).run());
    }

    /**
     * As {@link #checkParameters}, but throws if any check fails.
     *
     * @throws AssertionError whose message is the {@link Report#toString() report}
     */
    public void assertParameters(Map<String, Tensor> parameters, Supplier<Tensor> f) {
        Report report = checkParameters(parameters, f);
        if (!report.passed()) {
            throw new AssertionError(report.toString());
        }
    }

    /** The settings, with {@code default} for tolerances left to their dtype-dependent default. */
    @Override
    public String toString() {
        return "GradCheck[eps=" + eps + ", atol=" + (Double.isNaN(atol) ? "default" : atol)
                + ", rtol=" + (Double.isNaN(rtol) ? "default" : rtol) + ", " + (fast ? "fast" : "full")
                + ", seed=" + seed + (numericalInDouble ? ", numericalInDouble" : "") + "]";
    }
}
