package dev.vectorgrad.cells.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Optimizer;
import dev.vectorgrad.autograd.optim.Sgd;
import dev.vectorgrad.cells.CellState;
import dev.vectorgrad.cells.Nonlinearity;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.Rnn;
import dev.vectorgrad.cells.train.TruncatedBptt.NonFinitePolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link TruncatedBptt}'s bookkeeping: the argument boundaries (chunk length 1 and zero
 * steps are valid, a max gradient norm of 0 is not), gradient clipping actually limiting the
 * update, the clearing of a rejected chunk's gradients (so they do not accumulate into the next
 * chunk) and of its tape (each chunk starts on an empty tape), and the naming of a non-finite
 * gradient of an optimizer parameter the layer does not own.
 */
class TruncatedBpttBookkeepingTest {

    private static final int IN = 2;
    private static final int HIDDEN = 3;
    private static final int BATCH = 2;

    private static Rnn rnn() {
        return new Rnn(IN, HIDDEN, Nonlinearity.TANH, RecurrentOptions.defaults().withDType(DType.F64).withSeed(4));
    }

    private static Tensor input(int steps) {
        Tensor x = Tensor.zeros(DType.F64, steps, BATCH, IN);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, Math.sin(0.3 * i + 1));
        }
        return x;
    }

    /** sum(output): a finite loss with gradients of order 1. */
    private static final TruncatedBptt.ChunkLoss SUM = (out, start, end) -> Ops.sum(out.output());

    /** A copy of {@code x} whose backward passes the gradient on but writes +inf into its element {@code at}. */
    private static Tensor poison(Tensor x, int at) {
        Tensor copy = x.zerosLike();
        for (int i = 0; i < x.size(); i++) {
            copy.set(i, x.get(i));
        }
        return Tape.record("poison", new Tensor[] {x}, copy, (g, gi) -> {
            for (int i = 0; i < gi[0].size(); i++) {
                gi[0].set(i, gi[0].get(i) + g[0].get(i));
            }
            gi[0].set(at, Double.POSITIVE_INFINITY);
        });
    }

    private static double[] snapshot(List<Tensor> params) {
        List<Double> all = new ArrayList<>();
        for (Tensor p : params) {
            for (double v : p.dataF64()) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void aChunkLengthOfOneTrainsStepByStep() {
        Rnn rnn = rnn();
        TruncatedBptt t = new TruncatedBptt(rnn, Sgd.builder(0.01).build(rnn.parameters()), 1, 1.0);
        assertEquals(5, t.run(input(5), null, SUM).losses().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TruncatedBptt(rnn, Sgd.builder(0.01).build(rnn.parameters()), 0, 1.0));
        assertEquals("TruncatedBptt: chunkLength must be >= 1, got 0", e.getMessage());
    }

    @Test
    void aMaxGradNormOfZeroIsRejected() {
        Rnn rnn = rnn();
        Optimizer sgd = Sgd.builder(0.01).build(rnn.parameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TruncatedBptt(rnn, sgd, 4, 0.0));
        assertEquals("TruncatedBptt: maxGradNorm must be positive, got 0.0", e.getMessage());
        new TruncatedBptt(rnn, sgd, 4, Double.MIN_VALUE);
    }

    @Test
    void zeroStepsTrainNothingAndReturnTheInitialState() {
        Rnn rnn = rnn();
        double[] before = snapshot(rnn.parameters());
        TruncatedBptt t = new TruncatedBptt(rnn, Sgd.builder(0.1).build(rnn.parameters()), 3, 1.0);
        CellState initial = rnn.zeroState(BATCH);
        TruncatedBptt.Result r = t.run(0, (start, end) -> {
            throw new AssertionError("no chunk to build");
        }, initial, SUM);
        assertEquals(List.of(), r.losses());
        assertEquals(List.of(), r.skippedChunks());
        assertSame(initial, r.finalState());
        assertEquals(0, java.util.Arrays.compare(before, snapshot(rnn.parameters())));
    }

    @Test
    void clippingLimitsTheUpdateToTheMaxNorm() {
        double max = 1e-3;
        Rnn rnn = rnn();
        double[] before = snapshot(rnn.parameters());
        // Plain SGD with lr 1: the update is the (clipped) gradient itself.
        new TruncatedBptt(rnn, Sgd.builder(1.0).build(rnn.parameters()), 4, max).run(input(4), null, SUM);
        double[] after = snapshot(rnn.parameters());
        double sq = 0;
        for (int i = 0; i < before.length; i++) {
            sq += (after[i] - before[i]) * (after[i] - before[i]);
        }
        double norm = Math.sqrt(sq);
        // The unclipped gradient of sum(output) over 8 outputs has norm of order 1, far above 1e-3;
        // clipped, the update norm is max * total / (total + 1e-6): within 1e-3 relative of max.
        assertTrue(norm <= max * (1 + 1e-9), "update norm " + norm + " exceeds " + max);
        assertTrue(norm >= max * (1 - 1e-3), "update norm " + norm + " should be clipped to " + max);
    }

    @Test
    void aRejectedChunksGradientsAreClearedSoTheNextChunkTrains() {
        Rnn rnn = rnn();
        Optimizer sgd = Sgd.builder(0.01).build(rnn.parameters());
        // Chunk 1 of 3 sends an infinite gradient into the output; the loss stays finite.
        TruncatedBptt.ChunkLoss loss = (out, start, end) ->
                Ops.sum(start == 2 ? poison(out.output(), 0) : out.output());
        TruncatedBptt.Result r = new TruncatedBptt(rnn, sgd, 2, 10.0, NonFinitePolicy.SKIP_CHUNK)
                .run(input(6), null, loss);
        assertEquals(List.of(1), r.skippedChunks(), "only the poisoned chunk is skipped");
        for (double v : snapshot(rnn.parameters())) {
            assertTrue(Double.isFinite(v));
        }
        // Under THROW, the gradients are cleared before the exception leaves.
        Rnn other = rnn();
        Optimizer sgd2 = Sgd.builder(0.01).build(other.parameters());
        assertThrows(ArithmeticException.class, () -> new TruncatedBptt(other, sgd2, 2, 10.0)
                .run(input(6), null, loss));
        for (Tensor p : sgd2.parameters()) {
            assertNull(p.grad(), "gradients are cleared");
        }
    }

    @Test
    void everyChunkStartsOnAnEmptyTapeEvenAfterASkippedChunk() {
        Rnn rnn = rnn();
        Optimizer sgd = Sgd.builder(0.01).build(rnn.parameters());
        List<Integer> recorded = new ArrayList<>();
        TruncatedBptt.ChunkLoss loss = (out, start, end) -> {
            // Ops recorded so far on the run's tape: this chunk's forward only.
            recorded.add(Tape.recording().size());
            return Ops.sum(start == 3 ? poison(out.output(), 1) : out.output());
        };
        TruncatedBptt.Result r = new TruncatedBptt(rnn, sgd, 3, 10.0, NonFinitePolicy.SKIP_CHUNK)
                .run(input(9), null, loss);
        assertEquals(List.of(1), r.skippedChunks());
        assertEquals(3, recorded.size());
        assertEquals(recorded.get(0), recorded.get(1), "tape size per chunk " + recorded);
        assertEquals(recorded.get(0), recorded.get(2), "tape size per chunk " + recorded);
    }

    @Test
    void aNonFiniteGradientOfAParameterOutsideTheLayerIsNamedByItsOptimizerIndex() {
        Rnn rnn = rnn();
        Tensor extra = Tensor.zeros(DType.F64, 2).requiresGrad(true);
        List<Tensor> params = new ArrayList<>(rnn.parameters()); // 4 layer parameters: indices 0-3
        params.add(extra);                                       // index 4
        Optimizer sgd = Sgd.builder(0.01).build(params);
        TruncatedBptt.ChunkLoss loss = (out, start, end) -> Ops.add(Ops.sum(out.output()), Ops.sum(poison(extra, 1)));
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> new TruncatedBptt(rnn, sgd, 2, 10.0).run(input(4), null, loss));
        assertTrue(e.getMessage().contains("chunk 0 (steps [0, 2)): the gradient of optimizer parameter 4 [2] holds"
                + " Infinity at element 1"), e.getMessage());
    }
}
