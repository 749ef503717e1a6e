package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.properties.Cases.GemmArrays;
import dev.vectorgrad.properties.Cases.GemmCase;
import dev.vectorgrad.properties.Cases.GemvArrays;
import dev.vectorgrad.properties.Cases.GemvCase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * GEMM and GEMV, vector against scalar. GEMM (all four transpose combinations) and GEMV without
 * transpose sum in a different order in the vector implementation (packed panels and register
 * tiles, lane-wise dot products), so each element is compared within {@link Tolerances#gemmBound}:
 * {@code 2 * (k + 2) * eps * (|alpha| * sum_p |a_ip b_pj| + |beta c_ij|)} plus a subnormal floor,
 * with the sum of absolute products computed in double. GEMV with transA applies the same axpy
 * per row of A in the same order in both, so it is exact. Sizes 0..300 (GEMM work capped at 2e6
 * multiply-adds per case), plus shapes across the GEMM blocking; alpha and beta include 0 and 1,
 * and when beta is 0 the output starts as NaN, which must not leak into the result. GEMM split
 * over 2 to 4 threads gives the same bits as one thread (the split is fixed, and each element is
 * computed the same way whatever the split). GEMM by a packed B (pack, then gemm) is checked the same
 * way against the scalar unpacked product, over the same cases plus RNN-step shapes, and the scalar
 * kernels' packed product gives the same bits as their unpacked one.
 */
class GemmPropertiesTest {

    @Nested
    class Float32 extends Properties<float[]> {
        Float32() {
            super(Precision.F32);
        }
    }

    @Nested
    class Float64 extends Properties<double[]> {
        Float64() {
            super(Precision.F64);
        }
    }

    abstract static class Properties<A> extends KernelProperties<A> {

        Properties(Precision<A> p) {
            super(p);
        }

        @Test
        void gemm() {
            Gen<GemmCase> cases = Cases.gemms(p, Cases.gemmShapes());
            warmUp(20, cases, g -> gemm(vector, g));
            qt().withExamples(100).forAll(cases).checkAssert(this::assertGemm);
        }

        @Test
        void gemmAcrossBlockBoundaries() {
            Gen<GemmCase> cases = Cases.gemms(p, Cases.gemmBlockEdgeShapes());
            warmUp(10, cases, g -> gemm(vector, g));
            qt().withExamples(30).forAll(cases).checkAssert(this::assertGemm);
        }

        @Test
        void threadedGemmEqualsOneThreadBitForBit() {
            Gen<GemmCase> cases = Cases.gemms(p, Cases.gemmParallelShapes());
            Ops<A> oneThread = p.ops(Kernels.vector().withThreads(1));
            warmUp(5, cases, g -> gemm(vector, g));
            qt().withExamples(12).forAll(cases, integers().between(2, 4)).checkAssert((g, threads) -> {
                GemmArrays<A> single = gemm(oneThread, g);
                GemmArrays<A> threaded = gemm(p.ops(Kernels.vector().withThreads(threads)), g);
                Tolerances.assertSameBits(p, "C with " + threads + " threads vs 1", single.c(), threaded.c());
                assertGemm(g);
            });
        }

        @Test
        void packedGemm() {
            Gen<GemmCase> cases = Cases.gemms(p, Cases.gemmShapes());
            warmUp(20, cases, g -> packedGemm(vector, g));
            qt().withExamples(100).forAll(cases).checkAssert(this::assertPackedGemm);
        }

        @Test
        void packedGemmAcrossBlockBoundaries() {
            Gen<GemmCase> cases = Cases.gemms(p, Cases.packedGemmEdgeShapes());
            warmUp(10, cases, g -> packedGemm(vector, g));
            qt().withExamples(40).forAll(cases).checkAssert(this::assertPackedGemm);
        }

        @Test
        void threadedPackedGemmEqualsOneThreadBitForBit() {
            Gen<GemmCase> cases = Cases.gemms(p, Cases.gemmParallelShapes());
            Ops<A> oneThread = p.ops(Kernels.vector().withThreads(1));
            warmUp(5, cases, g -> packedGemm(vector, g));
            qt().withExamples(12).forAll(cases, integers().between(2, 4)).checkAssert((g, threads) -> {
                GemmArrays<A> single = packedGemm(vector, oneThread, g);
                GemmArrays<A> threaded = packedGemm(vector, p.ops(Kernels.vector().withThreads(threads)), g);
                Tolerances.assertSameBits(p, "C with " + threads + " threads vs 1", single.c(), threaded.c());
                assertGemm(g, threaded);
            });
        }

        @Test
        void gemvTransposedIsExact() {
            warmUp(WARMUP_CALLS, Cases.gemvs(p, true), g -> gemv(vector, g));
            qt().withExamples(200).forAll(Cases.gemvs(p, true)).checkAssert(g -> {
                GemvArrays<A> expected = gemv(scalar, g);
                GemvArrays<A> actual = gemv(vector, g);
                Tolerances.assertSameBits(p, "y", expected.y(), actual.y());
                assertNoLeakedNaN(g.beta(), actual.y(), g.yOff(), g.yLength());
            });
        }

        @Test
        void gemv() {
            warmUp(WARMUP_CALLS, Cases.gemvs(p, false), g -> gemv(vector, g));
            qt().withExamples(200).forAll(Cases.gemvs(p, false)).checkAssert(g -> {
                GemvArrays<A> original = g.arrays(p);
                GemvArrays<A> expected = gemv(scalar, g);
                GemvArrays<A> actual = gemv(vector, g);
                assertNoLeakedNaN(g.beta(), expected.y(), g.yOff(), g.yLength());
                assertNoLeakedNaN(g.beta(), actual.y(), g.yOff(), g.yLength());
                assertClose("y", expected.y(), actual.y(), inMatrix(g.yOff(), 1, g.yLength(), Math.max(1, g.yLength())), i -> {
                    int row = i - g.yOff();
                    double abs = 0;
                    for (int j = 0; j < g.n(); j++) {
                        abs += Math.abs(p.get(original.a(), g.aOff() + row * g.lda() + j) * p.get(original.x(), g.xOff() + j));
                    }
                    return Tolerances.gemmBound(p, g.n(), Math.abs(g.alpha()) * abs + betaTerm(g.beta(), original.y(), i));
                });
            });
        }

        private GemvArrays<A> gemv(Ops<A> kernels, GemvCase g) {
            GemvArrays<A> x = g.arrays(p);
            kernels.gemv(g.transA(), g.m(), g.n(), g.alpha(), x.a(), g.aOff(), g.lda(), x.x(), g.xOff(),
                    g.beta(), x.y(), g.yOff());
            return x;
        }

        private void assertGemm(GemmCase g) {
            assertGemm(g, gemm(vector, g));
        }

        /**
         * GEMM by a packed B: the vector kernels within the bound of the scalar reference (the
         * unpacked product), and the scalar kernels' packed product the same bits as their unpacked one.
         */
        private void assertPackedGemm(GemmCase g) {
            Tolerances.assertSameBits(p, "scalar C, packed vs unpacked", gemm(scalar, g).c(), packedGemm(scalar, g).c());
            assertGemm(g, packedGemm(vector, g));
        }

        private void assertGemm(GemmCase g, GemmArrays<A> actual) {
            GemmArrays<A> original = g.arrays(p);
            GemmArrays<A> expected = gemm(scalar, g);
            for (int i = 0; i < g.m(); i++) {
                assertNoLeakedNaN(g.beta(), expected.c(), g.cIndex(i, 0), g.n());
                assertNoLeakedNaN(g.beta(), actual.c(), g.cIndex(i, 0), g.n());
            }
            assertClose("C", expected.c(), actual.c(), inMatrix(g.cOff(), g.m(), g.n(), g.ldc()),
                    idx -> {
                        int i = (idx - g.cOff()) / g.ldc();
                        int j = (idx - g.cOff()) % g.ldc();
                        double abs = 0;
                        for (int q = 0; q < g.k(); q++) {
                            abs += Math.abs(p.get(original.a(), g.aIndex(i, q)) * p.get(original.b(), g.bIndex(q, j)));
                        }
                        return Tolerances.gemmBound(p, g.k(), Math.abs(g.alpha()) * abs + betaTerm(g.beta(), original.c(), idx));
                    });
        }

        /** The case's product with op(B) packed first (by the same kernels). */
        private GemmArrays<A> packedGemm(Ops<A> kernels, GemmCase g) {
            return packedGemm(kernels, kernels, g);
        }

        private GemmArrays<A> packedGemm(Ops<A> packer, Ops<A> kernels, GemmCase g) {
            GemmArrays<A> x = g.arrays(p);
            Object packed = packer.pack(g.transB(), g.k(), g.n(), x.b(), g.bOff(), g.ldb());
            kernels.gemm(g.transA(), g.m(), g.n(), g.k(), g.alpha(), x.a(), g.aOff(), g.lda(), packed,
                    g.beta(), x.c(), g.cOff(), g.ldc());
            return x;
        }

        private GemmArrays<A> gemm(Ops<A> kernels, GemmCase g) {
            GemmArrays<A> x = g.arrays(p);
            kernels.gemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), g.alpha(), x.a(), g.aOff(), g.lda(),
                    x.b(), g.bOff(), g.ldb(), g.beta(), x.c(), g.cOff(), g.ldc());
            return x;
        }

        /** |beta * c|, or 0 when beta is 0 (c is then NaN and must not be read). */
        private double betaTerm(double beta, A c, int index) {
            return beta == 0 ? 0 : Math.abs(beta * p.get(c, index));
        }

        /** With beta == 0 the output started as NaN; with finite A and B none may remain. */
        private void assertNoLeakedNaN(double beta, A out, int from, int length) {
            if (beta == 0) {
                for (int i = from; i < from + length; i++) {
                    assertFalse(Double.isNaN(p.get(out, i)), "beta = 0, but the NaN in the output at " + i + " leaked through");
                }
            }
        }
    }
}
