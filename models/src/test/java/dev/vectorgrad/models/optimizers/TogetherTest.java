package dev.vectorgrad.models.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.losses.Loss;
import dev.vectorgrad.models.losses.Losses;
import dev.vectorgrad.models.metrics.Mean;
import dev.vectorgrad.models.metrics.Metric;
import dev.vectorgrad.models.metrics.Metrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Optimizers, losses and metrics by their Keras names driving the loop that {@code fit} runs (forward, loss,
 * backward, apply, running metrics) on problems with a known solution, in F32 as a model runs.
 */
class TogetherTest {

    @Test
    void adamAndMseFitALinearMap() {
        // y = x w* + b* with w* = [2, -3], b* = 0.5, 64 samples in batches of 16
        Tensor x = Tensor.uniform(DType.F32, -1, 1, 1, 64, 2);
        Tensor y = Tensor.zeros(DType.F32, 64, 1);
        for (int i = 0; i < 64; i++) {
            y.set(i, 2 * x.get(2 * i) - 3 * x.get(2 * i + 1) + 0.5);
        }
        Tensor w = Tensor.zeros(DType.F32, 2, 1).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.F32, 1).requiresGrad(true);
        Optimizer adam = Optimizers.get("adam").withLearningRate(0.05);
        adam.build(List.of(w, b));
        Loss mse = Losses.get("mse");
        Mean epochLoss = new Mean("loss");
        Metric mae = Metrics.get("mae", new int[] {16, 1}, new int[] {16, 1});
        for (int epoch = 0; epoch < 150; epoch++) {
            epochLoss.resetState();
            mae.resetState();
            for (int start = 0; start < 64; start += 16) {
                Tensor xb = rows(x, start, 16);
                Tensor yb = rows(y, start, 16);
                w.zeroGrad();
                b.zeroGrad();
                try (Tape tape = Tape.open()) {
                    Tensor pred = Ops.add(Ops.matmul(xb, w), b);
                    Tensor loss = mse.call(yb, pred);
                    tape.backward(loss);
                    epochLoss.update(loss.item(), 16);
                    mae.updateState(yb, pred);
                }
                adam.apply();
            }
        }
        assertEquals(600, adam.iterations());
        // Adam settles within about lr of the solution; the loss is then far below the data's variance (~4.6)
        assertEquals(2, w.get(0), 0.05);
        assertEquals(-3, w.get(1), 0.05);
        assertEquals(0.5, b.get(0), 0.05);
        assertTrue(epochLoss.result() < 1e-3, "loss " + epochLoss.result());
        assertTrue(mae.result() < 0.03, "mae " + mae.result());
    }

    @Test
    void rmspropAndSparseCrossentropyLearnSeparableClasses() {
        // class = which of 3 coordinates is largest: linearly separable through a softmax over x w
        Tensor x = Tensor.uniform(DType.F32, -1, 1, 2, 60, 3);
        Tensor ids = Tensor.zeros(DType.F32, 60);
        for (int i = 0; i < 60; i++) {
            int best = 0;
            for (int j = 1; j < 3; j++) {
                if (x.get(3 * i + j) > x.get(3 * i + best)) {
                    best = j;
                }
            }
            ids.set(i, best);
        }
        Tensor w = Tensor.zeros(DType.F32, 3, 3).requiresGrad(true);
        Optimizer rms = Optimizers.get("rmsprop").withLearningRate(0.01);
        rms.build(List.of(w));
        Loss loss = Losses.get("sparse_categorical_crossentropy");
        Metric accuracy = Metrics.get("accuracy", ids.shape(), new int[] {60, 3});
        assertEquals("accuracy", accuracy.name());
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 300; step++) {
            w.zeroGrad();
            accuracy.resetState();
            try (Tape tape = Tape.open()) {
                Tensor probabilities = Ops.softmax(Ops.matmul(x, w));
                Tensor l = loss.call(ids, probabilities);
                tape.backward(l);
                accuracy.updateState(ids, probabilities);
                last = l.item();
                first = step == 0 ? last : first;
            }
            rms.apply();
        }
        assertEquals(Math.log(3), first, 1e-6, "zero weights: uniform probabilities, loss ln 3");
        assertTrue(last < 0.3, "loss " + last);
        assertTrue(accuracy.result() >= 0.95, "accuracy " + accuracy.result());
    }

    private static Tensor rows(Tensor t, int start, int count) {
        int cols = t.dim(1);
        Tensor out = Tensor.zeros(t.dtype(), count, cols);
        for (int i = 0; i < count * cols; i++) {
            out.set(i, t.get(start * cols + i));
        }
        return out;
    }
}
