package dev.vectorgrad.cells.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.LinearOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The same seeds and kernel thread count give a bitwise-identical training run: two runs of a
 * two-layer LSTM with dropout between the layers, a linear head, Adam and gradient clipping, over
 * products large enough to be split over the kernel threads, end with the same losses and the same
 * parameters and state, bit for bit. The first run starts while the JIT is still compiling, the
 * second with compiled code.
 */
class DeterministicTrainingTest {

    static final int STEPS = 192;
    static final int CHUNK = 32;
    static final int BATCH = 16;
    static final int IN = 64;
    static final int HIDDEN = 128;
    static final int CLASSES = 10;

    record Run(List<Double> losses, List<float[]> parameters, float[] state) {
    }

    static Run train() {
        Lstm lstm = new Lstm(IN, HIDDEN, RecurrentOptions.defaults().withLayers(2).withDropout(0.2).withSeed(31));
        Linear head = new Linear(HIDDEN, CLASSES, LinearOptions.defaults().withSeed(32));
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        TruncatedBptt trainer = new TruncatedBptt(lstm, Adam.builder(3e-3).build(params), CHUNK, 0.5);
        Tensor x = Tensor.uniform(DType.F32, -1, 1, 33, STEPS, BATCH, IN);
        int[] labels = new SplittableRandom(34).ints(STEPS * BATCH, 0, CLASSES).toArray();
        TruncatedBptt.Result result = trainer.run(x, null, (out, start, end) -> {
            Tensor logits = head.forward(Shapes.reshape(out.output(), -1, HIDDEN));
            int[] targets = java.util.Arrays.copyOfRange(labels, start * BATCH, end * BATCH);
            return Losses.crossEntropy(logits, targets);
        });
        List<float[]> values = new ArrayList<>();
        for (Tensor p : params) {
            values.add(p.dataF32().clone());
        }
        return new Run(result.losses(), values, result.finalState().h().dataF32().clone());
    }

    @Test
    void twoRunsWithTheSameSeedsAndThreadCountAreBitwiseIdentical() {
        assertTrue(2L * CHUNK * BATCH * 4 * HIDDEN * IN >= 1L << 24, "the input projection is split over threads");
        Run first = train();
        Run second = train();
        System.out.println("deterministic training: " + first.losses().size() + " chunks, kernel threads "
                + Kernels.provider().threads() + ", losses " + first.losses());
        assertEquals(first.losses().size(), second.losses().size());
        for (int i = 0; i < first.losses().size(); i++) {
            assertEquals(Double.doubleToRawLongBits(first.losses().get(i)), Double.doubleToRawLongBits(second.losses().get(i)),
                    "loss of chunk " + i + ": " + first.losses().get(i) + " vs " + second.losses().get(i));
        }
        for (int p = 0; p < first.parameters().size(); p++) {
            assertBits(first.parameters().get(p), second.parameters().get(p), "parameter " + p);
        }
        assertBits(first.state(), second.state(), "final state");
    }

    private static void assertBits(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                throw new AssertionError(what + " differs at element " + i + ": " + a[i] + " vs " + b[i]);
            }
        }
    }
}
