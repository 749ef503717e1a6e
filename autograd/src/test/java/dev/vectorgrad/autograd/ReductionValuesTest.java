package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guards the values and gradients of the reductions {@code sum}, {@code mean}, {@code sum(axis)} and
 * {@code mean(axis)} against literal, hand-computed numbers, in F32 and F64 (a mean that multiplied
 * by the count instead of dividing, or a sum that lost terms, is off by orders of magnitude). The
 * input is {@code x[i][j][k] = 12 i + 4 j + k + 1} of shape {@code [2, 3, 4]}, i.e. 1 to 24 in
 * row-major order.
 *
 * <p>Tolerances: every sum here adds small integers, which float and double hold exactly, so sums and
 * their gradients must be exact. A mean scales by a rounded reciprocal of the count ({@code 1/3},
 * {@code 1/24} are not binary fractions): one rounding of the reciprocal and one of the product, so
 * at most 2 ulps of the result in the tensor's dtype.
 */
class ReductionValuesTest {

    private static Tensor input(DType dtype) {
        Tensor x = Tensor.zeros(dtype, 2, 3, 4);
        for (int e = 0; e < 24; e++) {
            x.set(e, e + 1);
        }
        return x.requiresGrad(true);
    }

    private static Tensor of(DType dtype, double[] values, int... shape) {
        return OpCases.tensor(dtype, values, shape);
    }

    /** Runs {@code op}, backpropagates {@code upstream}; returns the output, with x's gradient left in x. */
    private static Tensor run(Tensor x, UnaryOperator<Tensor> op, Tensor upstream) {
        try (Tape tape = Tape.open()) {
            Tensor y = op.apply(x);
            tape.backward(y, upstream);
            return y;
        }
    }

    /** Within 2 ulps (of the dtype) of each expected value: the two roundings of a mean. */
    private static void assertWithin2Ulps(double[] expected, Tensor actual, String what) {
        assertEquals(expected.length, actual.size(), what);
        for (int e = 0; e < expected.length; e++) {
            double ulp = actual.dtype() == DType.F32 ? Math.ulp((float) expected[e]) : Math.ulp(expected[e]);
            assertEquals(expected[e], actual.get(e), 2 * ulp, what + " element " + e);
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sumAndMeanOfEverything(DType dtype) {
        Tensor x = input(dtype);
        Tensor s = run(x, Ops::sum, Tensor.scalar(dtype, 3));
        assertEquals(0, s.rank());
        assertEquals(300, s.item(), 0);                       // 1 + 2 + ... + 24
        assertArrayEquals(filled(24, 3), x.grad().toDoubleArray(), 0);

        Tensor y = input(dtype);
        Tensor m = run(y, Ops::mean, Tensor.scalar(dtype, 48));
        assertEquals(0, m.rank());
        assertWithin2Ulps(new double[] {12.5}, m, "mean");      // 300 / 24
        assertWithin2Ulps(filled(24, 2), y.grad(), "d mean");   // 48 / 24 each
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sumAndMeanAlongAxis0(DType dtype) {
        // out[j][k] = x[0][j][k] + x[1][j][k] = 8 j + 2 k + 14
        Tensor x = input(dtype);
        Tensor s = run(x, t -> Ops.sum(t, 0), of(dtype, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 4));
        assertArrayEquals(new int[] {3, 4}, s.shape());
        assertArrayEquals(new double[] {14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36}, s.toDoubleArray(), 0);
        // d x[i][j][k] = g[j][k] for both i
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                x.grad().toDoubleArray(), 0);

        Tensor y = input(dtype);
        Tensor m = run(y, t -> Ops.mean(t, 0), of(dtype, new double[] {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24}, 3, 4));
        assertArrayEquals(new int[] {3, 4}, m.shape());
        assertWithin2Ulps(new double[] {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}, m, "mean(axis=0)");
        assertWithin2Ulps(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
                y.grad(), "d mean(axis=0)");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sumAndMeanAlongAxis1(DType dtype) {
        // out[i][k] = sum_j x[i][j][k] = 36 i + 3 k + 15
        Tensor x = input(dtype);
        Tensor s = run(x, t -> Ops.sum(t, 1), of(dtype, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4));
        assertArrayEquals(new int[] {2, 4}, s.shape());
        assertArrayEquals(new double[] {15, 18, 21, 24, 51, 54, 57, 60}, s.toDoubleArray(), 0);
        // d x[i][j][k] = g[i][k] for every j
        double[] dx = {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8, 5, 6, 7, 8};
        assertArrayEquals(dx, x.grad().toDoubleArray(), 0);

        Tensor y = input(dtype);
        Tensor m = run(y, t -> Ops.mean(t, 1), of(dtype, new double[] {3, 6, 9, 12, 15, 18, 21, 24}, 2, 4));
        assertArrayEquals(new int[] {2, 4}, m.shape());
        assertWithin2Ulps(new double[] {5, 6, 7, 8, 17, 18, 19, 20}, m, "mean(axis=1)");
        assertWithin2Ulps(dx, y.grad(), "d mean(axis=1)");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sumAndMeanAlongAxis2AndTheLastAxisCountedFromTheEnd(DType dtype) {
        // out[i][j] = sum_k x[i][j][k] = 48 i + 16 j + 10
        double[] dx = {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6};
        for (int axis : new int[] {2, -1}) {
            Tensor x = input(dtype);
            Tensor s = run(x, t -> Ops.sum(t, axis), of(dtype, new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
            assertArrayEquals(new int[] {2, 3}, s.shape());
            assertArrayEquals(new double[] {10, 26, 42, 58, 74, 90}, s.toDoubleArray(), 0, "sum axis " + axis);
            // d x[i][j][k] = g[i][j] for every k
            assertArrayEquals(dx, x.grad().toDoubleArray(), 0, "d sum axis " + axis);

            Tensor y = input(dtype);
            Tensor m = run(y, t -> Ops.mean(t, axis), of(dtype, new double[] {4, 8, 12, 16, 20, 24}, 2, 3));
            assertArrayEquals(new int[] {2, 3}, m.shape());
            assertWithin2Ulps(new double[] {2.5, 6.5, 10.5, 14.5, 18.5, 22.5}, m, "mean axis " + axis);
            assertWithin2Ulps(dx, y.grad(), "d mean axis " + axis);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void meanOfSignedValuesAndOfAVector(DType dtype) {
        // mean([-3, 1.5, 4, -0.5]) = 2 / 4 = 0.5; each gradient is upstream / 4 = -0.25
        Tensor x = of(dtype, new double[] {-3, 1.5, 4, -0.5}, 4).requiresGrad(true);
        Tensor m = run(x, Ops::mean, Tensor.scalar(dtype, -1));
        assertEquals(0.5, m.item(), 0);
        assertArrayEquals(filled(4, -0.25), x.grad().toDoubleArray(), 0);
        // sum along the only axis of a vector is a scalar: -3 + 1.5 + 4 - 0.5 = 2
        Tensor v = of(dtype, new double[] {-3, 1.5, 4, -0.5}, 4).requiresGrad(true);
        Tensor s = run(v, t -> Ops.sum(t, 0), Tensor.scalar(dtype, 0.5));
        assertEquals(0, s.rank());
        assertEquals(2, s.item(), 0);
        assertArrayEquals(filled(4, 0.5), v.grad().toDoubleArray(), 0);
    }
}
