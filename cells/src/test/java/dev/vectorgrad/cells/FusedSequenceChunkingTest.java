package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the fused sequence path at its edges: an empty sequence (T = 0) returns an empty output
 * and the initial state, recorded or not; an empty batch (B = 0) returns empty outputs and states; and the results, forward and gradients, do not depend on
 * whether the input projection is made all at once (when backward will run) or a chunk of steps at a
 * time (inference), for a sequence long enough to cross the inference chunk boundary
 * (2^18 gate elements: 64 steps at batch 16 of an LSTM with H = 64).
 */
class FusedSequenceChunkingTest {

    @Test
    void anEmptySequenceReturnsNoOutputAndTheInitialState() {
        for (boolean record : new boolean[] {false, true}) {
            Lstm lstm = new Lstm(3, 4, RecurrentOptions.defaults().withDType(DType.F64).withSeed(2));
            Tensor x = Tensor.zeros(DType.F64, 0, 2, 3);
            Tensor h0 = Tensor.uniform(DType.F64, -1, 1, 5, 1, 2, 4);
            Tensor c0 = Tensor.uniform(DType.F64, -1, 1, 6, 1, 2, 4);
            SequenceOutput out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Tape tape = record ? Tape.open() : null) {
                    return lstm.forward(x, null, new CellState(h0, c0));
                }
            });
            assertArrayEquals(new int[] {0, 2, 4}, out.output().shape(), "record " + record);
            assertArrayEquals(h0.dataF64(), out.state().h().dataF64(), "record " + record);
            assertArrayEquals(c0.dataF64(), out.state().c().dataF64(), "record " + record);
        }
    }

    @Test
    void anEmptyBatchReturnsAnEmptyOutputAndEmptyStates() {
        // Batch 0 (an empty final batch of a data set) used to divide by zero when sizing the inference chunk.
        for (CellType type : CellType.values()) {
            for (boolean record : new boolean[] {false, true}) {
                Recurrent layer = switch (type) {
                    case RNN_TANH -> new Rnn(3, 4, RecurrentOptions.defaults().withDType(DType.F64).withSeed(2));
                    case RNN_RELU -> new Rnn(3, 4, Nonlinearity.RELU, RecurrentOptions.defaults().withDType(DType.F64).withSeed(2));
                    case LSTM -> new Lstm(3, 4, RecurrentOptions.defaults().withDType(DType.F64).withSeed(2));
                    case GRU -> new Gru(3, 4, RecurrentOptions.defaults().withDType(DType.F64).withSeed(2));
                };
                SequenceOutput out;
                try (Tape tape = record ? Tape.open() : null) {
                    out = layer.forward(Tensor.zeros(DType.F64, 5, 0, 3));
                }
                String where = type + ", record " + record;
                assertArrayEquals(new int[] {5, 0, 4}, out.output().shape(), where);
                assertArrayEquals(new int[] {1, 0, 4}, out.state().h().shape(), where);
            }
        }
    }

    @Test
    void inferenceInChunksEqualsTheRecordedPassAndGradientsMatchTheComposedReference() {
        int steps = 150; // inference chunk = 2^18 / (16 * 256) = 64 steps: crosses two boundaries
        int batch = 16;
        int hidden = 64;
        Lstm lstm = new Lstm(5, hidden, RecurrentOptions.defaults().withDType(DType.F64).withSeed(9));
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 10, steps, batch, 5);
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = steps - 7 * b;
        }
        SequenceOutput inference = lstm.forward(x, lengths, null);

        Tensor weights = Tensor.uniform(DType.F64, -1, 1, 11, steps, batch, hidden);
        SequenceOutput recorded;
        double[][] fusedGrads;
        try (Tape tape = Tape.open()) {
            recorded = lstm.forward(x, lengths, null);
            tape.backward(Ops.sum(Ops.mul(recorded.output(), weights)));
            fusedGrads = grads(lstm.parameters());
        }
        // Every row is computed the same way whatever the path: bitwise equal.
        assertArrayEquals(recorded.output().dataF64(), inference.output().dataF64());
        assertArrayEquals(recorded.state().h().dataF64(), inference.state().h().dataF64());
        assertArrayEquals(recorded.state().c().dataF64(), inference.state().c().dataF64());

        double[][] composedGrads;
        try (Tape tape = Tape.open()) {
            SequenceOutput composed = lstm.forwardComposed(x, lengths, null);
            // F64, 150 steps of H = 64 sums in another order: differences stay near 1e-13.
            assertArrayEquals(composed.output().dataF64(), recorded.output().dataF64(), 1e-10);
            tape.backward(Ops.sum(Ops.mul(composed.output(), weights)));
            composedGrads = grads(lstm.parameters());
        }
        for (int p = 0; p < fusedGrads.length; p++) {
            assertEquals(composedGrads[p].length, fusedGrads[p].length);
            for (int i = 0; i < fusedGrads[p].length; i++) {
                // Gradients summed over 2,400 rows of magnitude ~1: relative 1e-9 is far above rounding.
                assertEquals(composedGrads[p][i], fusedGrads[p][i], 1e-9 * Math.max(1, Math.abs(composedGrads[p][i])),
                        "parameter " + p + " element " + i);
            }
        }
    }

    private static double[][] grads(List<Tensor> params) {
        double[][] out = new double[params.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = params.get(i).grad().dataF64().clone();
            params.get(i).zeroGrad();
        }
        return out;
    }
}
