package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Parameter initializers, writing into a tensor's storage: PyTorch's default uniform
 * {@code U(-1/sqrt(H), 1/sqrt(H))} for recurrent layers, Xavier/Glorot uniform and orthogonal.
 * Each draws from the generator it is given, so a seeded generator gives the same weights on
 * every run.
 */
public final class Init {

    private Init() {
    }

    /** Fills with {@code U(-bound, bound)}. */
    public static void uniform(Tensor t, double bound, RandomGenerator random) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("uniform: bound must be positive and finite, got " + bound);
        }
        for (int i = 0; i < t.size(); i++) {
            t.set(i, random.nextDouble(-bound, bound));
        }
    }

    /** PyTorch's recurrent default: {@code U(-1/sqrt(hiddenSize), 1/sqrt(hiddenSize))}. */
    public static void recurrentDefault(Tensor t, int hiddenSize, RandomGenerator random) {
        uniform(t, 1 / Math.sqrt(hiddenSize), random);
    }

    /**
     * Xavier/Glorot uniform for a matrix {@code [fanOut, fanIn]}:
     * {@code U(-a, a)}, {@code a = gain * sqrt(6 / (fanIn + fanOut))}.
     */
    public static void xavierUniform(Tensor t, double gain, RandomGenerator random) {
        int[] s = matrixShape("xavierUniform", t);
        uniform(t, gain * Math.sqrt(6.0 / (s[0] + s[1])), random);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain}, as PyTorch's {@code orthogonal_}: a
     * Gaussian matrix orthonormalised (modified Gram-Schmidt in double, with the signs fixed so
     * the result is uniformly distributed). The vectors of the shorter side are made from
     * consecutive draws of the generator and come out orthonormal: rows when {@code rows <= cols}
     * (a square matrix is built from its rows, and is then orthogonal both ways), columns otherwise.
     */
    public static void orthogonal(Tensor t, double gain, RandomGenerator random) {
        int[] s = matrixShape("orthogonal", t);
        int rows = s[0];
        int cols = s[1];
        // Orthonormalise the vectors of the shorter side: q holds `count` vectors of length `len`.
        boolean byRows = rows <= cols;
        int count = byRows ? rows : cols;
        int len = byRows ? cols : rows;
        double[][] q = new double[count][len];
        for (double[] v : q) {
            for (int i = 0; i < len; i++) {
                v[i] = random.nextGaussian();
            }
        }
        for (int j = 0; j < count; j++) {
            for (int p = 0; p < j; p++) {
                double d = dot(q[j], q[p]);
                for (int i = 0; i < len; i++) {
                    q[j][i] -= d * q[p][i];
                }
            }
            // The norm is R's diagonal entry, positive here, so no sign flip is needed.
            double norm = Math.sqrt(dot(q[j], q[j]));
            for (int i = 0; i < len; i++) {
                q[j][i] /= norm;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t.set(r * cols + c, gain * (byRows ? q[r][c] : q[c][r]));
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static int[] matrixShape(String what, Tensor t) {
        if (t.rank() != 2 || t.size() == 0) {
            throw new IllegalArgumentException(what + ": needs a non-empty matrix, got " + Arrays.toString(t.shape()));
        }
        return t.shape();
    }
}
