package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Guards exact boundaries and messages of ops and the tape: mixed dtypes are rejected by
 * {@code mse} and {@code concat} with an error naming both; a cross-entropy target equal to the
 * class count is out of range; matmul's mismatch message says which operand was transposed;
 * dropout drops an element exactly when its draw is below {@code p}; reshape accepts zero-sized
 * dimensions and at most one {@code -1}; the tape's stale-tensor message says whether it was reset or
 * closed; and {@code reset} is confined to the tape's thread.
 */
class OpBoundariesAndMessagesTest {

    @Test
    void mseRejectsMixedDtypesNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.mse(Tensor.zeros(DType.F32, 2), Tensor.zeros(DType.F64, 2)));
        assertEquals("mse: dtypes differ: F32 [2] and F64 [2]", e.getMessage());
    }

    @Test
    void concatRejectsMixedDtypesNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shapes.concat(0, Tensor.zeros(DType.F64, 2, 3), Tensor.zeros(DType.F32, 1, 3)));
        assertEquals("concat: dtypes differ: F64 [2, 3] and F32 [1, 3]", e.getMessage());
    }

    @Test
    void crossEntropyTargetEqualToTheClassCountIsOutOfRange() {
        Tensor logits = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Losses.crossEntropy(logits, new int[] {3, 0}));
        assertEquals("crossEntropy: target 3 at row 0 is outside [0, 3)", e.getMessage());
        // the largest valid target: loss = logsumexp(0, 1, 2) - 2 for row 0, logsumexp(3, 4, 5) - 5 for row 1
        double lse = Math.log(1 + Math.exp(1) + Math.exp(2));
        double want = ((lse - 2) + (lse - 2)) / 2; // row 1 is row 0 shifted by 3
        assertEquals(want, Losses.crossEntropy(logits, new int[] {2, 2}).item(), 1e-15);
    }

    @Test
    void matmulMismatchSaysWhichOperandIsTransposed() {
        Tensor a = Tensor.zeros(DType.F64, 2, 3);
        IllegalArgumentException ta = assertThrows(IllegalArgumentException.class,
                () -> Ops.matmul(a, Tensor.zeros(DType.F64, 3, 4), true, false));
        assertEquals("matmul: A is 2x3 (transposed), B is 3x4: inner dimensions 2 != 3", ta.getMessage());
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> Ops.matmul(a, Tensor.zeros(DType.F64, 2, 4)));
        assertEquals("matmul: A is 2x3, B is 2x4: inner dimensions 3 != 2", plain.getMessage());
    }

    /** A generator that returns the given doubles in turn (nextDouble in [0, 1) may return p itself). */
    private static RandomGenerator draws(double... values) {
        return new RandomGenerator() {
            private int next;

            @Override
            public double nextDouble() {
                return values[next++];
            }

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void dropoutDropsExactlyTheElementsWhoseDrawIsBelowP() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5}, 5);
        // p = 0.5: drawn u < 0.5 drops (probability exactly p for u uniform on [0, 1)); kept ones scale by 2
        Tensor y = Ops.dropout(x, 0.5, true, draws(0.5, Math.nextDown(0.5), 0.0, 0.75, Math.nextUp(0.5)));
        assertArrayEquals(new double[] {2, 0, 0, 8, 10}, y.toDoubleArray());
    }

    @Test
    void reshapeAcceptsZeroSizedDimensions() {
        Tensor empty = Tensor.zeros(DType.F64, 0, 3);
        assertArrayEquals(new int[] {3, 0}, Shapes.reshape(empty, 3, 0).shape());
        assertArrayEquals(new int[] {0}, Shapes.reshape(empty, 0).shape());
        assertArrayEquals(new int[] {2, 0, 5}, Shapes.reshape(Tensor.zeros(DType.F32, 10, 0), 2, 0, 5).shape());
    }

    @Test
    void reshapeSharesTheElementsButNotTheGradient() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = Shapes.reshape(x, 3, 2);
            assertTrue(y.dataF32() == x.dataF32(), "a view: the same element array, nothing copied");
            assertArrayEquals(new int[] {3, 2}, y.shape());
            assertArrayEquals(new int[] {2, 3}, x.shape(), "x keeps its own shape");
            // x used twice, once through the view: d/dx of sum(y * c) + sum(x) is c (row-major) + 1
            Tensor c = Tensor.of(new float[] {10, 20, 30, 40, 50, 60}, 3, 2);
            tape.backward(Ops.add(Ops.sum(Ops.mul(y, c)), Ops.sum(x)));
        }
        assertArrayEquals(new float[] {11, 21, 31, 41, 51, 61}, x.grad().dataF32());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, x.dataF32(), "the backward pass leaves the elements alone");
    }

    @Test
    void reshapeAllowsOneInferredDimensionOnly() {
        Tensor x = Tensor.zeros(DType.F64, 2, 3);
        assertArrayEquals(new int[] {6, 1}, Shapes.reshape(x, -1, 1).shape());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> Shapes.reshape(x, -1, -1));
        assertEquals("reshape: bad target shape [-1, -1] (one -1 at most, no other negative sizes)", two.getMessage());
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> Shapes.reshape(x, 3, -2));
        assertEquals("reshape: bad target shape [3, -2] (one -1 at most, no other negative sizes)", neg.getMessage());
    }

    @Test
    void staleTensorMessageSaysResetAfterAReset() {
        Tensor w = Tensor.of(new double[] {0.5}, 1).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor h = Ops.tanh(w);
            tape.reset();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ops.add(h, w));
            assertTrue(e.getMessage().contains("has since been reset;"), e.getMessage());
        }
    }

    @Test
    void staleTensorMessageSaysClosedAfterAClose() {
        Tensor w = Tensor.of(new double[] {0.5}, 1).requiresGrad(true);
        Tensor h;
        try (Tape tape = Tape.open()) {
            h = Ops.tanh(w);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ops.add(h, w));
        assertEquals("add: tensor [1] was recorded on a tape that has since been closed;"
                + " detach() tensors before reset() to carry their values across", e.getMessage());
    }

    @Test
    void resetFromAnotherThreadIsRejectedAndLeavesTheTapeIntact() throws Exception {
        Tensor w = Tensor.of(new double[] {2.0}, 1).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = Ops.mul(w, w);
            String owner = Thread.currentThread().getName();
            ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "intruder"));
            try {
                Future<?> f = other.submit(tape::reset);
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
                assertEquals("reset: this tape belongs to thread '" + owner + "', not 'intruder' (tapes are thread-confined)",
                        e.getCause().getMessage());
            } finally {
                other.shutdown();
            }
            assertEquals(1, tape.size());
            tape.backward(Ops.sum(y));
            assertEquals(4.0, w.grad().item()); // d(w^2)/dw = 2w
        }
    }
}
