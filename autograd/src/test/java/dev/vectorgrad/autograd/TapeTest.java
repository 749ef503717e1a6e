package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.internal.Compute;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TapeTest {

    @Test
    void backwardThroughASmallGraphGivesHandDerivedGradients() {
        // f(x, w) = sum(tanh(x * w)) with scalars: df/dw = x (1 - tanh^2(xw)), df/dx = w (1 - tanh^2(xw))
        Tensor x = Tensor.of(new double[] {0.3}, 1).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {-1.7}, 1).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor f = Ops.sum(Ops.tanh(Ops.mul(x, w)));
            assertEquals(3, tape.size());
            tape.backward(f);
        }
        double t = Math.tanh(0.3 * -1.7);
        assertEquals(0.3 * (1 - t * t), w.grad().item(), 1e-15);
        assertEquals(-1.7 * (1 - t * t), x.grad().item(), 1e-15);
    }

    @Test
    void gradientsAccumulateUntilZeroedAndFanOutAdds() {
        Tensor x = Tensor.of(new double[] {2, 3}, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            // y = sum(x * x + x): dy/dx = 2x + 1, x used three times
            Tensor y = Ops.sum(Ops.add(Ops.mul(x, x), x));
            tape.backward(y);
            assertArrayEquals(new double[] {5, 7}, x.grad().toDoubleArray());
            tape.backward(y);
            assertArrayEquals(new double[] {10, 14}, x.grad().toDoubleArray());
        }
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void chainOf200000OpsBackpropagatesWithoutRecursion() {
        int steps = 200_000;
        Tensor x = Tensor.of(new double[] {1.0}, 1).requiresGrad(true);
        double factor = 1.0 + 1e-6;
        try (Tape tape = Tape.open()) {
            Tensor y = x;
            for (int i = 0; i < steps; i++) {
                y = Ops.scale(y, factor);
            }
            assertEquals(steps, tape.size());
            tape.backward(Ops.sum(y));
        }
        // d/dx factor^steps x = factor^steps
        assertEquals(Math.pow(factor, steps), x.grad().item(), 1e-9);
    }

    @Test
    void noGradScopeRecordsNothing() {
        Tensor w = Tensor.ones(DType.F32, 2, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y;
            try (Tape.NoGrad ignored = Tape.noGrad()) {
                y = Ops.tanh(Ops.matmul(w, w));
                assertNull(Tape.recording());
            }
            assertEquals(0, tape.size());
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
            Ops.tanh(w);
            assertEquals(1, tape.size());
        }
    }

    @Test
    void willRecordAgreesWithWhatRecordDoes() {
        Tensor w = Tensor.ones(DType.F32, 2).requiresGrad(true);
        Tensor constant = Tensor.ones(DType.F32, 2);
        assertFalse(Tape.willRecord(w), "no tape open");
        try (Tape tape = Tape.open()) {
            assertTrue(Tape.willRecord(constant, w));
            assertFalse(Tape.willRecord(constant), "no input requires a gradient");
            try (Tape.NoGrad ignored = Tape.noGrad()) {
                assertFalse(Tape.willRecord(w), "no-grad scope");
            }
            Tensor y = Ops.tanh(w);
            assertTrue(Tape.willRecord(y), "an op's output on the tape");
            int before = tape.size();
            Tape.record("custom", new Tensor[] {y}, Tensor.zeros(DType.F32, 2), (g, gi) -> { });
            assertEquals(before + 1, tape.size());
        }
    }

    @Test
    void opsWithoutAnOpenTapeOnlyCompute() {
        Tensor w = Tensor.ones(DType.F64, 3).requiresGrad(true);
        Tensor y = Ops.sum(w);
        assertEquals(3.0, y.item());
        assertTrue(y.isLeaf());
        assertFalse(y.requiresGrad());
    }

    @Test
    void resetTapeIsReusableAndStaleTensorsAreRejected() {
        Tensor w = Tensor.of(new double[] {0.5, -0.5}, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor h = Ops.tanh(w);
            Tensor carried = h.detach();
            tape.reset();
            assertEquals(0, tape.size());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Ops.add(h, w));
            assertTrue(e.getMessage().contains("reset"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> tape.backward(Ops.sum(h)));
            // the detached copy carries the value onto the reused tape
            tape.backward(Ops.sum(Ops.mul(carried, w)));
            assertArrayEquals(carried.toDoubleArray(), w.grad().toDoubleArray());
        }
    }

    @Test
    void backwardOfANonScalarNeedsAnUpstreamGradient() {
        Tensor w = Tensor.ones(DType.F64, 2, 3).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = Ops.tanh(w);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.backward(y));
            assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("upstream"), e.getMessage());
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> tape.backward(y, Tensor.ones(DType.F64, 3, 2)));
            assertTrue(wrong.getMessage().contains("[3, 2]"), wrong.getMessage());
            tape.backward(y, Tensor.full(DType.F64, 2.0, 2, 3));
            double t = Math.tanh(1.0);
            assertEquals(2 * (1 - t * t), w.grad().get(4), 1e-15);
        }
    }

    @Test
    void tapeIsConfinedToItsThread() throws Exception {
        Tensor w = Tensor.ones(DType.F64, 1).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = Ops.sum(w);
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<?> f = other.submit(() -> tape.backward(y));
                Exception e = assertThrows(Exception.class, f::get);
                assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
                assertTrue(e.getCause().getMessage().contains("thread-confined"));
            } finally {
                other.shutdown();
            }
        }
    }

    @Test
    void independentTapesOnSeveralThreadsRunAtOnceAndAgree() throws Exception {
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return trainStepGradient();
                }));
            }
            double[] expected = trainStepGradient();
            for (Future<double[]> r : results) {
                assertArrayEquals(expected, r.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Many steps of a small network on its own tape; returns the accumulated gradient of w. */
    private static double[] trainStepGradient() {
        Tensor w = Tensor.uniform(DType.F64, -1, 1, 7, 8, 8).requiresGrad(true);
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 8, 4, 8);
        try (Tape tape = Tape.open()) {
            for (int i = 0; i < 200; i++) {
                Tensor h = x;
                for (int layer = 0; layer < 3; layer++) {
                    h = Ops.tanh(Ops.matmul(h, w));
                }
                tape.backward(Ops.mean(h));
                tape.reset();
            }
        }
        return w.grad().toDoubleArray();
    }

    @Test
    void tapesNestAndMustCloseInnermostFirst() {
        Tensor w = Tensor.ones(DType.F64, 1).requiresGrad(true);
        Tape outer = Tape.open();
        Tape inner = Tape.open();
        Ops.sum(w);
        assertEquals(1, inner.size());
        assertEquals(0, outer.size());
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        Ops.sum(w);
        assertEquals(1, outer.size());
        outer.close();
        assertNull(Tape.recording());
    }

    @Test
    void opsInsideACustomBackwardAreNotRecorded() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {3, 4}, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor product;
            try (Tape.NoGrad ignored = Tape.noGrad()) {
                product = Ops.mul(x, w);
            }
            Tensor y = Tape.record("customMul", new Tensor[] {x, w}, product, (g, gi) -> {
                Compute.addInto(gi[0], Ops.mul(g[0], w)); // an op on a tensor that requires a gradient
                Compute.addInto(gi[1], Ops.mul(g[0], x));
            });
            Tensor s = Ops.sum(y);
            assertEquals(2, tape.size());
            tape.backward(s);
            tape.backward(s);
            assertEquals(2, tape.size(), "backward must not record the ops its backward functions run");
            assertNotNull(Tape.recording(), "recording resumes after backward");
        }
        assertArrayEquals(new double[] {6, 8}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {2, 4}, w.grad().toDoubleArray());
    }

    @Test
    void toStringShowsDtypeShapeAndFirstValues() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        assertEquals("Tensor(F32 [2, 4] [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, ... (8 values)])", t.toString());
    }
}
