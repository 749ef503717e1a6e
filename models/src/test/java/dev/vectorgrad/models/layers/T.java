package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test helpers: tensors from and to nested arrays, random F64 data, comparisons. */
final class T {

    private T() {
    }

    static Tensor t3(double[][][] a) {
        int b = a.length;
        int s = a[0].length;
        int f = a[0][0].length;
        double[] flat = new double[b * s * f];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < s; j++) {
                System.arraycopy(a[i][j], 0, flat, (i * s + j) * f, f);
            }
        }
        return Tensor.of(flat, b, s, f);
    }

    static Tensor t2(double[][] a) {
        int r = a.length;
        int c = a[0].length;
        double[] flat = new double[r * c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(a[i], 0, flat, i * c, c);
        }
        return Tensor.of(flat, r, c);
    }

    static double[][] m(Tensor t) {
        int r = t.dim(0);
        int c = t.dim(1);
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = t.get(i * c + j);
            }
        }
        return out;
    }

    static double[][][] a3(Tensor t) {
        int b = t.dim(0);
        int s = t.dim(1);
        int f = t.dim(2);
        double[][][] out = new double[b][s][f];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < s; j++) {
                for (int k = 0; k < f; k++) {
                    out[i][j][k] = t.get((i * s + j) * f + k);
                }
            }
        }
        return out;
    }

    static double[][][] random3(long seed, int b, int s, int f) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][] a = new double[b][s][f];
        for (double[][] x : a) {
            for (double[] y : x) {
                for (int k = 0; k < f; k++) {
                    y[k] = r.nextDouble(-1, 1);
                }
            }
        }
        return a;
    }

    /** Fills every weight of a built layer with U(-scale, scale) from {@code seed}. */
    static void randomizeWeights(KerasLayer layer, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Tensor w : layer.getWeights()) {
            for (int i = 0; i < w.size(); i++) {
                w.set(i, r.nextDouble(-scale, scale));
            }
        }
    }

    /** F64 leaf copies of the layer's weights, requiring gradients (GradCheck inputs). */
    static List<Tensor> weightCopies(KerasLayer layer) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor w : layer.getWeights()) {
            out.add(w.detach().requiresGrad(true));
        }
        return out;
    }

    static void assertClose(double[][] expected, Tensor actual, double tol) {
        assertEquals(expected.length * expected[0].length, actual.size(), "size");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                double a = actual.get(i * expected[0].length + j);
                assertEquals(expected[i][j], a, tol, "element [" + i + ", " + j + "]");
            }
        }
    }

    static void assertClose(double[][][] expected, Tensor actual, double tol) {
        int s = expected[0].length;
        int f = expected[0][0].length;
        assertEquals(expected.length * s * f, actual.size(), "size");
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < s; j++) {
                for (int k = 0; k < f; k++) {
                    assertEquals(expected[i][j][k], actual.get((i * s + j) * f + k), tol,
                            "element [" + i + ", " + j + ", " + k + "]");
                }
            }
        }
    }

    static Tensor zeros64(int... shape) {
        return Tensor.zeros(DType.F64, shape);
    }
}
