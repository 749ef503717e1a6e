package dev.vectorgrad.properties;

import dev.vectorgrad.properties.Cases.RowsCase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * Softmax and log-softmax rows. The vector implementation uses the Vector API's EXP and sums in a
 * different order, so it is compared with the scalar one within {@link Tolerances#softmaxBound}
 * ({@code 2 * (n + 5) * eps} relative, from 1-ulp exp and an n-term sum) and
 * {@link Tolerances#logSoftmaxBound} (absolute). Rows of 0..300 columns, values up to +-1e4,
 * in-place use, padded leading dimensions. For each implementation on its own: rows stay finite,
 * softmax rows lie in [0, 1] and sum to 1 within {@link Tolerances#rowSumTolerance}, log-softmax
 * is at most 0, and a row containing NaN gives NaN throughout.
 */
class SoftmaxPropertiesTest {

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

        private static final int EXAMPLES = 200;

        Properties(Precision<A> p) {
            super(p);
        }

        @Test
        void softmaxRows() {
            warmUp(WARMUP_CALLS, Cases.rows(), c -> softmax(vector, c, false));
            qt().withExamples(EXAMPLES).forAll(Cases.rows()).checkAssert(c -> {
                List<A> expected = softmax(scalar, c, false);
                List<A> actual = softmax(vector, c, false);
                assertClose("softmax", expected.get(1), actual.get(1), inMatrix(c.outOff(), c.rows(), c.cols(), c.ldo()),
                        i -> Tolerances.softmaxBound(p, c.cols(), p.get(expected.get(1), i)));
                assertInputUnchanged(c, expected, actual);
            });
        }

        @Test
        void logSoftmaxRows() {
            warmUp(WARMUP_CALLS, Cases.rows(), c -> softmax(vector, c, true));
            qt().withExamples(EXAMPLES).forAll(Cases.rows()).checkAssert(c -> {
                List<A> expected = softmax(scalar, c, true);
                List<A> actual = softmax(vector, c, true);
                assertClose("logSoftmax", expected.get(1), actual.get(1), inMatrix(c.outOff(), c.rows(), c.cols(), c.ldo()),
                        i -> Tolerances.logSoftmaxBound(p, c.cols(), p.get(expected.get(1), i)));
                assertInputUnchanged(c, expected, actual);
            });
        }

        @Test
        void rowsAreFiniteDistributions() {
            warmUp(WARMUP_CALLS, Cases.rows(), c -> {
                softmax(vector, c, false);
                softmax(vector, c, true);
            });
            qt().withExamples(EXAMPLES).forAll(Cases.rows()).checkAssert(c -> {
                for (Ops<A> kernels : List.of(scalar, vector)) {
                    String who = kernels == scalar ? "scalar" : "vector";
                    A x = c.arrays(p).getFirst();
                    A soft = softmax(kernels, c, false).get(1);
                    A log = softmax(kernels, c, true).get(1);
                    for (int r = 0; r < c.rows(); r++) {
                        int row = r;
                        boolean hasNaN = IntStream.range(0, c.cols()).anyMatch(j -> Double.isNaN(p.get(x, c.xIndex(row, j))));
                        double sum = 0;
                        for (int j = 0; j < c.cols(); j++) {
                            double s = p.get(soft, c.outIndex(r, j));
                            double l = p.get(log, c.outIndex(r, j));
                            String at = who + " row " + r + " column " + j + ": ";
                            if (hasNaN) {
                                assertTrue(Double.isNaN(s) && Double.isNaN(l), at + "row has NaN, but softmax " + s + ", log-softmax " + l);
                            } else {
                                assertTrue(s >= 0 && s <= 1, at + "softmax " + s + " not in [0, 1]");
                                assertTrue(l <= 0 && Double.isFinite(l), at + "log-softmax " + l + " not finite and <= 0");
                                sum += s;
                            }
                        }
                        if (!hasNaN && c.cols() > 0) {
                            assertEquals(1, sum, Tolerances.rowSumTolerance(p, c.cols()), who + " softmax row " + r + " sum");
                        }
                    }
                }
            });
        }

        /** Unless in place, neither implementation may write to x. */
        private void assertInputUnchanged(RowsCase c, List<A> expected, List<A> actual) {
            if (!c.inPlace()) {
                Tolerances.assertSameBits(p, "x", expected.getFirst(), actual.getFirst());
            }
        }

        /** Runs (log-)softmax on the case's arrays; returns {@code [x, out]}. */
        private List<A> softmax(Ops<A> kernels, RowsCase c, boolean log) {
            List<A> xo = c.arrays(p);
            if (log) {
                kernels.logSoftmaxRows(c.rows(), c.cols(), xo.get(0), c.xOff(), c.ldx(), xo.get(1), c.outOff(), c.ldo());
            } else {
                kernels.softmaxRows(c.rows(), c.cols(), xo.get(0), c.xOff(), c.ldx(), xo.get(1), c.outOff(), c.ldo());
            }
            return xo;
        }
    }
}
