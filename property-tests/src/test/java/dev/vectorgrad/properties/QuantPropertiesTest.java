package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.quant.QuantKernels;
import dev.vectorgrad.kernels.quant.QuantizedMatrix;
import dev.vectorgrad.kernels.quant.WeightFormat;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The quantised kernels, vector against scalar, over generated shapes, blocks, offsets, alpha and beta, in int8 and
 * bf16. GEMV: the vector kernel sums each row in another order (four rows by lanes, a butterfly, then the tail), so
 * each output is compared within twice the rounding term of the bound on {@link QuantKernels#gemv}:
 * {@code 2 gamma_(n+3) (|alpha| sum_j |v_ij x_j| + |beta y_i|)} with {@code gamma_k = k u / (1 - k u)},
 * {@code u = 2^-24} and {@code v} the stored weights; elements outside the output block must keep their bits, and a
 * NaN in y must not leak through {@code beta = 0}. GEMM by packed weights: both kernels sum each output over k in
 * order from zero with FMA and finish it with the same float operations, so they must agree bit for bit.
 */
class QuantPropertiesTest {

    private static final double U = 0x1p-24;
    private final QuantKernels scalar = Kernels.scalar().quant();
    private final QuantKernels vector = Kernels.vector().quant();

    /** A matrix (rows x cols) with a block (m x n at row, col) and the arrays of one call, drawn from a seed. */
    record Case(WeightFormat format, int rows, int cols, int row, int col, int m, int n, float alpha, float beta,
                QuantizedMatrix w, float[] x, int xOff, float[] y, int yOff) {

        static Case of(int m, int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            WeightFormat f = r.nextBoolean() ? WeightFormat.INT8 : WeightFormat.BF16;
            int row = r.nextInt(3);
            int col = r.nextInt(40);
            int rows = row + m + r.nextInt(2);
            int cols = col + n + r.nextInt(3);
            float[] w = new float[rows * cols];
            double range = Math.pow(10, r.nextInt(-3, 3));
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((r.nextDouble() * 2 - 1) * range);
            }
            int xOff = r.nextInt(3);
            int yOff = r.nextInt(3);
            float[] x = new float[xOff + n + 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 4 - 2);
            }
            float[] alphas = {1f, -0.5f, 2.25f};
            float[] betas = {0f, 1f, 0.5f};
            float beta = betas[r.nextInt(3)];
            float[] y = new float[yOff + m + 2];
            for (int i = 0; i < y.length; i++) {
                y[i] = beta == 0f ? Float.NaN : (float) (r.nextDouble() * 2 - 1);
            }
            return new Case(f, rows, cols, row, col, m, n, alphas[r.nextInt(3)], beta,
                    f.quantize(rows, cols, w, 0, cols), x, xOff, y, yOff);
        }

        float[] gemv(QuantKernels k) {
            float[] out = y.clone();
            k.gemv(w, row, m, col, n, alpha, x, xOff, beta, out, yOff);
            return out;
        }

        @Override
        public String toString() {
            return format + " " + rows + "x" + cols + " block " + m + "x" + n + " at (" + row + ", " + col + "), alpha "
                    + alpha + ", beta " + beta + ", xOff " + xOff + ", yOff " + yOff;
        }
    }

    private static Gen<Case> cases(int maxRows, int maxCols) {
        return integers().between(0, maxRows).zip(integers().between(0, maxCols), longs().all(), Case::of);
    }

    @Test
    void gemvVectorIsWithinTheRoundingBoundOfScalar() {
        Gen<Case> cases = cases(70, 700);
        KernelProperties.warmUp(400, cases, c -> c.gemv(vector));
        qt().withExamples(300).forAll(cases).checkAssert(c -> {
            float[] expected = c.gemv(scalar);
            float[] actual = c.gemv(vector);
            for (int i = 0; i < expected.length; i++) {
                int r = i - c.yOff();
                if (r < 0 || r >= c.m()) {
                    assertEquals(Float.floatToRawIntBits(c.y()[i]), Float.floatToRawIntBits(actual[i]),
                            c + ": y[" + i + "] outside the block changed");
                    continue;
                }
                double abs = 0;
                for (int j = 0; j < c.n(); j++) {
                    abs += Math.abs(c.w().value(c.row() + r, c.col() + j) * c.x()[c.xOff() + j]);
                }
                double betaTerm = c.beta() == 0f ? 0 : Math.abs(c.beta() * (double) c.y()[i]);
                int k = c.n() + 3;
                double bound = 2 * (k * U / (1 - k * U)) * (Math.abs(c.alpha()) * abs + betaTerm);
                assertTrue(Float.isFinite(actual[i]), c + ": y[" + i + "] = " + actual[i]);
                assertTrue(Math.abs(expected[i] - actual[i]) <= bound, c + ": y[" + i + "] scalar " + expected[i]
                        + ", vector " + actual[i] + ", bound " + bound);
            }
        });
    }

    @Test
    void packedGemmVectorEqualsScalarBitForBit() {
        Gen<Case> cases = cases(140, 300);
        KernelProperties.warmUp(200, cases, c -> gemm(vector, c, 4));
        qt().withExamples(150).forAll(cases, integers().between(1, 9)).checkAssert((c, batch) -> {
            float[] expected = gemm(scalar, c, batch);
            float[] actual = gemm(vector, c, batch);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        c + ", batch " + batch + ": C[" + i + "] scalar " + expected[i] + ", vector " + actual[i]);
            }
        });
    }

    /**
     * {@code batch} rows of activations (drawn from the case's x, shifted) times the block's transpose: C is
     * {@code batch x m}, k = n, with NaN in C when beta is 0.
     */
    private static float[] gemm(QuantKernels k, Case c, int batch) {
        int kk = c.n();
        int lda = kk + 1;
        float[] a = new float[batch * lda];
        for (int i = 0; i < a.length; i++) {
            a[i] = c.x()[i % c.x().length] * (1 + i % 3);
        }
        int ldc = c.m() + 2;
        float[] out = new float[batch * ldc];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.beta() == 0f ? Float.NaN : (i % 5) - 2;
        }
        k.gemm(batch, c.m(), kk, c.alpha(), a, 0, lda, k.pack(c.w(), c.row(), c.m(), c.col(), kk), c.beta(), out, 1,
                ldc);
        return out;
    }
}
