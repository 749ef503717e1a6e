package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.quant.PackedQuantizedMatrix;
import dev.vectorgrad.kernels.quant.QuantKernels;
import dev.vectorgrad.kernels.quant.WeightFormat;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static dev.vectorgrad.kernels.vector.FloatMath.HALF_BIT;
import static dev.vectorgrad.kernels.vector.FloatMath.QUARTER_BIT;
import static dev.vectorgrad.kernels.vector.FloatMath.XOR1;
import static dev.vectorgrad.kernels.vector.FloatMath.XOR2;
import static dev.vectorgrad.kernels.vector.FloatMath.XOR4;
import static dev.vectorgrad.kernels.vector.FloatMath.XOR8;
import static dev.vectorgrad.kernels.vector.FloatMath.XOR_HALF;
import static dev.vectorgrad.kernels.vector.FloatMath.XOR_QUARTER;
import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.LSHL;

/**
 * The quantised kernels on the Vector API (see {@link QuantKernels} for the contract).
 *
 * <p><b>GEMV</b>, four rows at a time so each load of x feeds four FMAs, lanes summed by the butterfly of
 * {@link FloatGemv}, then the tail in order, then the int8 row scale. int8: L bytes are loaded and widened to L
 * floats ({@code B2F}: a sign-extension and a conversion per vector of weights, on top of the FMA). bf16: a vector of
 * L ints from the pair layout of {@code Bf16Matrix} gives two vectors of weights by a shift and an AND, against two
 * plain loads of x: no widening instruction.
 *
 * <p><b>GEMM by packed weights</b>: op(B) in strips of two vectors of outputs, each k deep (int8: 2L bytes per
 * depth; bf16: L ints, a pair per int as above), and a broadcast micro-kernel of eight (with 512-bit vectors) or
 * four activation rows by one strip, so each widened weight vector feeds eight or four FMAs; single rows take a
 * kernel of one row by four strips. Every output
 * accumulates over p in order from zero, as the scalar kernels do, and the tile is finished (scale, alpha, beta) by
 * the scalar kernels' arithmetic through a per-thread tile, so the two agree bit for bit. A is read in place, not
 * packed, and k is not blocked: made for the few rows and the k of up to a few thousand of a recurrent step.
 *
 * <p><b>Emitted code</b> (C2, JDK 25, 512-bit vectors, read from {@code -XX:CompileCommand=print}'s bytes with
 * objdump: Debian's FCML hsdis has only the pre-JDK-9 entry point). int8 GEMV, per 16 columns of 4 rows: one
 * {@code vmovups} of x, then per row {@code vmovdqu xmm}, {@code vpmovsxbd zmm}, {@code vcvtdq2ps zmm},
 * {@code vfmadd231ps zmm}; the range checks are hoisted and the loop unrolled. bf16 GEMV, per 32 columns of 4 rows:
 * two loads of x, then per row one {@code vmovdqu32 zmm} of ints, {@code vpandd} and {@code vpslld}, two
 * {@code vfmadd231ps}: two integer ops per 32 weights where widening needs four ({@code vpmovzxwd},
 * {@code vpslld} per 16). Packed int8 GEMM, per depth: two {@code vpmovsxbd} and {@code vcvtdq2ps}, four
 * {@code vbroadcastss} of A, eight {@code vfmadd231ps}.
 *
 * <p>As in every kernel of this package, no method takes or returns a vector (see {@link FloatMath}).
 */
final class VectorQuantKernels extends QuantKernels {

    private static final VectorSpecies<Float> S = Species.FLOAT;
    private static final int L = S.length();
    /** Bytes widened into one float vector: L of them, read as a vector of at least 64 bits. */
    private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, 8 * L)));
    /** Bytes one such load reads: L, or 8 for 4-lane floats (of which the first 4 are used). */
    private static final int BL = BS.length();
    /** Ints in a vector of the bf16 kernels: L, at most 16 (as in FloatGemv), so a block of 16 ints holds whole vectors. */
    private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
    /** Outputs per packed strip: two vectors. */
    private static final int NR = 2 * L;
    /**
     * Whether batches take the micro-kernel of 8 rows (16 accumulators, with the two weight vectors and a broadcast 19
     * registers: for the 32 of AVX-512) before the one of 4: each widened weight vector then feeds 8 FMAs, and a batch
     * of 8 reads the weights once. Measured (JMH, one fork of 5 x 1 s, AVX-512 AMD EPYC shared with other work): int8
     * 8 x 1024 x 384 from 75.9 to 68.2 µs, 8 x 4096 x 1536 from 1,176 to 1,052 µs.
     */
    private static final boolean EIGHT_ROWS = S.vectorBitSize() >= 512;
    private static final int BLOCK = 32;
    private static final int HIGH = 0xFFFF0000;

    /** A finished tile's raw sums, per thread: up to 8 rows by one strip or 1 row by 4 strips. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[8 * NR]);

    VectorQuantKernels() {
        super("vector", Packed.class);
    }

    /** op(B) packed in strips (see the class comment); {@code scales} zero-padded to whole strips (int8). */
    static final class Packed implements PackedQuantizedMatrix {
        final WeightFormat format;
        final int k;
        final int n;
        final byte[] q;
        final int[] pairs;
        final float[] scales;
        /** Outputs per strip. */
        final int strip;

        Packed(WeightFormat format, int k, int n, byte[] q, int[] pairs, float[] scales, int strip) {
            this.format = format;
            this.strip = strip;
            this.k = k;
            this.n = n;
            this.q = q;
            this.pairs = pairs;
            this.scales = scales;
        }

        @Override
        public int rows() {
            return k;
        }

        @Override
        public int columns() {
            return n;
        }

        @Override
        public WeightFormat format() {
            return format;
        }

        @Override
        public String provider() {
            return "vector";
        }

        @Override
        public String toString() {
            return "PackedQuantizedMatrix[" + k + "x" + n + ", " + format + ", vector, strips of "
                    + strip + "]";
        }
    }

    // ---- GEMV ------------------------------------------------------------------------------------

    @Override
    protected void gemvInt8Unchecked(byte[] q, int ldq, float[] scales, int row, int m, int col, int n,
                                     float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int8FourRows(q, (row + i) * ldq + col, ldq, scales, row + i, n, alpha, x, xOff, beta, y, yOff + i);
        }
        for (; i < m; i++) {
            int a0 = (row + i) * ldq + col;
            FloatVector s0 = FloatVector.zero(S);
            int j = 0;
            for (int bound = n - BL + 1; j < bound; j += L) {
                s0 = ((FloatVector) ByteVector.fromArray(BS, q, a0 + j).convertShape(B2F, S, 0))
                        .fma(FloatVector.fromArray(S, x, xOff + j), s0);
            }
            // The lane sum by the butterfly of FloatMath, written out (see FloatMath).
            if (L >= 16) {
                s0 = s0.add(s0.rearrange(XOR8));
            }
            if (L >= 8) {
                s0 = s0.add(s0.rearrange(XOR4));
            }
            if (L >= 4) {
                s0 = s0.add(s0.rearrange(XOR2));
            }
            s0 = s0.add(s0.rearrange(XOR1));
            float r = s0.lane(0);
            for (; j < n; j++) {
                r = Math.fma(q[a0 + j], x[xOff + j], r);
            }
            store(scales[row + i] * r, alpha, beta, y, yOff + i);
        }
    }

    private static void int8FourRows(byte[] q, int a0, int ld, float[] scales, int row, int n, float alpha,
                                     float[] x, int xOff, float beta, float[] y, int yOff) {
        int a1 = a0 + ld;
        int a2 = a1 + ld;
        int a3 = a2 + ld;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int j = 0;
        // j + BL <= n, written as a plain upper bound so C2 hoists the range checks of the loads out of the loop.
        for (int bound = n - BL + 1; j < bound; j += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + j);
            s0 = ((FloatVector) ByteVector.fromArray(BS, q, a0 + j).convertShape(B2F, S, 0)).fma(xv, s0);
            s1 = ((FloatVector) ByteVector.fromArray(BS, q, a1 + j).convertShape(B2F, S, 0)).fma(xv, s1);
            s2 = ((FloatVector) ByteVector.fromArray(BS, q, a2 + j).convertShape(B2F, S, 0)).fma(xv, s2);
            s3 = ((FloatVector) ByteVector.fromArray(BS, q, a3 + j).convertShape(B2F, S, 0)).fma(xv, s3);
        }
        // The four lane sums at once, as FloatGemv's four-row kernel sums them.
        FloatVector p01 = s0.blend(s1.rearrange(XOR_HALF), HALF_BIT).add(s0.rearrange(XOR_HALF).blend(s1, HALF_BIT));
        FloatVector p23 = s2.blend(s3.rearrange(XOR_HALF), HALF_BIT).add(s2.rearrange(XOR_HALF).blend(s3, HALF_BIT));
        FloatVector v = p01.blend(p23.rearrange(XOR_QUARTER), QUARTER_BIT)
                .add(p01.rearrange(XOR_QUARTER).blend(p23, QUARTER_BIT));
        if (L >= 16) {
            v = v.add(v.rearrange(XOR2));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(XOR1));
        }
        float r0 = v.lane(0);
        float r1 = v.lane(L / 2);
        float r2 = v.lane(L / 4);
        float r3 = v.lane(L / 2 + L / 4);
        for (; j < n; j++) {
            float xj = x[xOff + j];
            r0 = Math.fma(q[a0 + j], xj, r0);
            r1 = Math.fma(q[a1 + j], xj, r1);
            r2 = Math.fma(q[a2 + j], xj, r2);
            r3 = Math.fma(q[a3 + j], xj, r3);
        }
        store(scales[row] * r0, alpha, beta, y, yOff);
        store(scales[row + 1] * r1, alpha, beta, y, yOff + 1);
        store(scales[row + 2] * r2, alpha, beta, y, yOff + 2);
        store(scales[row + 3] * r3, alpha, beta, y, yOff + 3);
    }

    @Override
    protected void gemvBf16Unchecked(int[] pairs, int ld, int row, int m, int col, int n,
                                     float alpha, float[] x, int xOff, float beta, float[] y, int yOff) {
        int end = col + n;
        // Whole blocks of the pair layout run on vectors; the columns before the first and after the last, in order.
        int head = Math.min(end, (col + BLOCK - 1) / BLOCK * BLOCK);
        int body = head + (end - head) / BLOCK * BLOCK;
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            bf16FourRows(pairs, (row + i) * ld, ld, col, head, body, end, alpha, x, xOff, beta, y, yOff + i);
        }
        for (; i < m; i++) {
            int r0 = (row + i) * ld;
            FloatVector lo = FloatVector.zero(S);
            FloatVector hi = FloatVector.zero(S);
            // ib: the int where a block starts (half its first column), so every index is linear in the loop variable.
            for (int ib = head / 2; ib < body / 2; ib += BLOCK / 2) {
                int xb = xOff - col + 2 * ib;
                for (int t = 0; t < BLOCK / 2; t += L) {
                    IntVector w = IntVector.fromArray(IS, pairs, r0 + ib + t);
                    lo = w.lanewise(LSHL, 16).reinterpretAsFloats().fma(FloatVector.fromArray(S, x, xb + t), lo);
                    hi = w.and(HIGH).reinterpretAsFloats().fma(FloatVector.fromArray(S, x, xb + BLOCK / 2 + t), hi);
                }
            }
            FloatVector v = lo.add(hi);
            if (L >= 16) {
                v = v.add(v.rearrange(XOR8));
            }
            if (L >= 8) {
                v = v.add(v.rearrange(XOR4));
            }
            if (L >= 4) {
                v = v.add(v.rearrange(XOR2));
            }
            v = v.add(v.rearrange(XOR1));
            float r = v.lane(0);
            for (int c = col; c < head; c++) {
                r = Math.fma(bf16At(pairs, r0, c), x[xOff + c - col], r);
            }
            for (int c = body; c < end; c++) {
                r = Math.fma(bf16At(pairs, r0, c), x[xOff + c - col], r);
            }
            store(r, alpha, beta, y, yOff + i);
        }
    }

    private static void bf16FourRows(int[] pairs, int r0, int ld, int col, int head, int body, int end, float alpha,
                                     float[] x, int xOff, float beta, float[] y, int yOff) {
        int r1 = r0 + ld;
        int r2 = r1 + ld;
        int r3 = r2 + ld;
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        FloatVector t0 = FloatVector.zero(S);
        FloatVector t1 = FloatVector.zero(S);
        FloatVector t2 = FloatVector.zero(S);
        FloatVector t3 = FloatVector.zero(S);
        // ib: the int where a block starts (half its first column), so every index is linear in the loop variable.
        for (int ib = head / 2; ib < body / 2; ib += BLOCK / 2) {
            int xb = xOff - col + 2 * ib;
            for (int t = 0; t < BLOCK / 2; t += L) {
                FloatVector xl = FloatVector.fromArray(S, x, xb + t);
                FloatVector xh = FloatVector.fromArray(S, x, xb + BLOCK / 2 + t);
                IntVector w0 = IntVector.fromArray(IS, pairs, r0 + ib + t);
                IntVector w1 = IntVector.fromArray(IS, pairs, r1 + ib + t);
                IntVector w2 = IntVector.fromArray(IS, pairs, r2 + ib + t);
                IntVector w3 = IntVector.fromArray(IS, pairs, r3 + ib + t);
                s0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().fma(xl, s0);
                s1 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(xl, s1);
                s2 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(xl, s2);
                s3 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(xl, s3);
                t0 = w0.and(HIGH).reinterpretAsFloats().fma(xh, t0);
                t1 = w1.and(HIGH).reinterpretAsFloats().fma(xh, t1);
                t2 = w2.and(HIGH).reinterpretAsFloats().fma(xh, t2);
                t3 = w3.and(HIGH).reinterpretAsFloats().fma(xh, t3);
            }
        }
        s0 = s0.add(t0);
        s1 = s1.add(t1);
        s2 = s2.add(t2);
        s3 = s3.add(t3);
        FloatVector p01 = s0.blend(s1.rearrange(XOR_HALF), HALF_BIT).add(s0.rearrange(XOR_HALF).blend(s1, HALF_BIT));
        FloatVector p23 = s2.blend(s3.rearrange(XOR_HALF), HALF_BIT).add(s2.rearrange(XOR_HALF).blend(s3, HALF_BIT));
        FloatVector v = p01.blend(p23.rearrange(XOR_QUARTER), QUARTER_BIT)
                .add(p01.rearrange(XOR_QUARTER).blend(p23, QUARTER_BIT));
        if (L >= 16) {
            v = v.add(v.rearrange(XOR2));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(XOR1));
        }
        float q0 = v.lane(0);
        float q1 = v.lane(L / 2);
        float q2 = v.lane(L / 4);
        float q3 = v.lane(L / 2 + L / 4);
        for (int c = col; c < head; c++) {
            float xc = x[xOff + c - col];
            q0 = Math.fma(bf16At(pairs, r0, c), xc, q0);
            q1 = Math.fma(bf16At(pairs, r1, c), xc, q1);
            q2 = Math.fma(bf16At(pairs, r2, c), xc, q2);
            q3 = Math.fma(bf16At(pairs, r3, c), xc, q3);
        }
        for (int c = body; c < end; c++) {
            float xc = x[xOff + c - col];
            q0 = Math.fma(bf16At(pairs, r0, c), xc, q0);
            q1 = Math.fma(bf16At(pairs, r1, c), xc, q1);
            q2 = Math.fma(bf16At(pairs, r2, c), xc, q2);
            q3 = Math.fma(bf16At(pairs, r3, c), xc, q3);
        }
        store(q0, alpha, beta, y, yOff);
        store(q1, alpha, beta, y, yOff + 1);
        store(q2, alpha, beta, y, yOff + 2);
        store(q3, alpha, beta, y, yOff + 3);
    }

    // ---- packing ---------------------------------------------------------------------------------

    @Override
    protected PackedQuantizedMatrix packInt8Unchecked(byte[] q, int ldq, float[] scales, int row, int n, int col,
                                                      int k) {
        int strips = (n + NR - 1) / NR;
        // BL - L spare bytes at the end: a 4-lane load reads 8 bytes.
        byte[] data = new byte[Math.addExact(Math.multiplyExact(strips * NR, k), BL - L)];
        float[] s = new float[strips * NR];
        for (int j = 0; j < n; j++) {
            int strip = j / NR;
            int jj = j % NR;
            int src = (row + j) * ldq + col;
            int dst = strip * k * NR + jj;
            for (int p = 0; p < k; p++) {
                data[dst + p * NR] = q[src + p];
            }
            s[j] = scales[row + j];
        }
        return new Packed(WeightFormat.INT8, k, n, data, null, s, NR);
    }

    @Override
    protected PackedQuantizedMatrix packBf16Unchecked(int[] pairs, int ld, int row, int n, int col, int k) {
        int strips = (n + NR - 1) / NR;
        int[] data = new int[Math.multiplyExact(strips * L, k)];
        for (int j = 0; j < n; j++) {
            int strip = j / NR;
            int jj = j % NR;
            int dst = strip * k * L + jj % L;
            boolean high = jj >= L;
            int start = (row + j) * ld;
            for (int p = 0; p < k; p++) {
                int bits = Float.floatToRawIntBits(bf16At(pairs, start, col + p));
                data[dst + p * L] |= high ? bits : bits >>> 16;
            }
        }
        return new Packed(WeightFormat.BF16, k, n, null, data, null, NR);
    }

    // ---- GEMM ------------------------------------------------------------------------------------

    @Override
    protected void gemmUnchecked(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                 PackedQuantizedMatrix packed, float beta, float[] c, int cOff, int ldc) {
        Packed b = (Packed) packed;
        boolean int8 = b.format == WeightFormat.INT8;
        int nr = int8 ? NR : NR;
        int strips = (n + nr - 1) / nr;
        float[] tile = TILE.get();
        int i = 0;
        if (EIGHT_ROWS) {
            for (; i + 8 <= m; i += 8) {
                int ai = aOff + i * lda;
                for (int s = 0; s < strips; s++) {
                    if (int8) {
                        int8EightByOne(k, a, ai, lda, b.q, s * k * NR, tile);
                    } else {
                        bf16EightByOne(k, a, ai, lda, b.pairs, s * k * L, tile);
                    }
                    finish(b, 8, 1, nr, s * nr, n, alpha, beta, tile, c, cOff + i * ldc, ldc);
                }
            }
        }
        for (; i + 4 <= m; i += 4) {
            int ai = aOff + i * lda;
            for (int s = 0; s < strips; s++) {
                if (int8) {
                    int8FourByOne(k, a, ai, lda, b.q, s * k * NR, tile);
                } else {
                    bf16FourByOne(k, a, ai, lda, b.pairs, s * k * L, tile);
                }
                finish(b, 4, 1, nr, s * nr, n, alpha, beta, tile, c, cOff + i * ldc, ldc);
            }
        }
        for (; i < m; i++) {
            int ai = aOff + i * lda;
            int s = 0;
            for (; s + 4 <= strips; s += 4) {
                if (int8) {
                    int8OneByFour(k, a, ai, b.q, s * k * NR, k * NR, tile);
                } else {
                    bf16OneByFour(k, a, ai, b.pairs, s * k * L, k * L, tile);
                }
                finish(b, 1, 4, nr, s * nr, n, alpha, beta, tile, c, cOff + i * ldc, ldc);
            }
            for (; s < strips; s++) {
                if (int8) {
                    int8OneByOne(k, a, ai, b.q, s * k * NR, tile);
                } else {
                    bf16OneByOne(k, a, ai, b.pairs, s * k * L, tile);
                }
                finish(b, 1, 1, nr, s * nr, n, alpha, beta, tile, c, cOff + i * ldc, ldc);
            }
        }
    }

    /**
     * Writes a tile of raw sums ({@code rows} x {@code strips * nr}, row-major) to C from column {@code j0}, leaving
     * out the padding columns: the scalar kernels' scale, alpha and beta arithmetic.
     */
    private static void finish(Packed b, int rows, int strips, int nr, int j0, int n, float alpha, float beta,
                               float[] tile, float[] c, int cRow, int ldc) {
        int width = Math.min(strips * nr, n - j0);
        for (int r = 0; r < rows; r++) {
            for (int jj = 0; jj < width; jj++) {
                float v = tile[r * strips * nr + jj];
                if (b.scales != null) {
                    v *= b.scales[j0 + jj];
                }
                store(v, alpha, beta, c, cRow + r * ldc + j0 + jj);
            }
        }
    }

    private static void int8EightByOne(int k, float[] a, int a0, int lda, byte[] q, int bj, float[] tile) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = bj + p * NR;
            FloatVector b0 = (FloatVector) ByteVector.fromArray(BS, q, bp).convertShape(B2F, S, 0);
            FloatVector b1 = (FloatVector) ByteVector.fromArray(BS, q, bp + L).convertShape(B2F, S, 0);
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(v, c00);
            c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(v, c10);
            c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(v, c20);
            c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(v, c30);
            c31 = b1.fma(v, c31);
            v = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(v, c40);
            c41 = b1.fma(v, c41);
            v = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(v, c50);
            c51 = b1.fma(v, c51);
            v = FloatVector.broadcast(S, a[a6 + p]);
            c60 = b0.fma(v, c60);
            c61 = b1.fma(v, c61);
            v = FloatVector.broadcast(S, a[a7 + p]);
            c70 = b0.fma(v, c70);
            c71 = b1.fma(v, c71);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    private static void bf16EightByOne(int k, float[] a, int a0, int lda, int[] pairs, int bj, float[] tile) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        FloatVector c71 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            IntVector w = IntVector.fromArray(IS, pairs, bj + p * L);
            FloatVector b0 = w.lanewise(LSHL, 16).reinterpretAsFloats();
            FloatVector b1 = w.and(HIGH).reinterpretAsFloats();
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(v, c00);
            c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(v, c10);
            c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(v, c20);
            c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(v, c30);
            c31 = b1.fma(v, c31);
            v = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(v, c40);
            c41 = b1.fma(v, c41);
            v = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(v, c50);
            c51 = b1.fma(v, c51);
            v = FloatVector.broadcast(S, a[a6 + p]);
            c60 = b0.fma(v, c60);
            c61 = b1.fma(v, c61);
            v = FloatVector.broadcast(S, a[a7 + p]);
            c70 = b0.fma(v, c70);
            c71 = b1.fma(v, c71);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    private static void int8FourByOne(int k, float[] a, int a0, int lda, byte[] q, int bj, float[] tile) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = bj + p * NR;
            FloatVector b0 = (FloatVector) ByteVector.fromArray(BS, q, bp).convertShape(B2F, S, 0);
            FloatVector b1 = (FloatVector) ByteVector.fromArray(BS, q, bp + L).convertShape(B2F, S, 0);
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(v, c00);
            c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(v, c10);
            c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(v, c20);
            c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(v, c30);
            c31 = b1.fma(v, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    private static void int8OneByFour(int k, float[] a, int a0, byte[] q, int bj, int stride, float[] tile) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S);
        FloatVector c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S);
        FloatVector c7 = FloatVector.zero(S);
        int b1 = bj + stride;
        int b2 = b1 + stride;
        int b3 = b2 + stride;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            int o = p * NR;
            c0 = ((FloatVector) ByteVector.fromArray(BS, q, bj + o).convertShape(B2F, S, 0)).fma(v, c0);
            c1 = ((FloatVector) ByteVector.fromArray(BS, q, bj + o + L).convertShape(B2F, S, 0)).fma(v, c1);
            c2 = ((FloatVector) ByteVector.fromArray(BS, q, b1 + o).convertShape(B2F, S, 0)).fma(v, c2);
            c3 = ((FloatVector) ByteVector.fromArray(BS, q, b1 + o + L).convertShape(B2F, S, 0)).fma(v, c3);
            c4 = ((FloatVector) ByteVector.fromArray(BS, q, b2 + o).convertShape(B2F, S, 0)).fma(v, c4);
            c5 = ((FloatVector) ByteVector.fromArray(BS, q, b2 + o + L).convertShape(B2F, S, 0)).fma(v, c5);
            c6 = ((FloatVector) ByteVector.fromArray(BS, q, b3 + o).convertShape(B2F, S, 0)).fma(v, c6);
            c7 = ((FloatVector) ByteVector.fromArray(BS, q, b3 + o + L).convertShape(B2F, S, 0)).fma(v, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
        c5.intoArray(tile, 5 * L);
        c6.intoArray(tile, 6 * L);
        c7.intoArray(tile, 7 * L);
    }

    private static void int8OneByOne(int k, float[] a, int a0, byte[] q, int bj, float[] tile) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            int o = bj + p * NR;
            c0 = ((FloatVector) ByteVector.fromArray(BS, q, o).convertShape(B2F, S, 0)).fma(v, c0);
            c1 = ((FloatVector) ByteVector.fromArray(BS, q, o + L).convertShape(B2F, S, 0)).fma(v, c1);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
    }

    private static void bf16FourByOne(int k, float[] a, int a0, int lda, int[] pairs, int bj, float[] tile) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            IntVector w = IntVector.fromArray(IS, pairs, bj + p * L);
            FloatVector b0 = w.lanewise(LSHL, 16).reinterpretAsFloats();
            FloatVector b1 = w.and(HIGH).reinterpretAsFloats();
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(v, c00);
            c01 = b1.fma(v, c01);
            v = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(v, c10);
            c11 = b1.fma(v, c11);
            v = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(v, c20);
            c21 = b1.fma(v, c21);
            v = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(v, c30);
            c31 = b1.fma(v, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    private static void bf16OneByFour(int k, float[] a, int a0, int[] pairs, int bj, int stride, float[] tile) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S);
        FloatVector c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S);
        FloatVector c7 = FloatVector.zero(S);
        int b1 = bj + stride;
        int b2 = b1 + stride;
        int b3 = b2 + stride;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            int o = p * L;
            IntVector w0 = IntVector.fromArray(IS, pairs, bj + o);
            IntVector w1 = IntVector.fromArray(IS, pairs, b1 + o);
            IntVector w2 = IntVector.fromArray(IS, pairs, b2 + o);
            IntVector w3 = IntVector.fromArray(IS, pairs, b3 + o);
            c0 = w0.lanewise(LSHL, 16).reinterpretAsFloats().fma(v, c0);
            c1 = w0.and(HIGH).reinterpretAsFloats().fma(v, c1);
            c2 = w1.lanewise(LSHL, 16).reinterpretAsFloats().fma(v, c2);
            c3 = w1.and(HIGH).reinterpretAsFloats().fma(v, c3);
            c4 = w2.lanewise(LSHL, 16).reinterpretAsFloats().fma(v, c4);
            c5 = w2.and(HIGH).reinterpretAsFloats().fma(v, c5);
            c6 = w3.lanewise(LSHL, 16).reinterpretAsFloats().fma(v, c6);
            c7 = w3.and(HIGH).reinterpretAsFloats().fma(v, c7);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
        c5.intoArray(tile, 5 * L);
        c6.intoArray(tile, 6 * L);
        c7.intoArray(tile, 7 * L);
    }

    private static void bf16OneByOne(int k, float[] a, int a0, int[] pairs, int bj, float[] tile) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.broadcast(S, a[a0 + p]);
            IntVector w = IntVector.fromArray(IS, pairs, bj + p * L);
            c0 = w.lanewise(LSHL, 16).reinterpretAsFloats().fma(v, c0);
            c1 = w.and(HIGH).reinterpretAsFloats().fma(v, c1);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
    }

    /** {@code y = alpha * r}, or {@code fma(alpha, r, beta * y)}: the scalar kernels' last step. */
    private static void store(float r, float alpha, float beta, float[] y, int at) {
        y[at] = beta == 0f ? alpha * r : Math.fma(alpha, r, beta * y[at]);
    }
}
