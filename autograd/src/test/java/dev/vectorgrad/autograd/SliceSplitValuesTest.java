package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guards the values and gradients of {@link Shapes#slice} and {@link Shapes#split} in autograd's
 * own tests (a slice returning zeros, reading the wrong block, or a backward writing to the wrong
 * place or overwriting instead of adding), along each axis of a rank-3 tensor, slices in the middle
 * of an axis included, in F32 and F64. The input is {@code x[i][j][k] = 100 i + 10 j + k} of shape
 * {@code [3, 4, 5]}, so each value spells its own index; expectations are literal numbers or that
 * formula indexed by hand. Every value is a small integer, exact in both dtypes, so comparisons are
 * exact (tolerance 0): a slice moves values, it does no arithmetic, and its backward adds a
 * gradient to zero or to the integer already there.
 */
class SliceSplitValuesTest {

    private static Tensor input(DType dtype) {
        Tensor x = Tensor.zeros(dtype, 3, 4, 5);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 5; k++) {
                    x.set((i * 4 + j) * 5 + k, 100 * i + 10 * j + k);
                }
            }
        }
        return x.requiresGrad(true);
    }

    private static int at(int i, int j, int k) {
        return (i * 4 + j) * 5 + k;
    }

    /** An upstream gradient of {@code shape} whose element {@code e} is {@code base + e}. */
    private static Tensor upstream(DType dtype, int base, int... shape) {
        Tensor g = Tensor.zeros(dtype, shape);
        for (int e = 0; e < g.size(); e++) {
            g.set(e, base + e);
        }
        return g;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sliceOfTheMiddleOfEachAxisHasTheIndexedValuesAndSendsItsGradientBackThere(DType dtype) {
        int[][] cases = {{0, 1, 2}, {1, 1, 3}, {2, 2, 4}};   // axis, start, end: each strictly inside its axis
        for (int[] cs : cases) {
            int axis = cs[0];
            int start = cs[1];
            int end = cs[2];
            Tensor x = input(dtype);
            // the leaf's gradient already holds 0.5 everywhere: the slice's backward must add to it
            Tensor old = x.gradBuffer();
            for (int e = 0; e < 60; e++) {
                old.set(e, 0.5);
            }
            int[] shape = {3, 4, 5};
            shape[axis] = end - start;
            Tensor g = upstream(dtype, 1000, shape);
            Tensor y;
            try (Tape tape = Tape.open()) {
                y = Shapes.slice(x, axis, start, end);
                tape.backward(y, g);
            }
            String what = "slice axis " + axis + " [" + start + ", " + end + ")";
            assertArrayEquals(shape, y.shape(), what);
            double[] expectedGrad = new double[60];
            java.util.Arrays.fill(expectedGrad, 0.5);
            int e = 0;
            for (int i = 0; i < shape[0]; i++) {
                for (int j = 0; j < shape[1]; j++) {
                    for (int k = 0; k < shape[2]; k++, e++) {
                        int si = axis == 0 ? i + start : i;
                        int sj = axis == 1 ? j + start : j;
                        int sk = axis == 2 ? k + start : k;
                        assertEquals(100 * si + 10 * sj + sk, y.get(e), 0, what + " element " + e);
                        expectedGrad[at(si, sj, sk)] += 1000 + e;
                    }
                }
            }
            assertEquals(e, y.size());
            assertArrayEquals(expectedGrad, x.grad().toDoubleArray(), 0, what + " gradient");
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sliceValuesSpelledOut(DType dtype) {
        Tensor x = input(dtype);
        assertArrayEquals(new double[] {
            100, 101, 102, 103, 104, 110, 111, 112, 113, 114, 120, 121, 122, 123, 124, 130, 131, 132, 133, 134},
                Shapes.slice(x, 0, 1, 2).toDoubleArray(), 0);
        assertArrayEquals(new double[] {
            10, 11, 12, 13, 14, 20, 21, 22, 23, 24,
            110, 111, 112, 113, 114, 120, 121, 122, 123, 124,
            210, 211, 212, 213, 214, 220, 221, 222, 223, 224},
                Shapes.slice(x, 1, 1, 3).toDoubleArray(), 0);
        assertArrayEquals(new double[] {
            2, 3, 12, 13, 22, 23, 32, 33,
            102, 103, 112, 113, 122, 123, 132, 133,
            202, 203, 212, 213, 222, 223, 232, 233},
                Shapes.slice(x, -1, 2, 4).toDoubleArray(), 0);
        assertArrayEquals(new int[] {3, 0, 5}, Shapes.slice(x, 1, 2, 2).shape());
        assertArrayEquals(x.toDoubleArray(), Shapes.slice(x, 2, 0, 5).toDoubleArray(), 0);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void splitAlongEachAxisCoversTheAxisAndEachPartsGradientLandsInItsBlock(DType dtype) {
        int[][] sizesPerAxis = {{1, 1, 1}, {1, 2, 1}, {2, 1, 2}};
        for (int axis = 0; axis < 3; axis++) {
            int[] sizes = sizesPerAxis[axis];
            Tensor x = input(dtype);
            double[] expectedGrad = new double[60];
            try (Tape tape = Tape.open()) {
                Tensor[] parts = Shapes.split(x, axis, sizes);
                assertEquals(sizes.length, parts.length);
                for (int p = 0, start = 0; p < parts.length; start += sizes[p], p++) {
                    int[] shape = {3, 4, 5};
                    shape[axis] = sizes[p];
                    String what = "split axis " + axis + " part " + p;
                    assertArrayEquals(shape, parts[p].shape(), what);
                    int base = 1000 * (p + 1);
                    int e = 0;
                    for (int i = 0; i < shape[0]; i++) {
                        for (int j = 0; j < shape[1]; j++) {
                            for (int k = 0; k < shape[2]; k++, e++) {
                                int si = axis == 0 ? i + start : i;
                                int sj = axis == 1 ? j + start : j;
                                int sk = axis == 2 ? k + start : k;
                                assertEquals(100 * si + 10 * sj + sk, parts[p].get(e), 0, what + " element " + e);
                                expectedGrad[at(si, sj, sk)] += base + e;
                            }
                        }
                    }
                    // one backward pass per part: the parts' gradients add up in x
                    tape.backward(parts[p], upstream(dtype, base, shape));
                }
            }
            assertArrayEquals(expectedGrad, x.grad().toDoubleArray(), 0, "split axis " + axis + " gradient");
            for (double v : expectedGrad) {
                assertTrue(v >= 1000 && v < 4000, "every element belongs to exactly one part: " + v);
            }
        }
    }
}
