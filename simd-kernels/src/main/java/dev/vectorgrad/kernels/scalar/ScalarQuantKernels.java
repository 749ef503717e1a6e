package dev.vectorgrad.kernels.scalar;

import dev.vectorgrad.kernels.quant.PackedQuantizedMatrix;
import dev.vectorgrad.kernels.quant.QuantKernels;
import dev.vectorgrad.kernels.quant.WeightFormat;

/**
 * The plain-Java quantised kernels: the reference. Every output is a dot product summed over j (or p) in order from
 * zero with {@link Math#fma}, then multiplied by the row's scale (int8), then combined with alpha and beta as the
 * float GEMV does. The packed matrix is a view of the quantised block, not a copy.
 */
final class ScalarQuantKernels extends QuantKernels {

    ScalarQuantKernels() {
        super("scalar", Block.class);
    }

    /** A block of a quantised matrix: {@code W[row..row+n, col..col+k]}, as op(B) = its transpose. */
    record Block(WeightFormat format, byte[] q, int[] pairs, int ld, float[] scales, int row, int n, int col, int k)
            implements PackedQuantizedMatrix {

        @Override
        public int rows() {
            return k;
        }

        @Override
        public int columns() {
            return n;
        }

        @Override
        public String provider() {
            return "scalar";
        }

        @Override
        public String toString() {
            return "PackedQuantizedMatrix[" + k + "x" + n + ", " + format + ", scalar]";
        }
    }

    @Override
    protected void gemvInt8Unchecked(byte[] q, int ldq, float[] scales, int row, int m, int col, int n,
                                     float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            int base = (row + i) * ldq + col;
            float s = 0f;
            for (int j = 0; j < n; j++) {
                s = Math.fma(q[base + j], x[xOff + j], s);
            }
            store(scales[row + i] * s, alpha, beta, y, yOff + i);
        }
    }

    @Override
    protected void gemvBf16Unchecked(int[] pairs, int ld, int row, int m, int col, int n,
                                     float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        for (int i = 0; i < m; i++) {
            int start = (row + i) * ld;
            float s = 0f;
            for (int j = 0; j < n; j++) {
                s = Math.fma(bf16At(pairs, start, col + j), x[xOff + j], s);
            }
            store(s, alpha, beta, y, yOff + i);
        }
    }

    @Override
    protected PackedQuantizedMatrix packInt8Unchecked(byte[] q, int ldq, float[] scales, int row, int n, int col,
                                                      int k) {
        return new Block(WeightFormat.INT8, q, null, ldq, scales, row, n, col, k);
    }

    @Override
    protected PackedQuantizedMatrix packBf16Unchecked(int[] pairs, int ld, int row, int n, int col, int k) {
        return new Block(WeightFormat.BF16, null, pairs, ld, null, row, n, col, k);
    }

    @Override
    protected void gemmUnchecked(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                 PackedQuantizedMatrix packed, float beta, float[] c, int cOff, int ldc) {
        Block b = (Block) packed;
        boolean int8 = b.format == WeightFormat.INT8;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                int r = b.row + j;
                float s = 0f;
                if (int8) {
                    int base = r * b.ld + b.col;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[ai + p], b.q[base + p], s);
                    }
                    s *= b.scales[r];
                } else {
                    int start = r * b.ld;
                    for (int p = 0; p < k; p++) {
                        s = Math.fma(a[ai + p], bf16At(b.pairs, start, b.col + p), s);
                    }
                }
                store(s, alpha, beta, c, cOff + i * ldc + j);
            }
        }
    }

    /** {@code y = alpha * r}, or {@code fma(alpha, r, beta * y)}: the float GEMV's last step. */
    private static void store(float r, float alpha, float beta, float[] y, int at) {
        y[at] = beta == 0f ? alpha * r : Math.fma(alpha, r, beta * y[at]);
    }
}
