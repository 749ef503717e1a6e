// Generated from FloatGemm.java by tools/Twins.java: do not edit (edit FloatGemm.java, then run java tools/Twins.java).
package dev.vectorgrad.kernels.vector;

import dev.vectorgrad.kernels.PackedDoubleMatrix;
import dev.vectorgrad.kernels.internal.KernelPool;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Double GEMM in the BLIS/Goto structure. op(B) is packed into KC x NR strips and op(A) into
 * MR x KC strips, so every transpose combination reaches the same register-tiled broadcast
 * micro-kernel (MR rows by NR = two vectors); edge tiles are computed into a small zero-padded
 * tile and added to C element by element. Up to SMALL_M rows with B not transposed (RNN steps),
 * B is read in place; a single row or column of C goes to GEMV. A B packed once in advance
 * ({@link #pack}: the same strips, each k deep) is read in place by the same loops and
 * micro-kernels, plus a one-row kernel over four strips. Large products are split over the kernel
 * pool. Arguments are checked by the caller.
 */
final class DoubleGemm {

    private static final VectorSpecies<Double> S = Species.DOUBLE;
    private static final int L = S.length();
    /**
     * Rows of the micro-tile, chosen by measurement (L1-resident panels, KC = 256, JDK 25): with
     * 32 vector registers (512-bit species, AVX-512) 8 x 2 vectors reached 180 GFLOP/s against 144
     * for 4 x 2 and 173 for 12 x 2; with 16 registers (256-bit, AVX2) 4 x 2 reached 79 against 57
     * for 6 x 2 and 55 for 8 x 2, where C2 starts to spill.
     */
    private static final int MR = S.vectorBitSize() >= 512 ? 8 : 4;
    /** Columns of the micro-tile: two vectors. */
    private static final int NR = 2 * L;
    /** Depth of a packed block: a KC x NR strip of B (32 KB with 512-bit vectors) stays in L1. */
    private static final int KC = 256;
    /** Rows of A packed at once (an MC x KC block, 240 KB, stays in L2). */
    private static final int MC = 240;
    /** Columns of B packed at once (a KC x NC block, 1 MB). */
    private static final int NC = 1024;
    /**
     * Columns of A one gather packs: L lanes over MR rows. 0 where a vector is narrower than a strip
     * (128-bit doubles), and then strips are packed by scalar copies.
     */
    private static final int GATHER_COLUMNS = L % MR == 0 ? L / MR : 0;
    /** Up to this many rows of C, B (not transposed) is read in place instead of packed. */
    private static final int SMALL_M = 64;
    /**
     * Depth of a block when B is read in place: 128 keeps a B strip and an A block of 64 rows in L1
     * together (measured for m = 32, n = 1024, k = 512: 307 us with 128, 311 with 192, 333 with 256).
     */
    private static final int KC_IN_PLACE = 128;

    /**
     * Products with fewer flops than this run on the caller's thread alone: measured here, 2 threads
     * made 128^3 (2^22 flops) 2.5x slower, as waking a pool thread costs tens of microseconds.
     */
    private static final long PARALLEL_FLOPS = 1L << 24;
    /** Parts per thread of a threaded product, so a thread that starts late leaves work to others. */
    private static final int PARTS_PER_THREAD = 2;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private DoubleGemm() {
    }

    /** Per-thread packing buffers, grown on demand and then reused by every call on that thread. */
    private static final class Workspace {
        double[] aPack = new double[0];
        double[] bPack = new double[0];
        double[] sharedB = new double[0];
        final double[] tile = new double[MR * NR];
        final int[] stripMap = new int[L];
        int stripRs = -1;
        int stripCs = -1;
        final int[] rowMap = new int[L];
        int rowLd = -1;

        /** Gather indexes of an MR-row strip, {@link #GATHER_COLUMNS} columns at a time. */
        int[] stripGatherMap(int rs, int cs) {
            if (stripRs != rs || stripCs != cs) {
                for (int i = 0; i < L; i++) {
                    stripMap[i] = (i % MR) * rs + (i / MR) * cs;
                }
                stripRs = rs;
                stripCs = cs;
            }
            return stripMap;
        }

        /** Gather indexes of one column of L rows {@code ld} apart. */
        int[] rowGatherMap(int ld) {
            if (rowLd != ld) {
                for (int i = 0; i < L; i++) {
                    rowMap[i] = i * ld;
                }
                rowLd = ld;
            }
            return rowMap;
        }

        double[] aPack(int size) {
            if (aPack.length < size) {
                aPack = new double[size];
            }
            return aPack;
        }

        double[] bPack(int size) {
            if (bPack.length < size) {
                bPack = new double[size];
            }
            return bPack;
        }

        /** The packed blocks of B that the threads of a {@link SharedB} product share. */
        double[] sharedB(int size) {
            if (sharedB.length < size) {
                sharedB = new double[size];
            }
            return sharedB;
        }
    }

    /**
     * Splits C into contiguous row ranges (multiples of MR) or, when C is wider than tall, column
     * ranges (multiples of NR), claimed by up to {@code threads} threads. A row split of the packed
     * route shares the packed blocks of B between the threads ({@link SharedB}); any other part packs
     * what it reads itself. Every element is computed with the same operations in the same order
     * whatever the split and whichever thread runs it (the k blocks are the same, and each micro-kernel
     * and edge tile sums an element as the others do), so results do not depend on the thread count.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double alpha, double[] a, int aOff, int lda,
                     double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc, int threads) {
        if (m == 0 || n == 0) {
            return;
        }
        // The route and its blocking are chosen for the whole product, never per part, so a split
        // cannot change how any element is computed.
        Route route = route(transA, transB, m, n, lda, ldb, ldc);
        boolean splitRows = m >= n;
        int unit = splitRows ? MR : NR;
        int extent = splitRows ? m : n;
        int parts = threads == 1 || 2L * m * n * k < PARALLEL_FLOPS ? 1
                : Math.min(threads * PARTS_PER_THREAD, (extent + unit - 1) / unit);
        if (parts == 1) {
            serial(route, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (route == Route.PACKED && splitRows && alpha != 0.0 && k > 0) {
            SharedB product = new SharedB(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                    c, cOff, ldc, threads, WORKSPACE.get());
            KernelPool.run(product.tasks(), threads, product::run);
            return;
        }
        int chunk = roundUp((extent + parts - 1) / parts, unit);
        KernelPool.run(parts, threads, part -> {
            int from = part * chunk;
            int size = Math.min(chunk, extent - from);
            if (size <= 0) {
                return;
            }
            if (splitRows) {
                serial(route, transA, transB, size, n, k, alpha, a, aOff + (transA ? from : from * lda), lda,
                        b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            } else {
                serial(route, transA, transB, m, size, k, alpha, a, aOff, lda,
                        b, bOff + (transB ? from * ldb : from), ldb, beta, c, cOff + from, ldc);
            }
        });
    }

    /** How a product is computed. */
    private enum Route {
        /** One row of C: a GEMV over B, whose rows the kernel reads in place. */
        ROW_GEMV,
        /** One contiguous column of C: a GEMV over A. */
        COLUMN_GEMV,
        /** At most SMALL_M rows and B not transposed: B read in place (see unpackedB). */
        IN_PLACE_B,
        /** Both operands packed (BLIS). */
        PACKED
    }

    private static Route route(boolean transA, boolean transB, int m, int n, int lda, int ldb, int ldc) {
        if (m == 1 && (!transA || lda == 1)) {
            return Route.ROW_GEMV;
        }
        if (n == 1 && ldc == 1 && (transB || ldb == 1)) {
            return Route.COLUMN_GEMV;
        }
        return !transB && m <= SMALL_M ? Route.IN_PLACE_B : Route.PACKED;
    }

    private static void serial(Route route, boolean transA, boolean transB, int m, int n, int k,
                               double alpha, double[] a, int aOff, int lda,
                               double[] b, int bOff, int ldb,
                               double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            DoubleGemv.scaleByBeta(n, beta, c, cOff + i * ldc);
        }
        if (alpha == 0.0 || k == 0) {
            return;
        }
        // C already holds beta * C, so the GEMV routes add to it with beta = 1.
        switch (route) {
            case ROW_GEMV -> DoubleGemv.gemv(!transB, transB ? n : k, transB ? k : n, alpha,
                    b, bOff, ldb, a, aOff, 1, c, cOff);
            case COLUMN_GEMV -> DoubleGemv.gemv(transA, transA ? k : m, transA ? m : k, alpha,
                    a, aOff, lda, b, bOff, 1, c, cOff);
            case IN_PLACE_B -> unpackedB(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                    WORKSPACE.get());
            case PACKED -> packed(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                    WORKSPACE.get());
        }
    }

    /** The BLIS loops: NC columns of B, KC deep, packed; then MC rows of A packed; then the macro-kernel. */
    private static void packed(boolean transA, boolean transB, int m, int n, int k,
                               double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double[] c, int cOff, int ldc, Workspace ws) {
        double[] bp = ws.bPack(Math.min(KC, k) * roundUp(Math.min(NC, n), NR));
        double[] ap = ws.aPack(Math.min(KC, k) * roundUp(Math.min(MC, m), MR));
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, kc, nc, b, bOff, ldb, pc, jc, bp, 0, ws);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, mc, kc, a, aOff, lda, ic, pc, ap, ws);
                    macroKernel(mc, nc, kc, alpha, ap, bp, 0, kc * NR, c, cOff + ic * ldc + jc, ldc, ws.tile);
                }
            }
        }
    }

    /**
     * One product of the packed route split by rows over threads, with op(B) packed once. Its blocks
     * are those of {@link #packed} (NC columns, then KC deep, in that order); each is packed into one of
     * two buffers the threads share (from the caller's workspace), its strips split into one packing
     * task per thread, and then multiplied by fixed row ranges of A and C (multiples of MR, at most MC
     * rows where the rows allow, so each range packs its A once per block), one task each. The tasks
     * run in a fixed order, block by block, each block's packing first, and {@link KernelPool#run}
     * claims them in that order; a task waits only for earlier tasks: a row range for the packing of
     * its block and for the same range of the block before (which wrote the same C), a packing task
     * for the row ranges of the block two before (which read the same buffer). Every earlier task has
     * been claimed by a running thread, so the caller finishes alone when no pool thread comes. Each
     * element of C is scaled by beta before its first block and summed block by block as one thread
     * sums it.
     */
    private static final class SharedB {
        /** Spins on a dependency before each wait yields the processor. */
        private static final int SPINS = 1 << 12;

        private final boolean transA;
        private final boolean transB;
        private final int m;
        private final int n;
        private final int k;
        private final double alpha;
        private final double[] a;
        private final int aOff;
        private final int lda;
        private final double[] b;
        private final int bOff;
        private final int ldb;
        private final double beta;
        private final double[] c;
        private final int cOff;
        private final int ldc;
        /** Blocks along k per NC columns of B. */
        private final int depthBlocks;
        private final int packTasks;
        private final int rowTasks;
        private final int rowChunk;
        /** Doubles of one buffer: a KC x NC block, padded to whole strips. */
        private final int bufferSize;
        private final double[] buffers;
        /** Per block: packing tasks finished. */
        private final AtomicIntegerArray packed;
        /** Per block: row tasks finished. */
        private final AtomicIntegerArray multiplied;
        /** Per block and row range: 1 once that row task has finished. */
        private final AtomicIntegerArray rowsDone;

        SharedB(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc, int threads, Workspace ws) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            depthBlocks = (k + KC - 1) / KC;
            int blocks = (n + NC - 1) / NC * depthBlocks;
            packTasks = Math.min(threads, (Math.min(NC, n) + NR - 1) / NR);
            // At least PARTS_PER_THREAD ranges a thread, a whole number per thread, none above MC rows.
            int ranges = Math.max(threads * PARTS_PER_THREAD, (m + MC - 1) / MC);
            ranges = roundUp(ranges, threads);
            rowChunk = roundUp((m + ranges - 1) / ranges, MR);
            rowTasks = (m + rowChunk - 1) / rowChunk;
            bufferSize = Math.min(KC, k) * roundUp(Math.min(NC, n), NR);
            buffers = ws.sharedB(2 * bufferSize);
            packed = new AtomicIntegerArray(blocks);
            multiplied = new AtomicIntegerArray(blocks);
            rowsDone = new AtomicIntegerArray(blocks * rowTasks);
        }

        int tasks() {
            return packed.length() * (packTasks + rowTasks);
        }

        /**
         * Runs task {@code t}. It is marked finished even when it fails, so no later task waits
         * forever; {@link KernelPool#run} rethrows the failure.
         */
        void run(int t) {
            int block = t / (packTasks + rowTasks);
            int task = t % (packTasks + rowTasks);
            int jc = block / depthBlocks * NC;
            int pc = block % depthBlocks * KC;
            int nc = Math.min(NC, n - jc);
            int kc = Math.min(KC, k - pc);
            int buffer = block % 2 * bufferSize;
            Workspace ws = WORKSPACE.get();
            if (task < packTasks) {
                try {
                    if (block >= 2) {
                        await(multiplied, block - 2, rowTasks);
                    }
                    int strips = (nc + NR - 1) / NR;
                    int from = strips * task / packTasks * NR;
                    int to = Math.min(nc, strips * (task + 1) / packTasks * NR);
                    packB(transB, kc, to - from, b, bOff, ldb, pc, jc + from, buffers, buffer + from * kc, ws);
                } finally {
                    packed.incrementAndGet(block);
                }
                return;
            }
            int range = task - packTasks;
            try {
                await(packed, block, packTasks);
                if (block >= 1) {
                    await(rowsDone, (block - 1) * rowTasks + range, 1);
                }
                int from = range * rowChunk;
                int to = Math.min(m, from + rowChunk);
                if (pc == 0) {
                    for (int i = from; i < to; i++) {
                        DoubleGemv.scaleByBeta(nc, beta, c, cOff + i * ldc + jc);
                    }
                }
                double[] ap = ws.aPack(kc * roundUp(Math.min(MC, to - from), MR));
                for (int ic = from; ic < to; ic += MC) {
                    int mc = Math.min(MC, to - ic);
                    packA(transA, mc, kc, a, aOff, lda, ic, pc, ap, ws);
                    macroKernel(mc, nc, kc, alpha, ap, buffers, buffer, kc * NR, c, cOff + ic * ldc + jc, ldc,
                            ws.tile);
                }
            } finally {
                rowsDone.set(block * rowTasks + range, 1);
                multiplied.incrementAndGet(block);
            }
        }

        /** Waits until {@code counts[index] >= target}: tasks that running threads have claimed. */
        private static void await(AtomicIntegerArray counts, int index, int target) {
            for (int spins = 0; counts.get(index) < target; spins++) {
                if (spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    /**
     * Few rows of C (RNN steps): packing B would cost about as much as the product, so full NR-wide
     * strips of B are read in place and only A (at most SMALL_M x KC) and a ragged last strip of B
     * are packed.
     */
    private static void unpackedB(boolean transA, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                                  double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, Workspace ws) {
        double[] ap = ws.aPack(Math.min(KC_IN_PLACE, k) * roundUp(m, MR));
        double[] edge = ws.bPack(Math.min(KC_IN_PLACE, k) * NR);
        int fullN = n / NR * NR;
        for (int pc = 0; pc < k; pc += KC_IN_PLACE) {
            int kc = Math.min(KC_IN_PLACE, k - pc);
            packA(transA, m, kc, a, aOff, lda, 0, pc, ap, ws);
            for (int j0 = 0; j0 < fullN; j0 += NR) {
                int bi = bOff + pc * ldb + j0;
                for (int i0 = 0; i0 < m; i0 += MR) {
                    int mr = Math.min(MR, m - i0);
                    int h = stripHeight(m - i0);
                    int ci = cOff + i0 * ldc + j0;
                    if (mr == h) {
                        microKernelInPlaceB(h, kc, ap, i0 * kc, b, bi, ldb, alpha, c, ci, ldc);
                    } else {
                        Arrays.fill(ws.tile, 0.0);
                        microKernelInPlaceB(h, kc, ap, i0 * kc, b, bi, ldb, 1.0, ws.tile, 0, NR);
                        addTile(mr, NR, alpha, ws.tile, c, ci, ldc);
                    }
                }
            }
            if (fullN < n) {
                packB(false, kc, n - fullN, b, bOff, ldb, pc, fullN, edge, 0, ws);
                macroKernel(m, n - fullN, kc, alpha, ap, edge, 0, kc * NR, c, cOff + fullN, ldc, ws.tile);
            }
        }
    }

    /**
     * op(B), k x n, packed once by {@link #pack}: strips of NR columns, each k deep and contiguous
     * (element (p, j) at {@code (j / NR) * k * NR + p * NR + j % NR}), the last one zero-padded. A
     * product reads any block of rows of a strip in place, so the layout does not fix the depth of
     * the blocks (see {@link #packedDepth}).
     */
    static final class Packed implements PackedDoubleMatrix {
        private final int k;
        private final int n;
        /** Never written after the constructor and never handed out, so the object is immutable. */
        private final double[] data;

        private Packed(int k, int n, double[] data) {
            this.k = k;
            this.n = n;
            this.data = data;
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
        public String provider() {
            return "vector";
        }

        @Override
        public String toString() {
            return "PackedDoubleMatrix[" + k + "x" + n + ", vector, strips of " + NR + "]";
        }
    }

    /** Packs op(B) (checked by the caller) into a new {@link Packed}. */
    static Packed pack(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        long size = (long) roundUp(n, NR) * k;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("pack: op(B) is " + k + "x" + n + ": " + size
                    + " elements once padded, more than an array holds");
        }
        double[] data = new double[(int) size];
        if (size > 0) {
            packB(transB, k, n, b, bOff, ldb, 0, 0, data, 0, WORKSPACE.get());
        }
        return new Packed(k, n, data);
    }

    /**
     * C = alpha * op(A) * B + beta * C with B packed (arguments checked by the caller). Split over
     * threads as {@link #gemm} splits; a column part starts at a strip boundary (a multiple of NR)
     * and reads its strips in place. The block depth does not depend on m, so every element is
     * computed the same way whatever the split.
     */
    static void gemm(boolean transA, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                     Packed b, double beta, double[] c, int cOff, int ldc, int threads) {
        if (m == 0 || n == 0) {
            return;
        }
        int kc = packedDepth(k);
        boolean splitRows = m >= n;
        int unit = splitRows ? MR : NR;
        int extent = splitRows ? m : n;
        int parts = threads == 1 || 2L * m * n * k < PARALLEL_FLOPS ? 1
                : Math.min(threads * PARTS_PER_THREAD, (extent + unit - 1) / unit);
        double[] bp = b.data;
        int stripStride = k * NR;
        if (parts == 1) {
            serialPacked(transA, m, n, k, kc, alpha, a, aOff, lda, bp, 0, stripStride, beta, c, cOff, ldc);
            return;
        }
        int chunk = roundUp((extent + parts - 1) / parts, unit);
        KernelPool.run(parts, threads, part -> {
            int from = part * chunk;
            int size = Math.min(chunk, extent - from);
            if (size <= 0) {
                return;
            }
            if (splitRows) {
                serialPacked(transA, size, n, k, kc, alpha, a, aOff + (transA ? from : from * lda), lda,
                        bp, 0, stripStride, beta, c, cOff + from * ldc, ldc);
            } else {
                serialPacked(transA, m, size, k, kc, alpha, a, aOff, lda,
                        bp, from / NR * stripStride, stripStride, beta, c, cOff + from, ldc);
            }
        });
    }

    /**
     * Depth of the blocks of a product by a packed B: KC for every m. Measured with JMH on one thread
     * (AVX-512, m = 8 to 64, n = 768 and 1024, two runs each, noise about 3 %): at k = 256 a mean of
     * 150 GFLOP/s with 256 (the whole k) against 139 with 128 and 141 with 192; at k = 384, 141 with
     * 256 against 140 with 192, 138 with 128 and 138 with the whole k. A depth that does not depend on
     * m leaves nothing for a split over threads to change.
     */
    private static int packedDepth(int k) {
        return Math.max(1, Math.min(KC, k));
    }

    /**
     * The BLIS loops over a packed B: NC columns, kc deep, then MC rows of A packed, then the
     * macro-kernel reading the strips of B in place ({@code stripStride} apart, each k deep).
     */
    private static void serialPacked(boolean transA, int m, int n, int k, int kc, double alpha,
                                     double[] a, int aOff, int lda, double[] bp, int bpOff, int stripStride,
                                     double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            DoubleGemv.scaleByBeta(n, beta, c, cOff + i * ldc);
        }
        if (alpha == 0.0 || k == 0) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        double[] ap = ws.aPack(Math.min(kc, k) * roundUp(Math.min(MC, m), MR));
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int bj = bpOff + jc / NR * stripStride;
            for (int pc = 0; pc < k; pc += kc) {
                int kcc = Math.min(kc, k - pc);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, mc, kcc, a, aOff, lda, ic, pc, ap, ws);
                    int j0 = 0;
                    if (mc == 1) {
                        // One row: four strips at once, so four streams of B are read together.
                        for (int bound = nc - 4 * NR; j0 <= bound; j0 += 4 * NR) {
                            microKernel1x4(kcc, ap, bp, bj + pc * NR + j0 / NR * stripStride, stripStride, alpha,
                                    c, cOff + ic * ldc + jc + j0);
                        }
                    }
                    macroKernel(mc, nc - j0, kcc, alpha, ap, bp, bj + pc * NR + j0 / NR * stripStride, stripStride,
                            c, cOff + ic * ldc + jc + j0, ldc, ws.tile);
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into strips of NR columns, each kc rows of NR, zero-padded, from
     * {@code bp[bpOff]} on.
     */
    private static void packB(boolean transB, int kc, int nc, double[] b, int bOff, int ldb, int pc, int jc,
                              double[] bp, int bpOff, Workspace ws) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            int strip = bpOff + j0 * kc;
            if (!transB && nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + j0;
                    int dst = strip + p * NR;
                    DoubleVector.fromArray(S, b, src).intoArray(bp, dst);
                    DoubleVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
                }
            } else if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + jc + j0;
                    int dst = strip + p * NR;
                    System.arraycopy(b, src, bp, dst, nr);
                    Arrays.fill(bp, dst + nr, dst + NR, 0.0);
                }
            } else if (nr == NR) {
                // Stored B is n x k: a gather reads one column p of L consecutive rows.
                int[] map = ws.rowGatherMap(ldb);
                int src = bOff + (jc + j0) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    int dst = strip + p * NR;
                    DoubleVector.fromArray(S, b, src + p, map, 0).intoArray(bp, dst);
                    DoubleVector.fromArray(S, b, src + L * ldb + p, map, 0).intoArray(bp, dst + L);
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
                        bp[strip + p * NR + j] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[ic:ic+mc, pc:pc+kc] into strips of MR rows stored column by column, zero-padded; a
     * last strip of at most 4 rows is packed 4 high, for the 4-row micro-kernel. Element (r, p) of a
     * strip is {@code r * rs + p * cs} from its start: rows of stored A when not transposed.
     */
    private static void packA(boolean transA, int mc, int kc, double[] a, int aOff, int lda, int ic, int pc,
                              double[] ap, Workspace ws) {
        int rs = transA ? 1 : lda;
        int cs = transA ? lda : 1;
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int mr = Math.min(MR, mc - i0);
            int h = stripHeight(mc - i0);
            int strip = i0 * kc;
            int src = aOff + (ic + i0) * rs + pc * cs;
            int p = 0;
            if (mr == MR && GATHER_COLUMNS > 0) {
                // One gather of L lanes reads GATHER_COLUMNS columns of the strip, already in packed
                // order (measured 0.3 ns per element against 0.45 to 0.6 for scalar copies).
                int[] map = ws.stripGatherMap(rs, cs);
                for (int bound = kc - GATHER_COLUMNS; p <= bound; p += GATHER_COLUMNS) {
                    DoubleVector.fromArray(S, a, src + p * cs, map, 0).intoArray(ap, strip + p * MR);
                }
            }
            for (; p < kc; p++) {
                int dst = strip + p * h;
                for (int r = 0; r < mr; r++) {
                    ap[dst + r] = a[src + r * rs + p * cs];
                }
                for (int r = mr; r < h; r++) {
                    ap[dst + r] = 0.0;
                }
            }
        }
    }

    /** Height of the packed strip for the rows left in a block: MR, or 4 when at most 4 rows are left. */
    private static int stripHeight(int rowsLeft) {
        return rowsLeft <= 4 ? 4 : MR;
    }

    /** C[0:mr, 0:nr] += alpha * tile, for an edge tile computed in full into {@code tile} (NR wide). */
    private static void addTile(int mr, int nr, double alpha, double[] tile, double[] c, int ci, int ldc) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                c[ci + r * ldc + j] = Math.fma(alpha, tile[r * NR + j], c[ci + r * ldc + j]);
            }
        }
    }

    /** The micro-kernel for a strip of height h (MR, or 4); MR is a constant, so C2 folds the test. */
    private static void microKernel(int h, int kc, double[] ap, int ai, double[] bp, int bi, double alpha,
                                    double[] c, int ci, int ldc) {
        if (MR == 8 && h == 8) {
            microKernel8(kc, ap, ai, bp, bi, alpha, c, ci, ldc);
        } else {
            microKernel4(kc, ap, ai, bp, bi, alpha, c, ci, ldc);
        }
    }

    /** {@link #microKernel} with B read in place, rows {@code ldb} apart. */
    private static void microKernelInPlaceB(int h, int kc, double[] ap, int ai, double[] b, int bi, int ldb,
                                            double alpha, double[] c, int ci, int ldc) {
        if (MR == 8 && h == 8) {
            microKernel8InPlaceB(kc, ap, ai, b, bi, ldb, alpha, c, ci, ldc);
        } else {
            microKernel4InPlaceB(kc, ap, ai, b, bi, ldb, alpha, c, ci, ldc);
        }
    }

    /**
     * Runs the micro-kernel over every tile of an mc x nc block of C; edge tiles go through
     * {@code tile}. Strip s of B (kc x NR) starts at {@code bpOff + s * stripStride}.
     */
    private static void macroKernel(int mc, int nc, int kc, double alpha, double[] ap, double[] bp, int bpOff,
                                    int stripStride, double[] c, int cOff, int ldc, double[] tile) {
        for (int j0 = 0, bi = bpOff; j0 < nc; j0 += NR, bi += stripStride) {
            int nr = Math.min(NR, nc - j0);
            for (int i0 = 0; i0 < mc; i0 += MR) {
                int mr = Math.min(MR, mc - i0);
                int h = stripHeight(mc - i0);
                int ci = cOff + i0 * ldc + j0;
                if (mr == h && nr == NR) {
                    microKernel(h, kc, ap, i0 * kc, bp, bi, alpha, c, ci, ldc);
                } else {
                    Arrays.fill(tile, 0.0);
                    microKernel(h, kc, ap, i0 * kc, bp, bi, 1.0, tile, 0, NR);
                    addTile(mr, nr, alpha, tile, c, ci, ldc);
                }
            }
        }
    }

    /**
     * C[0, 0:4 NR] += alpha * (packed A strip, row 0) * (four packed B strips, {@code stripStride}
     * apart): 8 vector accumulators; per k step 8 loads of B, one broadcast of A and 8 FMAs. Each
     * element is summed as {@link #microKernel4} sums it.
     */
    private static void microKernel1x4(int kc, double[] ap, double[] bp, int bi, int stripStride, double alpha,
                                       double[] c, int ci) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        int b1 = bi + stripStride;
        int b2 = b1 + stripStride;
        int b3 = b2 + stripStride;
        for (int p = 0; p < kc; p++) {
            DoubleVector a0 = DoubleVector.broadcast(S, ap[4 * p]);
            int o = p * NR;
            c00 = a0.fma(DoubleVector.fromArray(S, bp, bi + o), c00);
            c01 = a0.fma(DoubleVector.fromArray(S, bp, bi + o + L), c01);
            c10 = a0.fma(DoubleVector.fromArray(S, bp, b1 + o), c10);
            c11 = a0.fma(DoubleVector.fromArray(S, bp, b1 + o + L), c11);
            c20 = a0.fma(DoubleVector.fromArray(S, bp, b2 + o), c20);
            c21 = a0.fma(DoubleVector.fromArray(S, bp, b2 + o + L), c21);
            c30 = a0.fma(DoubleVector.fromArray(S, bp, b3 + o), c30);
            c31 = a0.fma(DoubleVector.fromArray(S, bp, b3 + o + L), c31);
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        c00.fma(va, DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.fma(va, DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c10.fma(va, DoubleVector.fromArray(S, c, ci + NR)).intoArray(c, ci + NR);
        c11.fma(va, DoubleVector.fromArray(S, c, ci + NR + L)).intoArray(c, ci + NR + L);
        c20.fma(va, DoubleVector.fromArray(S, c, ci + 2 * NR)).intoArray(c, ci + 2 * NR);
        c21.fma(va, DoubleVector.fromArray(S, c, ci + 2 * NR + L)).intoArray(c, ci + 2 * NR + L);
        c30.fma(va, DoubleVector.fromArray(S, c, ci + 3 * NR)).intoArray(c, ci + 3 * NR);
        c31.fma(va, DoubleVector.fromArray(S, c, ci + 3 * NR + L)).intoArray(c, ci + 3 * NR + L);
    }

    /**
     * C[0:4, 0:NR] += alpha * (packed A strip) * (packed B strip): 8 vector accumulators; per k
     * step two loads of B, 4 broadcasts of A and 8 FMAs.
     */
    private static void microKernel4(int kc, double[] ap, int ai, double[] bp, int bi, double alpha,
                                     double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            ai += 4;
            bi += NR;
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        c00.fma(va, DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.fma(va, DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c10.fma(va, DoubleVector.fromArray(S, c, ci + 1 * ldc)).intoArray(c, ci + 1 * ldc);
        c11.fma(va, DoubleVector.fromArray(S, c, ci + 1 * ldc + L)).intoArray(c, ci + 1 * ldc + L);
        c20.fma(va, DoubleVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c21.fma(va, DoubleVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
        c30.fma(va, DoubleVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c31.fma(va, DoubleVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
    }

    /**
     * As {@link #microKernel4}, but B is read in place, row p of the strip at {@code bi + p * ldb}: 8 vector accumulators; per k
     * step two loads of B, 4 broadcasts of A and 8 FMAs.
     */
    private static void microKernel4InPlaceB(int kc, double[] ap, int ai, double[] b, int bi, int ldb,
                                             double alpha,
                                     double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            ai += 4;
            bi += ldb;
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        c00.fma(va, DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.fma(va, DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c10.fma(va, DoubleVector.fromArray(S, c, ci + 1 * ldc)).intoArray(c, ci + 1 * ldc);
        c11.fma(va, DoubleVector.fromArray(S, c, ci + 1 * ldc + L)).intoArray(c, ci + 1 * ldc + L);
        c20.fma(va, DoubleVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c21.fma(va, DoubleVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
        c30.fma(va, DoubleVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c31.fma(va, DoubleVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
    }

    /**
     * C[0:8, 0:NR] += alpha * (packed A strip) * (packed B strip): 16 vector accumulators; per k
     * step two loads of B, 8 broadcasts of A and 16 FMAs.
     */
    private static void microKernel8(int kc, double[] ap, int ai, double[] bp, int bi, double alpha,
                                     double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S);
        DoubleVector c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S);
        DoubleVector c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S);
        DoubleVector c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S);
        DoubleVector c71 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            DoubleVector a6 = DoubleVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            DoubleVector a7 = DoubleVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
            ai += 8;
            bi += NR;
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        c00.fma(va, DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.fma(va, DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c10.fma(va, DoubleVector.fromArray(S, c, ci + 1 * ldc)).intoArray(c, ci + 1 * ldc);
        c11.fma(va, DoubleVector.fromArray(S, c, ci + 1 * ldc + L)).intoArray(c, ci + 1 * ldc + L);
        c20.fma(va, DoubleVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c21.fma(va, DoubleVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
        c30.fma(va, DoubleVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c31.fma(va, DoubleVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
        c40.fma(va, DoubleVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
        c41.fma(va, DoubleVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
        c50.fma(va, DoubleVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
        c51.fma(va, DoubleVector.fromArray(S, c, ci + 5 * ldc + L)).intoArray(c, ci + 5 * ldc + L);
        c60.fma(va, DoubleVector.fromArray(S, c, ci + 6 * ldc)).intoArray(c, ci + 6 * ldc);
        c61.fma(va, DoubleVector.fromArray(S, c, ci + 6 * ldc + L)).intoArray(c, ci + 6 * ldc + L);
        c70.fma(va, DoubleVector.fromArray(S, c, ci + 7 * ldc)).intoArray(c, ci + 7 * ldc);
        c71.fma(va, DoubleVector.fromArray(S, c, ci + 7 * ldc + L)).intoArray(c, ci + 7 * ldc + L);
    }

    /**
     * As {@link #microKernel8}, but B is read in place, row p of the strip at {@code bi + p * ldb}: 16 vector accumulators; per k
     * step two loads of B, 8 broadcasts of A and 16 FMAs.
     */
    private static void microKernel8InPlaceB(int kc, double[] ap, int ai, double[] b, int bi, int ldb,
                                             double alpha,
                                     double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S);
        DoubleVector c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S);
        DoubleVector c51 = DoubleVector.zero(S);
        DoubleVector c60 = DoubleVector.zero(S);
        DoubleVector c61 = DoubleVector.zero(S);
        DoubleVector c70 = DoubleVector.zero(S);
        DoubleVector c71 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + L);
            DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            DoubleVector a6 = DoubleVector.broadcast(S, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            DoubleVector a7 = DoubleVector.broadcast(S, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
            ai += 8;
            bi += ldb;
        }
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        c00.fma(va, DoubleVector.fromArray(S, c, ci)).intoArray(c, ci);
        c01.fma(va, DoubleVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
        c10.fma(va, DoubleVector.fromArray(S, c, ci + 1 * ldc)).intoArray(c, ci + 1 * ldc);
        c11.fma(va, DoubleVector.fromArray(S, c, ci + 1 * ldc + L)).intoArray(c, ci + 1 * ldc + L);
        c20.fma(va, DoubleVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
        c21.fma(va, DoubleVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
        c30.fma(va, DoubleVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
        c31.fma(va, DoubleVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
        c40.fma(va, DoubleVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
        c41.fma(va, DoubleVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
        c50.fma(va, DoubleVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
        c51.fma(va, DoubleVector.fromArray(S, c, ci + 5 * ldc + L)).intoArray(c, ci + 5 * ldc + L);
        c60.fma(va, DoubleVector.fromArray(S, c, ci + 6 * ldc)).intoArray(c, ci + 6 * ldc);
        c61.fma(va, DoubleVector.fromArray(S, c, ci + 6 * ldc + L)).intoArray(c, ci + 6 * ldc + L);
        c70.fma(va, DoubleVector.fromArray(S, c, ci + 7 * ldc)).intoArray(c, ci + 7 * ldc);
        c71.fma(va, DoubleVector.fromArray(S, c, ci + 7 * ldc + L)).intoArray(c, ci + 7 * ldc + L);
    }
}
