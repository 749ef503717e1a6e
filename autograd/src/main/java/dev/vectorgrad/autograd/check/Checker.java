package dev.vectorgrad.autograd.check;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/** One run of {@link GradCheck#check}: the copies, the tape, the comparisons and what they found. */
final class Checker {

    private final Function<Tensor[], Tensor> f;
    private final Tensor[] originals;
    private final double eps;
    private final double atol;
    private final double rtol;
    private final boolean fast;
    private final long seed;
    private final boolean numericalInDouble;

    /** Indices of the inputs to check. */
    private final int[] checked;
    /** Copies the analytical side runs on (the tape's ops may keep references to them). */
    private final Tensor[] analytic;
    /** Copies perturbed for the finite differences (F64 copies of F32 inputs with numericalInDouble). */
    private final Tensor[] numeric;

    private Tape tape;
    private Tensor output;
    private int[] outShape;
    private int outSize;
    /** False when the output was not recorded on the tape: the analytical gradient is then zero. */
    private boolean connected;

    private final List<Report.Failure> failures = new ArrayList<>();
    private final List<Report.Mismatch> mismatches = new ArrayList<>();
    private int mismatchCount;
    private final List<String> notes = new ArrayList<>();

    /** The inputs' names (a whole model's parameters), or null for anonymous inputs ({@code input #i}). */
    private final String[] names;

    Checker(Function<Tensor[], Tensor> f, Tensor[] inputs, double eps, double atol, double rtol, boolean fast,
            long seed, boolean numericalInDouble) {
        this(f, inputs, null, eps, atol, rtol, fast, seed, numericalInDouble);
    }

    Checker(Function<Tensor[], Tensor> f, Tensor[] inputs, String[] names, double eps, double atol, double rtol,
            boolean fast, long seed, boolean numericalInDouble) {
        this.f = f;
        this.names = names;
        this.originals = inputs.clone();
        this.eps = eps;
        this.fast = fast;
        this.seed = seed;
        this.numericalInDouble = numericalInDouble;
        List<Integer> toCheck = new ArrayList<>();
        boolean f32Checked = false;
        for (int i = 0; i < originals.length; i++) {
            Tensor in = Objects.requireNonNull(originals[i], "GradCheck: input #" + i + " is null");
            if (in.requiresGrad()) {
                toCheck.add(i);
                if (in.dtype() == DType.F32) {
                    f32Checked = true;
                    if (!numericalInDouble) {
                        throw new IllegalArgumentException(f32Refusal(i, in));
                    }
                }
            }
        }
        if (toCheck.isEmpty()) {
            throw new IllegalArgumentException("GradCheck: none of the " + originals.length
                    + " inputs requires a gradient, so there is nothing to check; mark the inputs to check with"
                    + " requiresGrad(true) (the others are treated as constants)");
        }
        this.checked = toCheck.stream().mapToInt(Integer::intValue).toArray();
        double defaultTolerance = f32Checked ? GradCheck.F32_TOLERANCE : Double.NaN;
        this.atol = !Double.isNaN(atol) ? atol : f32Checked ? defaultTolerance : GradCheck.DEFAULT_ATOL;
        this.rtol = !Double.isNaN(rtol) ? rtol : f32Checked ? defaultTolerance : GradCheck.DEFAULT_RTOL;
        this.analytic = new Tensor[originals.length];
        this.numeric = new Tensor[originals.length];
        for (int i = 0; i < originals.length; i++) {
            Tensor in = originals[i];
            analytic[i] = in.detach().requiresGrad(in.requiresGrad());
            numeric[i] = (numericalInDouble && in.dtype() == DType.F32 ? toF64(in) : in.detach())
                    .requiresGrad(in.requiresGrad());
        }
    }

    private String f32Refusal(int i, Tensor in) {
        return "GradCheck: " + label(i) + " is F32 " + Tensor.shapeString(in.shape()) + ". Finite differences need"
                + " F64: with eps " + eps + " the float32 rounding of the function's value (about 6e-8 of it per op)"
                + " is divided by 2*eps, an error of several percent of |f| in every entry, so the check would"
                + " report false mismatches (PyTorch's defaults, used here, are designed for float64). Fix: pass F64"
                + " inputs (Tensor.of(double[], ...) or Ops.to(x, DType.F64)), or set numericalInDouble(true) to check"
                + " the F32 gradients against differences computed on F64 copies (tolerance "
                + GradCheck.F32_TOLERANCE + " unless set).";
    }

    private static Tensor toF64(Tensor x) {
        Tensor out = Tensor.zeros(DType.F64, x.shape());
        for (int i = 0; i < x.size(); i++) {
            out.set(i, x.get(i));
        }
        return out;
    }

    Report run() {
        try (Tape t = Tape.open()) {
            tape = t;
            if (Tape.recording() != t) {
                throw new IllegalStateException("GradCheck: called inside a Tape.noGrad() scope, where no op is"
                        + " recorded and there is no analytical gradient to check; call it outside the scope");
            }
            output = f.apply(analytic.clone());
            if (output == null) {
                throw new IllegalArgumentException("GradCheck: f returned null; it must return a tensor");
            }
            outShape = output.shape();
            outSize = output.size();
            if (output.dtype() == DType.F32 && !numericalInDouble) {
                throw new IllegalArgumentException("GradCheck: f returned an F32 result " + Tensor.shapeString(outShape)
                        + " from F64 inputs; finite differences of a float32 computation are meaningless at eps "
                        + eps + ". Keep the function in F64 (convert F32 constants with Ops.to(x, DType.F64)).");
            }
            connected = !output.isLeaf() || output.requiresGrad();
            if (!connected) {
                notes.add("The output was not recorded on the tape (no recorded op made it), so the analytical"
                        + " gradient is taken as zero. Ops computed under Tape.noGrad(), on raw arrays, or in a"
                        + " custom op not registered with Tape.record are invisible to backward.");
            }
            checkZeroUpstream();
            if (fast) {
                runFast();
            } else {
                runFull(all(true));
            }
        } finally {
            tape = null;
        }
        checkInputsUnchanged();
        return new Report(fast, eps, atol, rtol, seed, numericalInDouble, describeInputs(),
                output.dtype() + " " + Tensor.shapeString(outShape) + (outShape.length == 0 ? " (scalar)" : ""), failures,
                mismatches, mismatchCount, notes, names == null ? List.of() : List.of(names));
    }

    private boolean[] all(boolean value) {
        boolean[] which = new boolean[originals.length];
        for (int i : checked) {
            which[i] = value;
        }
        return which;
    }

    // ---- analytical side ---------------------------------------------------------------------

    /** Backpropagates {@code upstream} from the output with zeroed gradients; the gradient of each checked input. */
    private double[][] backward(Tensor upstream) {
        for (Tensor a : analytic) {
            a.zeroGrad();
        }
        if (connected) {
            tape.backward(output, upstream);
        }
        double[][] grads = new double[originals.length][];
        for (int i : checked) {
            Tensor g = analytic[i].grad();
            String problem = g == null ? null : gradientProblem(analytic[i], g);
            if (problem != null) {
                fail(Report.Check.GRADIENT_TYPE, i, problem);
                grads[i] = new double[analytic[i].size()];
                Arrays.fill(grads[i], Double.NaN);
            } else {
                grads[i] = g == null ? new double[analytic[i].size()] : g.toDoubleArray();
            }
        }
        return grads;
    }

    /** Why {@code grad} cannot be the gradient of {@code input}, or null if its shape and dtype match. */
    static String gradientProblem(Tensor input, Tensor grad) {
        if (!Arrays.equals(input.shape(), grad.shape()) || input.dtype() != grad.dtype()) {
            return "the analytical gradient is " + grad.dtype() + " " + Tensor.shapeString(grad.shape())
                    + " but the input is " + input.dtype() + " " + Tensor.shapeString(input.shape());
        }
        return null;
    }

    private Tensor upstream(double[] values) {
        Tensor u = Tensor.zeros(output.dtype(), outShape);
        for (int j = 0; j < values.length; j++) {
            u.set(j, values[j]);
        }
        return u;
    }

    private void checkZeroUpstream() {
        double[][] grads = backward(Tensor.zeros(output.dtype(), outShape));
        for (int i : checked) {
            double[] g = grads[i];
            int first = -1;
            int nonZero = 0;
            for (int k = 0; k < g.length; k++) {
                if (g[k] != 0) { // NaN counts as non-zero
                    nonZero++;
                    if (first < 0) {
                        first = k;
                    }
                }
            }
            if (first >= 0) {
                fail(Report.Check.ZERO_UPSTREAM, i, "a zero upstream gradient gave " + nonZero + " of " + g.length
                        + " gradient elements non-zero, first at element " + where(i, first) + ": " + g[first]
                        + "; the backward must scale by the gradient of its output (Backward.accumulate's outputGrads)");
            }
        }
    }

    /** Compares two backward passes with the same upstream gradient bit for bit. */
    private void checkSame(double[][] first, double[][] second, String upstream) {
        for (int i : checked) {
            for (int k = 0; k < first[i].length; k++) {
                if (Double.doubleToLongBits(first[i][k]) != Double.doubleToLongBits(second[i][k])) {
                    fail(Report.Check.DETERMINISM, i, "two backward passes with the same upstream gradient (" + upstream
                            + ") gave different gradients at element " + where(i, k) + ": " + first[i][k] + " then "
                            + second[i][k] + "; the backward must not depend on state left by an earlier call"
                            + " (counters, caches, buffers it writes) nor be nondeterministic");
                    break;
                }
            }
        }
    }

    // ---- numerical side ----------------------------------------------------------------------

    /** f at the numerical copies, as doubles; checks that the result keeps its shape. */
    private double[] evaluate() {
        Tensor out = f.apply(numeric.clone());
        if (out == null) {
            throw new IllegalArgumentException("GradCheck: f returned null at a perturbed point; it must return a tensor");
        }
        if (!Arrays.equals(out.shape(), outShape)) {
            throw new IllegalArgumentException("GradCheck: f returned " + Tensor.shapeString(out.shape())
                    + " at a perturbed point but " + Tensor.shapeString(outShape) + " at the input point;"
                    + " the result's shape must not depend on the input values");
        }
        if (numericalInDouble && out.dtype() != DType.F64) {
            throw new IllegalArgumentException("GradCheck: with numericalInDouble, f returned " + out.dtype()
                    + " from F64 copies of its inputs; it must compute in its inputs' dtype (convert constants with"
                    + " Ops.to(c, x.dtype()))");
        }
        return out.toDoubleArray();
    }

    // ---- full mode ---------------------------------------------------------------------------

    /** Builds and compares both Jacobians of the inputs in {@code which}. */
    private void runFull(boolean[] which) {
        // analytical: row j = gradient of output element j, by a one-hot upstream gradient (twice, for determinism)
        double[][] jacobian = new double[originals.length][];
        for (int i : checked) {
            if (which[i]) {
                jacobian[i] = new double[outSize * originals[i].size()];
            }
        }
        double[] oneHot = new double[outSize];
        for (int j = 0; j < outSize; j++) {
            oneHot[j] = 1;
            Tensor up = upstream(oneHot);
            oneHot[j] = 0;
            double[][] g = backward(up);
            checkSame(g, backward(up), "one-hot at output element " + j + " " + Arrays.toString(unravel(j, outShape)));
            for (int i : checked) {
                if (which[i]) {
                    System.arraycopy(g[i], 0, jacobian[i], j * g[i].length, g[i].length);
                }
            }
        }
        // numerical: column k = (f(x + eps e_k) - f(x - eps e_k)) / 2 eps, compared as it is made
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            for (int i : checked) {
                if (!which[i]) {
                    continue;
                }
                Tensor x = numeric[i];
                int n = x.size();
                int before = mismatchCount;
                Report.Mismatch worst = null;
                for (int k = 0; k < n; k++) {
                    double orig = x.get(k);
                    x.set(k, orig + eps);
                    double[] plus = evaluate();
                    x.set(k, orig - eps);
                    double[] minus = evaluate();
                    x.set(k, orig);
                    for (int j = 0; j < outSize; j++) {
                        double numerical = (plus[j] - minus[j]) / (2 * eps);
                        Report.Mismatch m = compare(i, k, j, numerical, jacobian[i][j * n + k]);
                        if (m != null && (worst == null || isWorse(m, worst))) {
                            worst = m;
                        }
                    }
                }
                if (worst != null) {
                    fail(Report.Check.JACOBIAN, i, (mismatchCount - before) + " of " + (long) n * outSize
                            + " Jacobian entries outside tolerance; worst at element " + worst.element() + " "
                            + Arrays.toString(worst.index()) + ", output " + worst.outputElement() + " "
                            + Arrays.toString(worst.outputIndex()) + ": numerical " + Report.num(worst.numerical())
                            + ", analytical " + Report.num(worst.analytical()) + " (abs error "
                            + Report.err(worst.absError()) + ", rel error " + Report.err(worst.relError()) + ")");
                }
            }
        }
    }

    private static boolean isWorse(Report.Mismatch m, Report.Mismatch than) {
        return Double.isNaN(m.absError()) ? !Double.isNaN(than.absError()) : m.absError() > than.absError();
    }

    /** The mismatch, recorded, if the entry is outside tolerance; else null. */
    private Report.Mismatch compare(int i, int k, int j, double numerical, double analytical) {
        double abs = Math.abs(analytical - numerical);
        if (abs <= atol + rtol * Math.abs(numerical)) { // false for NaN and infinities
            return null;
        }
        double rel = abs / Math.abs(numerical);
        int[] shape = originals[i].shape();
        Report.Mismatch m = new Report.Mismatch(i, shape, k, unravel(k, shape), j, unravel(j, outShape),
                numerical, analytical, abs, rel);
        mismatchCount++;
        if (mismatches.size() < Report.LISTED_MISMATCHES) {
            mismatches.add(m);
        }
        return m;
    }

    // ---- fast mode ---------------------------------------------------------------------------

    private void runFast() {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = unitPositive(random, outSize);
        if (output.dtype() == DType.F32) {
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) v[j]; // both sides use the same (representable) v
            }
        }
        double[][] u = new double[originals.length][];
        for (int i : checked) {
            u[i] = unitPositive(random, originals[i].size());
        }
        Tensor up = upstream(v);
        double[][] vJ = backward(up);
        checkSame(vJ, backward(up), "the random v");
        double sumV = sum(v);
        boolean[] rerun = all(false);
        boolean any = false;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            for (int i : checked) {
                Tensor x = numeric[i];
                double[] orig = x.toDoubleArray();
                double[] ui = u[i];
                for (int k = 0; k < orig.length; k++) {
                    x.set(k, orig[k] + eps * ui[k]);
                }
                double[] plus = evaluate();
                for (int k = 0; k < orig.length; k++) {
                    x.set(k, orig[k] - eps * ui[k]);
                }
                double[] minus = evaluate();
                for (int k = 0; k < orig.length; k++) {
                    x.set(k, orig[k]);
                }
                double numerical = 0;
                for (int j = 0; j < outSize; j++) {
                    numerical += v[j] * ((plus[j] - minus[j]) / (2 * eps));
                }
                double analytical = 0;
                for (int k = 0; k < ui.length; k++) {
                    analytical += vJ[i][k] * ui[k];
                }
                double scaledAtol = atol * sum(ui) * sumV;
                double diff = Math.abs(analytical - numerical);
                if (!(diff <= scaledAtol + rtol * Math.abs(numerical))) {
                    fail(Report.Check.PROJECTION, i, "v^T J u: numerical " + Report.num(numerical) + ", analytical "
                            + Report.num(analytical) + ", abs error " + Report.err(diff) + " > atol * sum(u) * sum(v) + rtol"
                            + " * |numerical| = " + Report.err(scaledAtol + rtol * Math.abs(numerical))
                            + "; full mode was re-run for this input");
                    rerun[i] = true;
                    any = true;
                }
            }
        }
        if (any) {
            int before = failures.size();
            runFull(rerun);
            for (int i : checked) {
                if (rerun[i] && failures.subList(before, failures.size()).stream()
                        .noneMatch(fl -> fl.input() == i && fl.check() == Report.Check.JACOBIAN)) {
                    notes.add((names == null ? "Input #" + i : "Parameter '" + names[i] + "'") + ": fast mode failed but every Jacobian entry is within tolerance in full"
                            + " mode; the projection sums the errors of all entries, so the check might pass in full"
                            + " mode (fast(false)) or with a larger atol.");
                }
            }
        }
    }

    /** Entries uniform in (0, 1], normalised to unit Euclidean norm (empty for n = 0). */
    private static double[] unitPositive(SplittableRandom random, int n) {
        double[] x = new double[n];
        double norm = 0;
        for (int k = 0; k < n; k++) {
            x[k] = 1 - random.nextDouble();
            norm += x[k] * x[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < n; k++) {
            x[k] /= norm;
        }
        return x;
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double e : x) {
            s += e;
        }
        return s;
    }

    // ---- bookkeeping -------------------------------------------------------------------------

    /** Fails a check for an input, once per (check, input). */
    private void fail(Report.Check check, int input, String message) {
        for (Report.Failure existing : failures) {
            if (existing.check() == check && existing.input() == input) {
                return;
            }
        }
        failures.add(new Report.Failure(check, input,
                label(input) + " " + Tensor.shapeString(originals[input].shape()) + ": " + message));
    }

    private void checkInputsUnchanged() {
        for (int i = 0; i < originals.length; i++) {
            Tensor orig = originals[i];
            for (Tensor copy : new Tensor[] {analytic[i], numeric[i]}) {
                for (int k = 0; k < orig.size(); k++) {
                    if (Double.doubleToLongBits(copy.get(k)) != Double.doubleToLongBits(orig.get(k))) {
                        fail(Report.Check.INPUT_MODIFIED, i, "f wrote into this input (element " + where(i, k) + " was "
                                + orig.get(k) + ", is " + copy.get(k) + "); a function that changes its inputs"
                                + " cannot be checked, make it compute into new tensors");
                        break;
                    }
                }
            }
        }
    }

    /** {@code input #i}, or {@code parameter 'name'} for a named input. */
    private String label(int i) {
        return names == null ? "input #" + i : "parameter '" + names[i] + "'";
    }

    private String where(int input, int flat) {
        return flat + " " + Arrays.toString(unravel(flat, originals[input].shape()));
    }

    /** Row-major multi-index of a flat index. */
    static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 0) {
                index[d] = flat % shape[d];
                flat /= shape[d];
            }
        }
        return index;
    }

    private String describeInputs() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < originals.length; i++) {
            Tensor in = originals[i];
            s.append(i == 0 ? "" : ", ").append(names == null ? "#" + i : names[i]).append(' ').append(in.dtype()).append(' ')
                    .append(Tensor.shapeString(in.shape())).append(in.requiresGrad() ? " (checked)" : " (constant)");
        }
        return s.toString();
    }
}
