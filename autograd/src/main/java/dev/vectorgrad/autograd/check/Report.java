package dev.vectorgrad.autograd.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one {@link GradCheck#check gradient check}: whether it passed, every check that
 * failed ({@link #failures()}), the first Jacobian entries outside tolerance
 * ({@link #mismatches()}, at most {@value #LISTED_MISMATCHES}, with {@link #mismatchCount()}
 * counting them all), and the settings the check ran with (eps, tolerances, mode, seed), so
 * that a failure can be reproduced. {@link #toString()} renders all of it for a test log; it is
 * the message of the {@link AssertionError} thrown by {@link GradCheck#assertGradients}.
 *
 * <p>Immutable.
 */
public final class Report {

    /** At most this many {@link #mismatches()} are kept; {@link #mismatchCount()} counts all of them. */
    public static final int LISTED_MISMATCHES = 10;

    /** What a {@link Failure} is about. */
    public enum Check {
        /**
         * Jacobian entries differ: {@code |analytical - numerical| > atol + rtol * |numerical|},
         * or either is NaN or infinite. The entries are in {@link #mismatches()}.
         */
        JACOBIAN,
        /**
         * Fast mode: the random projection {@code v^T J u} of the analytical Jacobian differs from
         * the numerical one. Full mode is then re-run for that input, whose entries appear as
         * {@link #JACOBIAN} failures and {@link #mismatches()}.
         */
        PROJECTION,
        /**
         * A zero upstream gradient gave a non-zero (or NaN) input gradient: the backward does not
         * multiply by the gradient of its output.
         */
        ZERO_UPSTREAM,
        /**
         * Two backward passes with the same upstream gradient gave gradients that are not bitwise
         * identical: the backward depends on state left by an earlier call, or is
         * nondeterministic.
         */
        DETERMINISM,
        /** The analytical gradient's shape or dtype is not the input's. */
        GRADIENT_TYPE,
        /** The function wrote into one of its inputs. */
        INPUT_MODIFIED
    }

    /**
     * One failed check.
     *
     * @param check   what failed
     * @param input   index of the input it concerns (in the order passed to {@code check})
     * @param message what was found, starting with the input's index and shape ({@code input #1 [3, 4]: ...}),
     *                with values and indices, and what it usually means
     */
    public record Failure(Check check, int input, String message) {

        /** {@code CHECK: message}. */
        @Override
        public String toString() {
            return check + ": " + message;
        }
    }

    /**
     * One Jacobian entry outside tolerance: the derivative of output element
     * {@code outputElement} with respect to element {@code element} of input {@code input}.
     *
     * @param input         index of the input (in the order passed to {@code check})
     * @param inputShape    the input's shape
     * @param element       row-major (flat) index of the input element
     * @param index         the input element's multi-index (one entry per dimension)
     * @param outputElement row-major (flat) index of the output element
     * @param outputIndex   the output element's multi-index
     * @param numerical     central-difference derivative (the reference)
     * @param analytical    derivative from the backward pass
     * @param absError      {@code |analytical - numerical|}
     * @param relError      {@code absError / |numerical|} (infinite when numerical is 0 and
     *                      analytical is not, NaN when either is NaN)
     */
    public record Mismatch(int input, int[] inputShape, int element, int[] index, int outputElement,
                           int[] outputIndex, double numerical, double analytical, double absError,
                           double relError) {

        /** Copies the arrays, so the record is immutable. */
        public Mismatch {
            inputShape = inputShape.clone();
            index = index.clone();
            outputIndex = outputIndex.clone();
        }

        /** A copy of the input's shape. */
        @Override
        public int[] inputShape() {
            return inputShape.clone();
        }

        /** A copy of the input element's multi-index. */
        @Override
        public int[] index() {
            return index.clone();
        }

        /** A copy of the output element's multi-index. */
        @Override
        public int[] outputIndex() {
            return outputIndex.clone();
        }

        /** Value equality, comparing the arrays by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Mismatch m && input == m.input && Arrays.equals(inputShape, m.inputShape)
                    && element == m.element && Arrays.equals(index, m.index) && outputElement == m.outputElement
                    && Arrays.equals(outputIndex, m.outputIndex)
                    && Double.compare(numerical, m.numerical) == 0 && Double.compare(analytical, m.analytical) == 0
                    && Double.compare(absError, m.absError) == 0 && Double.compare(relError, m.relError) == 0;
        }

        /** Consistent with {@link #equals(Object)}. */
        @Override
        public int hashCode() {
            int h = Integer.hashCode(input);
            h = 31 * h + Arrays.hashCode(inputShape);
            h = 31 * h + element;
            h = 31 * h + Arrays.hashCode(index);
            h = 31 * h + outputElement;
            h = 31 * h + Arrays.hashCode(outputIndex);
            h = 31 * h + Double.hashCode(numerical);
            h = 31 * h + Double.hashCode(analytical);
            return h;
        }

        /** One line: input, element, output element, both values and both errors. */
        @Override
        public String toString() {
            return "input #" + input + " " + Arrays.toString(inputShape) + " element " + element + " "
                    + Arrays.toString(index) + ", output " + outputElement + " " + Arrays.toString(outputIndex)
                    + ": numerical " + num(numerical) + ", analytical " + num(analytical)
                    + ", abs error " + err(absError) + ", rel error " + err(relError);
        }
    }

    private final boolean fast;
    private final double eps;
    private final double atol;
    private final double rtol;
    private final long seed;
    private final boolean numericalInDouble;
    private final String inputsLine;
    private final String outputLine;
    private final List<Failure> failures;
    private final List<Mismatch> mismatches;
    private final int mismatchCount;
    private final List<String> notes;
    /** The inputs' names (parameter names), or empty when the inputs are anonymous. */
    private final List<String> inputNames;

    Report(boolean fast, double eps, double atol, double rtol, long seed, boolean numericalInDouble,
           String inputsLine, String outputLine, List<Failure> failures, List<Mismatch> mismatches,
           int mismatchCount, List<String> notes) {
        this(fast, eps, atol, rtol, seed, numericalInDouble, inputsLine, outputLine, failures, mismatches, mismatchCount,
                notes, List.of());
    }

    Report(boolean fast, double eps, double atol, double rtol, long seed, boolean numericalInDouble,
           String inputsLine, String outputLine, List<Failure> failures, List<Mismatch> mismatches,
           int mismatchCount, List<String> notes, List<String> inputNames) {
        this.fast = fast;
        this.eps = eps;
        this.atol = atol;
        this.rtol = rtol;
        this.seed = seed;
        this.numericalInDouble = numericalInDouble;
        this.inputsLine = inputsLine;
        this.outputLine = outputLine;
        this.failures = List.copyOf(failures);
        this.mismatches = List.copyOf(mismatches);
        this.mismatchCount = mismatchCount;
        this.notes = List.copyOf(notes);
        this.inputNames = List.copyOf(inputNames);
    }

    /** True when no check failed. */
    public boolean passed() {
        return failures.isEmpty();
    }

    /** Every failed check, in the order found (empty when {@link #passed()}). */
    public List<Failure> failures() {
        return failures;
    }

    /** The failures of one kind. */
    public List<Failure> failures(Check check) {
        return failures.stream().filter(f -> f.check() == check).toList();
    }

    /**
     * The first {@value #LISTED_MISMATCHES} Jacobian entries outside tolerance, ordered by input,
     * then input element, then output element.
     */
    public List<Mismatch> mismatches() {
        return mismatches;
    }

    /** How many Jacobian entries were outside tolerance in all (may exceed {@link #mismatches()}'s size). */
    public int mismatchCount() {
        return mismatchCount;
    }

    /**
     * Remarks that do not fail the check by themselves but explain a result (for example, that
     * the output was not recorded on the tape, or that fast mode failed while every Jacobian
     * entry is within tolerance).
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * How the report names input {@code input}: {@code #1} for the inputs of {@link GradCheck#check}, the
     * parameter's name (such as {@code lstm.kernel}) for {@link GradCheck#checkParameters}.
     */
    public String inputName(int input) {
        return inputNames.isEmpty() ? "#" + input : inputNames.get(input);
    }

    /** True for fast (random projection) mode, false for full-Jacobian mode. */
    public boolean fast() {
        return fast;
    }

    /** The finite-difference step. */
    public double eps() {
        return eps;
    }

    /** The absolute tolerance used (in fast mode, before scaling by {@code sum(u) * sum(v)}). */
    public double atol() {
        return atol;
    }

    /** The relative tolerance used. */
    public double rtol() {
        return rtol;
    }

    /** The seed of fast mode's random vectors (reported in both modes). */
    public long seed() {
        return seed;
    }

    /** Whether the numerical side ran on F64 copies of F32 inputs. */
    public boolean numericalInDouble() {
        return numericalInDouble;
    }

    /**
     * A readable account: verdict and settings, the inputs and output, each failure, a table of
     * the first mismatches with their count, and the notes.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("GradCheck ").append(passed() ? "PASSED" : "FAILED").append(": ")
                .append(fast ? "fast mode (random projections v^T J u)" : "full mode (every Jacobian entry)")
                .append(", eps ").append(eps).append(", atol ").append(atol).append(", rtol ").append(rtol)
                .append(", seed ").append(seed);
        if (numericalInDouble) {
            s.append(", numerical side in F64");
        }
        s.append('\n');
        s.append("  inputs: ").append(inputsLine).append('\n');
        s.append("  output: ").append(outputLine).append('\n');
        s.append("  pass rule: |analytical - numerical| <= atol + rtol * |numerical|")
                .append(fast ? " (fast mode: atol scaled by sum(u) * sum(v))" : "").append('\n');
        if (!failures.isEmpty()) {
            s.append("  failures (").append(failures.size()).append("):\n");
            for (Failure f : failures) {
                s.append("    ").append(f).append('\n');
            }
        }
        if (mismatchCount > 0) {
            s.append("  mismatches (").append(mismatches.size() < mismatchCount
                    ? "first " + mismatches.size() + " of " + mismatchCount : "all " + mismatchCount).append("):\n");
            s.append(String.format(Locale.ROOT, "    %-6s %-18s %-14s %16s %16s %10s %10s%n",
                    "input", "element", "output", "numerical", "analytical", "abs err", "rel err"));
            for (Mismatch m : mismatches) {
                s.append(String.format(Locale.ROOT, "    %-6s %-18s %-14s %16s %16s %10s %10s%n",
                        inputName(m.input), m.element + " " + Arrays.toString(m.index),
                        m.outputElement + " " + Arrays.toString(m.outputIndex),
                        num(m.numerical), num(m.analytical), err(m.absError), err(m.relError)));
            }
        }
        if (!notes.isEmpty()) {
            s.append("  notes:\n");
            for (String n : notes) {
                s.append("    ").append(n).append('\n');
            }
        }
        return s.toString().stripTrailing();
    }

    static String num(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.9g", x) : Double.toString(x);
    }

    static String err(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.2e", x) : Double.toString(x);
    }
}
