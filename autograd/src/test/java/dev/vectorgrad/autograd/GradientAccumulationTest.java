package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.OpCases.Case;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards that every op's backward <em>adds</em> its contribution into its inputs' gradients
 * ({@code +=}, as the design requires), never overwrites them: for each op of {@link OpCases} (every
 * public op of {@link Ops}, {@link Shapes}, {@link Losses} and {@link Convolutions}, matmul in all
 * four transpose combinations), in F32 and F64,
 * <ul>
 *   <li>a tensor used twice ({@code op(x) + op(x)}) gets twice the single-use gradient, and</li>
 *   <li>a leaf whose gradient already holds values ends with the old values plus the new gradient.</li>
 * </ul>
 * The single-use gradient is never the code's own: it is F64 central differences of
 * {@code <g, op(x)>} at the same (float) input values. A backward that overwrites (e.g. a transpose
 * writing {@code v} instead of {@code dst + v}, a GEMM with {@code beta = 0} or {@code 2} instead of
 * 1, a concat or slice block copied instead of added) loses one of the terms and is off by the
 * whole gradient (checked to exceed 1e-3 somewhere, mostly of order 0.1 to 1) or by the whole old
 * value (at least 0.1 in magnitude everywhere).
 */
class GradientAccumulationTest {

    static Stream<Arguments> casesAndDtypes() {
        return OpCases.all().stream().flatMap(c -> Stream.of(Arguments.of(c, DType.F64), Arguments.of(c, DType.F32)));
    }

    /**
     * Allowed error relative to {@code 1 + |expected|}. F64: the finite differences' own error, below
     * 1e-8 (see {@link OpCases#numericalGradient}); 1e-7 leaves a margin. F32: the op and its backward
     * round every step to float (unit roundoff {@code u = 2^-24 = 6e-8}); the longest chain here is a
     * reduction of 24 terms of magnitude at most ~2 and a few element-wise steps, bounded by
     * {@code (24 + 4) u * 2 ~ 3.4e-6}, so 2e-5 still sits two orders of magnitude below the smallest lost term (see
     * {@link #assertNotVacuous}). Largest errors seen over all cases: 2.7e-9 (F64), 1.9e-7 (F32).
     */
    private static double tolerance(DType dtype) {
        return dtype == DType.F64 ? 1e-7 : 2e-5;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndDtypes")
    void aTensorUsedTwiceGetsTheSumOfBothGradients(Case c, DType dtype) {
        long seed = c.name().hashCode();
        double[][] values = OpCases.inputValues(c, seed);
        Tensor[] x = OpCases.leaves(c, dtype, values);
        double[] g;
        try (Tape tape = Tape.open()) {
            Tensor first = c.f().apply(x);
            Tensor second = c.f().apply(x);
            Tensor y = Ops.add(first, second);
            g = OpCases.upstream(y.size(), seed + 1);
            tape.backward(y, OpCases.tensor(y.dtype(), g, y.shape()));
        }
        double[][] single = OpCases.numericalGradient(c, values, g);
        for (int i = 0; i < x.length; i++) {
            assertNotNull(x[i].grad(), c + ": input " + i + " got no gradient");
            assertNotVacuous(single[i], c + ": input " + i);
            double[] expected = new double[single[i].length];
            for (int e = 0; e < expected.length; e++) {
                expected[e] = 2 * single[i][e];
            }
            assertClose(expected, x[i].grad(), tolerance(dtype), c + " " + dtype + ": input " + i + " used twice");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("casesAndDtypes")
    void aLeafWhoseGradientHoldsValuesEndsWithOldPlusNew(Case c, DType dtype) {
        long seed = c.name().hashCode() + 7;
        double[][] values = OpCases.inputValues(c, seed);
        Tensor[] x = OpCases.leaves(c, dtype, values);
        double[][] old = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            old[i] = OpCases.upstream(x[i].size(), seed + 100 + i);
            Tensor buffer = x[i].gradBuffer();
            for (int e = 0; e < old[i].length; e++) {
                buffer.set(e, old[i][e]);
            }
        }
        double[] g;
        try (Tape tape = Tape.open()) {
            Tensor y = c.f().apply(x);
            g = OpCases.upstream(y.size(), seed + 1);
            tape.backward(y, OpCases.tensor(y.dtype(), g, y.shape()));
        }
        double[][] single = OpCases.numericalGradient(c, values, g);
        for (int i = 0; i < x.length; i++) {
            assertNotVacuous(single[i], c + ": input " + i);
            double[] expected = new double[single[i].length];
            for (int e = 0; e < expected.length; e++) {
                expected[e] = old[i][e] + single[i][e];
            }
            assertClose(expected, x[i].grad(), tolerance(dtype), c + " " + dtype + ": input " + i + " with old gradient");
        }
    }

    /**
     * A check is only worth something if what it compares is not (nearly) zero: some element must
     * exceed 1e-3, fifty times the largest tolerance used with it (2e-5), so losing or zeroing that
     * term cannot pass. (The smallest gradients here are a mean's, upstream / 24.)
     */
    static void assertNotVacuous(double[] gradient, String what) {
        double max = 0;
        for (double v : gradient) {
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 1e-3, what + ": the expected gradient is nearly zero (max " + max + "), the check would prove nothing");
    }

    /** {@code |actual - expected| <= tolerance * (1 + |expected|)} element by element. */
    static void assertClose(double[] expected, Tensor actual, double tolerance, String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        for (int e = 0; e < expected.length; e++) {
            double bound = tolerance * (1 + Math.abs(expected[e]));
            double a = actual.get(e);
            assertTrue(Math.abs(a - expected[e]) <= bound,
                    what + ": element " + e + " is " + a + ", expected " + expected[e] + " (within " + bound + ")");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void twoBackwardPassesThroughEveryTransposeAddUp(DType dtype) {
        // Hand-computed: y = transpose(x, 0, 1) of [[1, 2, 3], [4, 5, 6]]; upstream [[1, 10], [100, 1000], [1e4, 1e5]]
        // gives dx = [[1, 100, 1e4], [10, 1000, 1e5]]; the leaf starts at 0.5 everywhere, and two passes add both.
        Tensor x = OpCases.tensor(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor start = x.gradBuffer();
        for (int e = 0; e < 6; e++) {
            start.set(e, 0.5);
        }
        Tensor g = OpCases.tensor(dtype, new double[] {1, 10, 100, 1000, 1e4, 1e5}, 3, 2);
        try (Tape tape = Tape.open()) {
            Tensor y = Shapes.transpose(x);
            assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, y.toDoubleArray(), 0);
            tape.backward(y, g);
            tape.backward(y, g);
        }
        assertArrayEquals(new double[] {0.5 + 2, 0.5 + 200, 0.5 + 2e4, 0.5 + 20, 0.5 + 2000, 0.5 + 2e5},
                x.grad().toDoubleArray(), 0);
    }

    static Stream<DType> dtypes() {
        return Stream.of(DType.F64, DType.F32);
    }
}
