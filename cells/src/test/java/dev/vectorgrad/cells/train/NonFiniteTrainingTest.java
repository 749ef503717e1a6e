package dev.vectorgrad.cells.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.autograd.optim.Optimizer;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.train.TruncatedBptt.NonFinitePolicy;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.LinearOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The training policy for NaN and infinity: {@link TruncatedBptt} checks each chunk's loss and
 * gradients before updating, and by default stops with an {@link ArithmeticException} naming the
 * chunk, its steps and the value, leaving the parameters as after the previous chunk; with
 * {@link NonFinitePolicy#SKIP_CHUNK} it skips the chunk and goes on.
 */
class NonFiniteTrainingTest {

    static final int STEPS = 200;
    static final int CHUNK = 50;
    static final int BATCH = 2;
    static final int IN = 3;
    static final int HIDDEN = 8;

    /** An LSTM and a head with their optimizer, from fixed seeds. */
    record Model(Lstm lstm, Linear head, Optimizer optimizer) {
        static Model create() {
            Lstm lstm = new Lstm(IN, HIDDEN, RecurrentOptions.defaults().withSeed(11));
            Linear head = new Linear(HIDDEN, 1, LinearOptions.defaults().withSeed(12));
            List<Tensor> params = new ArrayList<>(lstm.parameters());
            params.addAll(head.parameters());
            return new Model(lstm, head, Adam.builder(0.01).build(params));
        }

        TruncatedBptt trainer(NonFinitePolicy policy) {
            return new TruncatedBptt(lstm, optimizer, CHUNK, 1.0, policy);
        }

        /** Predict the next value of the first input feature. */
        TruncatedBptt.ChunkLoss loss(Tensor input) {
            return (out, start, end) -> {
                Tensor y = head.forward(Shapes.reshape(out.output(), -1, HIDDEN));
                Tensor target = Tensor.zeros(DType.F32, (end - start) * BATCH, 1);
                for (int t = start; t < end; t++) {
                    for (int b = 0; b < BATCH; b++) {
                        target.set((t - start) * BATCH + b, Math.sin(0.1 * (t + 1) + b));
                    }
                }
                return Losses.mse(y, target);
            };
        }

        float[] snapshot() {
            List<Float> all = new ArrayList<>();
            for (Tensor p : optimizer.parameters()) {
                for (float v : p.dataF32()) {
                    all.add(v);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    static Tensor input(int steps) {
        Tensor x = Tensor.zeros(DType.F32, steps, BATCH, IN);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, Math.sin(0.1 * (i / (BATCH * IN)) + i % (BATCH * IN)));
        }
        return x;
    }

    static void assertBitwiseEqual(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + " element " + i);
        }
    }

    @Test
    void aNaNInTheInputStopsTrainingNamingTheChunkAndLeavesTheParametersAsAfterThePreviousChunk() {
        Tensor x = input(STEPS);
        x.set((120 * BATCH + 1) * IN + 2, Double.NaN); // step 120, in chunk 2 (steps [100, 150))
        Model m = Model.create();
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> m.trainer(NonFinitePolicy.THROW).run(x, null, m.loss(x)));
        for (String part : new String[] {"chunk 2", "steps [100, 150)", "the loss is NaN", "after chunk 1", "SKIP_CHUNK"}) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should mention '" + part + "'");
        }
        // The same model trained on the first two chunks alone.
        Model reference = Model.create();
        Tensor first = input(2 * CHUNK);
        reference.trainer(NonFinitePolicy.THROW).run(first, null, reference.loss(first));
        assertBitwiseEqual(reference.snapshot(), m.snapshot(), "parameters after the failed run");
        for (Tensor p : m.optimizer().parameters()) {
            assertEquals(null, p.grad(), "gradients are cleared");
        }
        assertEquals(null, Tape.recording(), "the run's tape is closed");
    }

    @Test
    void aNaNWeightStopsTrainingAtTheFirstChunk() {
        Model m = Model.create();
        m.lstm().weights(0, 0).weightHh().set(5, Double.NaN);
        Tensor x = input(STEPS);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> m.trainer(NonFinitePolicy.THROW).run(x, null, m.loss(x)));
        assertTrue(e.getMessage().contains("chunk 0 (steps [0, 50)): the loss is NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("before the run"), e.getMessage());
    }

    @Test
    void aNonFiniteGradientWithAFiniteLossIsNamedByParameter() {
        Model m = Model.create();
        Tensor x = input(STEPS);
        TruncatedBptt.ChunkLoss mse = m.loss(x);
        // A loss whose value is finite but whose backward sends an infinite gradient into the output.
        TruncatedBptt.ChunkLoss poisoned = (out, start, end) -> {
            Tensor o = out.output();
            Tensor copy = o.zerosLike();
            System.arraycopy(o.dataF32(), 0, copy.dataF32(), 0, o.size());
            Tensor same = Tape.record("poison", new Tensor[] {o}, copy, (g, gi) -> {
                for (int i = 0; i < gi[0].size(); i++) {
                    gi[0].set(i, gi[0].get(i) + g[0].get(i));
                }
                gi[0].set(0, Double.POSITIVE_INFINITY);
            });
            return mse.loss(new dev.vectorgrad.cells.SequenceOutput(same, out.state()), start, end);
        };
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> m.trainer(NonFinitePolicy.THROW).run(x, null, poisoned));
        assertTrue(e.getMessage().contains("chunk 0"), e.getMessage());
        assertTrue(e.getMessage().matches(".*the gradient of (weight|bias)_(ih|hh)_l0 \\[\\d+(, \\d+)?] holds (NaN|-?Infinity)"
                + " at element \\d+.*"), e.getMessage());
    }

    @Test
    void skipChunkSkipsTheBadChunkAndTrainsOn() {
        Tensor x = input(STEPS);
        x.set((120 * BATCH + 1) * IN + 2, Double.NaN);
        Model m = Model.create();
        TruncatedBptt.Result result = m.trainer(NonFinitePolicy.SKIP_CHUNK).run(x, null, m.loss(x));
        assertEquals(List.of(2), result.skippedChunks());
        assertEquals(4, result.losses().size());
        assertTrue(Double.isNaN(result.losses().get(2)));
        for (int chunk : new int[] {0, 1, 3}) {
            assertTrue(Double.isFinite(result.losses().get(chunk)), "chunk " + chunk + ": " + result.losses().get(chunk));
        }
        for (float v : m.snapshot()) {
            assertTrue(Float.isFinite(v), "parameters stay finite");
        }
        for (float v : result.finalState().h().dataF32()) {
            assertTrue(Float.isFinite(v), "the carried state skips the bad chunk");
        }
        // A clean run skips nothing.
        Model clean = Model.create();
        Tensor good = input(STEPS);
        assertEquals(List.of(), clean.trainer(NonFinitePolicy.SKIP_CHUNK).run(good, null, clean.loss(good)).skippedChunks());
    }
}
