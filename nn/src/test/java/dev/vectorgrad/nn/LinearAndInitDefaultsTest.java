package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guards {@link Linear}'s PyTorch default initialisation (weight and bias both
 * {@code U(-1/sqrt(in), 1/sqrt(in))}, filling that range), its size validation, {@link Init#uniform}'s
 * bound check, and {@link Init#orthogonal}: orthonormal vectors for tall, wide, square and
 * one-row/one-column shapes, R's diagonal kept positive (PyTorch's sign correction), and exactly one
 * Gaussian drawn per element.
 */
class LinearAndInitDefaultsTest {

    /** Checks every value is in [-bound, bound] and that min and max come within 10 % of the bounds. */
    private static void assertFillsUniformRange(double[] values, double bound, String what) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            assertTrue(v >= -bound && v <= bound, what + ": " + v + " outside [-" + bound + ", " + bound + "]");
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        // With >= 64 independent U(-b, b) draws, P(max < 0.9 b) = 0.95^64 < 4 %; the seed is fixed,
        // so the check is deterministic; it fails for an all-zero (uninitialised) tensor.
        assertTrue(max > 0.9 * bound, what + ": max " + max + " should approach " + bound);
        assertTrue(min < -0.9 * bound, what + ": min " + min + " should approach -" + bound);
    }

    @Test
    void linearWeightAndBiasFollowPyTorchsDefaultUniformBound() {
        // in = 16: bound 1/sqrt(16) = 0.25 exactly.
        Linear linear = new Linear(16, 64, LinearOptions.defaults().withDType(DType.F64).withSeed(3));
        assertArrayEquals(new int[] {64, 16}, linear.weight().shape());
        assertArrayEquals(new int[] {64}, linear.bias().shape());
        assertFillsUniformRange(linear.weight().dataF64(), 0.25, "weight");
        assertFillsUniformRange(linear.bias().dataF64(), 0.25, "bias");
        assertTrue(linear.weight().requiresGrad());
        assertTrue(linear.bias().requiresGrad());
    }

    @Test
    void linearBoundDependsOnInputFeaturesNotOutputFeatures() {
        // in = 100: bound 0.1, whatever the number of outputs.
        Linear linear = new Linear(100, 3, LinearOptions.defaults().withDType(DType.F64).withSeed(9));
        assertFillsUniformRange(linear.weight().dataF64(), 0.1, "weight");
        double maxBias = 0;
        for (double v : linear.bias().dataF64()) {
            assertTrue(Math.abs(v) <= 0.1, "bias " + v);
            maxBias = Math.max(maxBias, Math.abs(v));
        }
        assertTrue(maxBias > 0, "the bias is drawn, not left at zero");
    }

    @Test
    void linearWithTheSameSeedIsReproducible() {
        Linear a = new Linear(5, 4, LinearOptions.defaults().withSeed(42));
        Linear b = new Linear(5, 4, LinearOptions.defaults().withSeed(42));
        assertArrayEquals(a.weight().dataF32(), b.weight().dataF32());
        assertArrayEquals(a.bias().dataF32(), b.bias().dataF32());
    }

    @ParameterizedTest
    @CsvSource({"0, 3", "3, 0", "-1, 2", "0, 0"})
    void linearRejectsNonPositiveSizesNamingThem(int in, int out) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Linear(in, out, LinearOptions.defaults().withSeed(1)));
        assertEquals("Linear: sizes must be positive, got in=" + in + ", out=" + out, e.getMessage());
    }

    @Test
    void linearAcceptsTheSmallestSizes() {
        Linear linear = new Linear(1, 1, LinearOptions.defaults().withDType(DType.F64).withSeed(1));
        // bound 1/sqrt(1) = 1
        assertTrue(Math.abs(linear.weight().get(0)) <= 1);
        assertTrue(Math.abs(linear.bias().get(0)) <= 1);
    }

    @Test
    void uniformRejectsABoundOfZeroNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.uniform(Tensor.zeros(DType.F64, 4), 0.0, new SplittableRandom(1)));
        assertEquals("uniform: bound must be positive and finite, got 0.0", e.getMessage());
        // Also for an empty tensor, where nothing would be drawn.
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Init.uniform(Tensor.zeros(DType.F64, 0), 0.0, new SplittableRandom(1)));
        assertEquals("uniform: bound must be positive and finite, got 0.0", empty.getMessage());
        // The smallest positive bound is accepted.
        Tensor t = Tensor.zeros(DType.F64, 4);
        assertDoesNotThrow(() -> Init.uniform(t, Double.MIN_VALUE, new SplittableRandom(1)));
    }

    /** The vectors of the shorter side: rows when rows <= cols, else columns. */
    private static double[][] vectors(Tensor t, boolean byRows) {
        int rows = t.dim(0);
        int cols = t.dim(1);
        int count = byRows ? rows : cols;
        int len = byRows ? cols : rows;
        double[][] v = new double[count][len];
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < len; i++) {
                v[j][i] = byRows ? t.get(j * cols + i) : t.get(i * cols + j);
            }
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 7", "7, 1", "5, 5", "5, 6", "6, 5", "3, 17", "17, 3", "2, 2"})
    void orthogonalVectorsOfTheShorterSideAreOrthonormalTimesGain(int rows, int cols) {
        double gain = 1.5;
        Tensor t = Tensor.zeros(DType.F64, rows, cols);
        Init.orthogonal(t, gain, new SplittableRandom(rows * 31L + cols));
        // Rows are orthonormal when rows <= cols (so both for a square matrix), columns otherwise.
        double[][] v = vectors(t, rows <= cols);
        for (int a = 0; a < v.length; a++) {
            for (int b = 0; b < v.length; b++) {
                // Modified Gram-Schmidt in double over at most 17 elements: errors ~1e-15;
                // 1e-12 leaves a wide margin while catching any real departure.
                assertEquals(a == b ? gain * gain : 0.0, dot(v[a], v[b]), 1e-12,
                        rows + "x" + cols + " vectors " + a + ", " + b);
            }
        }
        if (rows == cols) {
            double[][] columns = vectors(t, false);
            for (int a = 0; a < rows; a++) {
                for (int b = 0; b < rows; b++) {
                    assertEquals(a == b ? gain * gain : 0.0, dot(columns[a], columns[b]), 1e-12,
                            "square: columns are orthonormal too");
                }
            }
        }
    }

    /**
     * PyTorch's orthogonal_ multiplies Q by the signs of R's diagonal, so Q is uniformly (Haar)
     * distributed: each output vector has a positive component along the Gaussian vector it was
     * made from. The Gaussian matrix's vectors are consecutive draws of the generator: rows when
     * rows <= cols (a square matrix's rows, so that a seed keeps giving the same square recurrent
     * weights), columns otherwise.
     */
    @ParameterizedTest
    @CsvSource({"1, 9", "9, 1", "4, 9", "9, 4", "5, 5"})
    void orthogonalKeepsEachVectorOnTheSideOfItsGaussianDraw(int rows, int cols) {
        long seed = 77;
        Tensor t = Tensor.zeros(DType.F64, rows, cols);
        Init.orthogonal(t, 1.0, new SplittableRandom(seed));
        boolean byRows = rows <= cols;
        int count = Math.min(rows, cols);
        int len = Math.max(rows, cols);
        SplittableRandom twin = new SplittableRandom(seed);
        double[][] g = new double[count][len];
        for (double[] row : g) {
            for (int i = 0; i < len; i++) {
                row[i] = twin.nextGaussian();
            }
        }
        double[][] q = vectors(t, byRows);
        for (int j = 0; j < count; j++) {
            assertTrue(dot(q[j], g[j]) > 0, rows + "x" + cols + " vector " + j + " points away from its draw");
        }
        // The first vector is its draw, normalised (nothing is subtracted from it).
        double norm = Math.sqrt(dot(g[0], g[0]));
        for (int i = 0; i < len; i++) {
            assertEquals(g[0][i] / norm, q[0][i], 1e-12, "first vector element " + i);
        }
    }

    /**
     * A square matrix is built from its rows, by hand: draws (3, 4) and (0, 1) give the rows
     * (3, 4) / 5 = (0.6, 0.8) and (0, 1) - 0.8 (0.6, 0.8) = (-0.48, 0.36), of norm 0.6, so (-0.8, 0.6);
     * times the gain 2. Built from its columns instead, the result would be the transpose,
     * [[1.2, -1.6], [1.6, 1.2]]. A few double operations on numbers of order 1: errors ~1e-16, so 1e-12.
     */
    @Test
    void orthogonalBuildsASquareMatrixFromItsRowsByHand() {
        double[] draws = {3, 4, 0, 1};
        RandomGenerator gaussians = new RandomGenerator() {
            private int next;

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException("orthogonal draws Gaussians only");
            }

            @Override
            public double nextGaussian() {
                return draws[next++];
            }
        };
        Tensor t = Tensor.zeros(DType.F64, 2, 2);
        Init.orthogonal(t, 2.0, gaussians);
        assertArrayEquals(new double[] {1.2, 1.6, -1.6, 1.2}, t.toDoubleArray(), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"3, 40", "40, 3", "6, 6"})
    void orthogonalDrawsExactlyOneGaussianPerElement(int rows, int cols) {
        // A following initialisation from the same generator sees it advanced by one Gaussian
        // matrix of the tensor's shape, as after PyTorch's normal_ over the tensor.
        SplittableRandom random = new SplittableRandom(5);
        Init.orthogonal(Tensor.zeros(DType.F64, rows, cols), 1.0, random);
        SplittableRandom twin = new SplittableRandom(5);
        for (int i = 0; i < rows * cols; i++) {
            twin.nextGaussian();
        }
        assertEquals(twin.nextLong(), random.nextLong(), "generator position after orthogonal " + rows + "x" + cols);
    }
}
