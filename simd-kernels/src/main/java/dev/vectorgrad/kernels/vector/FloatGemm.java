package dev.vectorgrad.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import dev.vectorgrad.kernels.internal.KernelPool;
import java.util.Arrays;

/**
 * Float GEMM in the BLIS/Goto structure: op(B) is packed into KC x NR strips and op(A) into
 * MR x KC strips, so every transpose combination reaches the same register-tiled broadcast
 * micro-kernel (MR = 4 rows by NR = two vectors). Edge tiles are computed into a small
 * zero-padded tile and added to C element by element. Arguments are checked by the caller.
 */
final class FloatGemm {

    private static final VectorSpecies<Float> S = VectorFloatKernels.S;
    private static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;
    static final int KC = 256;
    static final int MC = 144;
    static final int NC = 1024;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private FloatGemm() {
    }

    /** Per-thread packing buffers, grown on demand and then reused by every call on that thread. */
    private static final class Workspace {
        float[] aPack = new float[0];
        float[] bPack = new float[0];
        final float[] tile = new float[MR * NR];

        float[] aPack(int size) {
            if (aPack.length < size) {
                aPack = new float[size];
            }
            return aPack;
        }

        float[] bPack(int size) {
            if (bPack.length < size) {
                bPack = new float[size];
            }
            return bPack;
        }
    }

    /** Products with fewer flops than this run on the caller's thread alone. */
    static final long PARALLEL_FLOPS = 1L << 21;

    /**
     * Splits C into {@code threads} contiguous row ranges (multiples of MR) or, when C is wider than
     * tall, column ranges (multiples of NR). Every element is computed with the same operations in
     * the same order whatever the split, so results do not depend on the thread count.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc, int threads) {
        if (m == 0 || n == 0) {
            return;
        }
        boolean splitRows = m >= n;
        int unit = splitRows ? MR : NR;
        int extent = splitRows ? m : n;
        int parts = 2L * m * n * k < PARALLEL_FLOPS ? 1 : Math.min(threads, (extent + unit - 1) / unit);
        if (parts == 1) {
            serial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int chunk = roundUp((extent + parts - 1) / parts, unit);
        KernelPool.run(parts, part -> {
            int from = part * chunk;
            int size = Math.min(chunk, extent - from);
            if (size <= 0) {
                return;
            }
            if (splitRows) {
                serial(transA, transB, size, n, k, alpha, a, aOff + (transA ? from : from * lda), lda,
                        b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            } else {
                serial(transA, transB, m, size, k, alpha, a, aOff, lda,
                        b, bOff + (transB ? from * ldb : from), ldb, beta, c, cOff + from, ldc);
            }
        });
    }

    private static void serial(boolean transA, boolean transB, int m, int n, int k,
                               float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                VectorFloatKernels.scaleUnchecked(n, beta, c, ci);
            }
        }
        if (alpha == 0f || k == 0) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        float[] bp = ws.bPack(Math.min(KC, k) * roundUp(Math.min(NC, n), NR));
        float[] ap = ws.aPack(Math.min(KC, k) * roundUp(Math.min(MC, m), MR));
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, kc, nc, b, bOff, ldb, pc, jc, bp);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, mc, kc, a, aOff, lda, ic, pc, ap);
                    macroKernel(mc, nc, kc, alpha, ap, bp, c, cOff + ic * ldc + jc, ldc, ws.tile);
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] into strips of NR columns, each kc rows of NR, zero-padded. */
    private static void packB(boolean transB, int kc, int nc, float[] b, int bOff, int ldb, int pc, int jc,
                              float[] bp) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            int strip = j0 * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + j0;
                    int dst = strip + p * NR;
                    System.arraycopy(b, src, bp, dst, nr);
                    if (nr < NR) {
                        Arrays.fill(bp, dst + nr, dst + NR, 0f);
                    }
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    int src = bOff + (jc + j0 + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[strip + p * NR + j] = b[src + p];
                    }
                }
                for (int j = nr; j < NR; j++) {
                    for (int p = 0; p < kc; p++) {
                        bp[strip + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    /** Packs op(A)[ic:ic+mc, pc:pc+kc] into strips of MR rows, stored column by column, zero-padded. */
    private static void packA(boolean transA, int mc, int kc, float[] a, int aOff, int lda, int ic, int pc,
                              float[] ap) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int mr = Math.min(MR, mc - i0);
            int strip = i0 * kc;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + i0;
                    int dst = strip + p * MR;
                    System.arraycopy(a, src, ap, dst, mr);
                    if (mr < MR) {
                        Arrays.fill(ap, dst + mr, dst + MR, 0f);
                    }
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int src = aOff + (ic + i0 + r) * lda + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[strip + p * MR + r] = a[src + p];
                    }
                }
                for (int r = mr; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        ap[strip + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /** Runs the micro-kernel over every MR x NR tile of an mc x nc block of C. */
    private static void macroKernel(int mc, int nc, int kc, float alpha, float[] ap, float[] bp,
                                    float[] c, int cOff, int ldc, float[] tile) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            for (int i0 = 0; i0 < mc; i0 += MR) {
                int mr = Math.min(MR, mc - i0);
                int ci = cOff + i0 * ldc + j0;
                if (mr == MR && nr == NR) {
                    microKernel(kc, ap, i0 * kc, bp, j0 * kc, alpha, c, ci, ldc);
                } else {
                    Arrays.fill(tile, 0f);
                    microKernel(kc, ap, i0 * kc, bp, j0 * kc, 1f, tile, 0, NR);
                    for (int r = 0; r < mr; r++) {
                        for (int j = 0; j < nr; j++) {
                            c[ci + r * ldc + j] = Math.fma(alpha, tile[r * NR + j], c[ci + r * ldc + j]);
                        }
                    }
                }
            }
        }
    }

    /**
     * C[0:MR, 0:NR] += alpha * (packed A strip) * (packed B strip): eight vector accumulators, per
     * k step two loads of B, four broadcasts of A and eight FMAs.
     */
    private static void microKernel(int kc, float[] ap, int ai, float[] bp, int bi, float alpha,
                                    float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            ai += MR;
            bi += NR;
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        int r1 = ci + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        c00.fma(va, FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.fma(va, FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c10.fma(va, FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
        c11.fma(va, FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
        c20.fma(va, FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
        c21.fma(va, FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
        c30.fma(va, FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
        c31.fma(va, FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
    }
}
