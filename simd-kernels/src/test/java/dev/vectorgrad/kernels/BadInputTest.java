package dev.vectorgrad.kernels;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad sizes, offsets, leading dimensions and overlaps are rejected before anything is written, with
 * a message naming the argument and its value, by both implementations and both dtypes.
 */
class BadInputTest {

    static Stream<KernelProvider> providers() {
        return Stream.of(Kernels.scalar(), Kernels.vector());
    }

    private static final float SENTINEL = 42f;

    private static float[] sentinel(int n) {
        float[] c = new float[n];
        Arrays.fill(c, SENTINEL);
        return c;
    }

    /** Asserts the call throws IllegalArgumentException whose message contains every fragment, and C is untouched. */
    private static void rejects(float[] c, Executable call, String... fragments) {
        float[] before = c.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should name '" + f + "'");
        }
        assertArrayEquals(before, c, "nothing written before the exception");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void gemmRejectsBadArguments(KernelProvider p) {
        FloatKernels k = p.f32();
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = sentinel(4);
        rejects(c, () -> k.gemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2), "m must be >= 0", "-1");
        rejects(c, () -> k.gemm(false, false, 2, -2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2), "n must be >= 0", "-2");
        rejects(c, () -> k.gemm(false, false, 2, 2, -3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2), "k must be >= 0", "-3");
        rejects(c, () -> k.gemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2),
                "leading dimension of A", "but is 2");
        rejects(c, () -> k.gemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2),
                "leading dimension of B (transposed", "but is 2");
        rejects(c, () -> k.gemm(false, false, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2),
                "A is 2x3", "offset 1", "length is 6");
        rejects(c, () -> k.gemm(false, false, 2, 2, 3, 1f, a, -1, 3, b, 0, 2, 0f, c, 0, 2), "offset of A", "-1");
        rejects(c, () -> k.gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 1, 2), "C is 2x2", "offset 1");
        rejects(c, () -> k.gemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 1), "leading dimension of C");
        float[] shared = sentinel(12);
        rejects(shared, () -> k.gemm(false, false, 2, 2, 3, 1f, shared, 0, 3, b, 0, 2, 0f, shared, 4, 2),
                "C [4, 8) overlaps A [0, 6)");
        assertThrows(NullPointerException.class,
                () -> k.gemm(false, false, 2, 2, 3, 1f, null, 0, 3, b, 0, 2, 0f, c, 0, 2));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void gemvRejectsBadArguments(KernelProvider p) {
        DoubleKernels k = p.f64();
        double[] a = new double[6];
        double[] y = {1, 2, 3};
        double[] before = y.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.gemv(true, 2, 3, 1, a, 0, 3, new double[1], 0, 0, y, 0));
        assertTrue(e.getMessage().contains("x needs 2 elements from offset 0, but its length is 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> k.gemv(false, 2, 3, 1, a, 0, 3, new double[3], 0, 0, y, 2));
        assertTrue(e.getMessage().contains("y needs 2 elements from offset 2"), e.getMessage());
        assertArrayEquals(before, y);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void elementWiseRejectsBadArguments(KernelProvider p) {
        FloatKernels k = p.f32();
        float[] x = new float[10];
        float[] out = sentinel(10);
        rejects(out, () -> k.add(-4, x, 0, x, 0, out, 0), "add: n must be >= 0, but is -4");
        rejects(out, () -> k.add(8, x, 3, x, 0, out, 0), "add: x needs 8 elements from offset 3, but its length is 10");
        rejects(out, () -> k.tanh(4, x, 0, out, 7), "tanh: out needs 4 elements from offset 7");
        rejects(out, () -> k.mul(5, out, 0, x, 0, out, 2), "mul: out [2, 7) partly overlaps x [0, 5)");
        rejects(out, () -> k.copy(5, out, 0, out, 1), "partly overlaps");
        rejects(out, () -> k.softmaxRows(2, 5, x, 0, 4, out, 0, 5), "leading dimension of x", "but is 4");
        rejects(out, () -> k.axpy(3, 1f, x, 0, out, 8), "axpy: out needs 3 elements from offset 8");
        assertThrows(IllegalArgumentException.class, () -> k.sum(11, x, 0));
        assertThrows(IllegalArgumentException.class, () -> k.dot(5, x, 0, x, 6));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void divExpLogRejectBadArguments(KernelProvider p) {
        FloatKernels f = p.f32();
        float[] x = new float[10];
        float[] out = sentinel(10);
        rejects(out, () -> f.div(-1, x, 0, x, 0, out, 0), "div: n must be >= 0, but is -1");
        rejects(out, () -> f.div(4, x, 0, x, 7, out, 0), "div: y needs 4 elements from offset 7, but its length is 10");
        rejects(out, () -> f.div(5, x, 0, out, 1, out, 0), "div: out [0, 5) partly overlaps y [1, 6)");
        rejects(out, () -> f.exp(4, x, -1, out, 0), "exp: offset of x must be >= 0, but is -1");
        rejects(out, () -> f.exp(6, out, 0, out, 3), "exp: out [3, 9) partly overlaps x [0, 6)");
        rejects(out, () -> f.log(4, x, 0, out, 7), "log: out needs 4 elements from offset 7");
        rejects(out, () -> f.log(3, out, 2, out, 0), "log: out [0, 3) partly overlaps x [2, 5)");
        assertThrows(NullPointerException.class, () -> f.log(1, null, 0, out, 0));

        DoubleKernels d = p.f64();
        double[] y = {1, 2, 3, 4, 5, 6};
        double[] before = y.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.div(4, y, 0, y, 0, y, 2));
        assertTrue(e.getMessage().contains("div: out [2, 6) partly overlaps x [0, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.exp(7, y, 0, y, 0));
        assertTrue(e.getMessage().contains("exp: x needs 7 elements from offset 0, but its length is 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.log(-2, y, 0, y, 0));
        assertTrue(e.getMessage().contains("log: n must be >= 0, but is -2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.log(2, y, 0, y, 1));
        assertTrue(e.getMessage().contains("log: out [1, 3) partly overlaps x [0, 2)"), e.getMessage());
        assertArrayEquals(before, y, "nothing written before the exception");
        d.log(6, y, 0, y, 0);
        assertArrayEquals(new double[] {0, Math.log(2), Math.log(3), Math.log(4), Math.log(5), Math.log(6)}, y, 2 * Math.ulp(1.8),
                "in place (the same range) is allowed");
    }
}
