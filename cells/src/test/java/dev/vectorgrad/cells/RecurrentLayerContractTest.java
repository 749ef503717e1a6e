package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Guards the sequence layers' and options' validation and accessors: {@link Recurrent} rejects
 * cell weights that do not fit its options, its initial states and lengths are checked with
 * messages naming expected and actual values, a length equal to the sequence length is valid;
 * {@link RecurrentOptions} rejects a dropout of 1; {@link StepInference} over single cells.
 */
class RecurrentLayerContractTest {

    private static CellWeights rnnWeights(int in, int hidden, DType dtype, long seed) {
        return CellWeights.create(CellType.RNN_TANH, in, hidden, dtype, new SplittableRandom(seed));
    }

    @Test
    void sizesAreTheFirstLayersInputAndTheHiddenSize() {
        Lstm lstm = new Lstm(3, 5, RecurrentOptions.defaults().withLayers(2));
        assertEquals(3, lstm.inputSize());
        assertEquals(5, lstm.hiddenSize());
        Gru gru = new Gru(7, 2, RecurrentOptions.defaults().withBidirectional(true));
        assertEquals(7, gru.inputSize());
        assertEquals(2, gru.hiddenSize());
    }

    @Test
    void weightsOfAnotherDtypeThanTheOptionsAreRejected() {
        RecurrentOptions f64 = RecurrentOptions.defaults().withDType(DType.F64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Rnn(f64, List.of(rnnWeights(3, 4, DType.F32, 1))));
        assertEquals("Rnn: cell weights 0 are a RNN_TANH 3 -> 4 in F32, expected a RNN_TANH 3 -> 4 in F64",
                e.getMessage());
    }

    @Test
    void aSecondLayerMustTakeTheFirstLayersHiddenStateAsInput() {
        RecurrentOptions two = RecurrentOptions.defaults().withLayers(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Rnn(two, List.of(rnnWeights(3, 4, DType.F32, 1), rnnWeights(3, 4, DType.F32, 2))));
        assertEquals("Rnn: cell weights 1 are a RNN_TANH 3 -> 4 in F32, expected a RNN_TANH 4 -> 4 in F32",
                e.getMessage());
        // The fitting stack is accepted.
        Rnn ok = new Rnn(two, List.of(rnnWeights(3, 4, DType.F32, 1), rnnWeights(4, 4, DType.F32, 2)));
        assertEquals(3, ok.inputSize());
    }

    @Test
    void zeroStateHasOneRowPerLayerAndDirection() {
        RecurrentOptions options = RecurrentOptions.defaults().withLayers(2).withBidirectional(true);
        CellState lstm = new Lstm(3, 5, options).zeroState(6);
        assertArrayEquals(new int[] {4, 6, 5}, lstm.h().shape());
        assertArrayEquals(new int[] {4, 6, 5}, lstm.c().shape());
        CellState rnn = new Rnn(3, 5, Nonlinearity.TANH, RecurrentOptions.defaults().withBidirectional(true)).zeroState(2);
        assertArrayEquals(new int[] {2, 2, 5}, rnn.h().shape());
        assertNull(rnn.c());
    }

    @Test
    void anLstmInitialStateWithoutCIsRejected() {
        Lstm lstm = new Lstm(3, 4, RecurrentOptions.defaults());
        Tensor x = Tensor.zeros(DType.F32, 5, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(x, null, new CellState(Tensor.zeros(DType.F32, 1, 2, 4), null)));
        assertEquals("Lstm: initial c is missing, expected [1, 2, 4]", e.getMessage());
    }

    @Test
    void anLstmInitialCOfTheWrongShapeIsRejectedNamingBothShapes() {
        Lstm lstm = new Lstm(3, 4, RecurrentOptions.defaults());
        Tensor x = Tensor.zeros(DType.F32, 5, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(x, null, new CellState(Tensor.zeros(DType.F32, 1, 2, 4),
                        Tensor.zeros(DType.F32, 1, 3, 4))));
        assertEquals("Lstm: initial c is [1, 3, 4], expected [1, 2, 4]", e.getMessage());
    }

    @Test
    void aLengthEqualToTheSequenceLengthIsTheFullSequence() {
        Gru gru = new Gru(3, 4, RecurrentOptions.defaults().withDType(DType.F64).withSeed(3));
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 8, 5, 2, 3);
        SequenceOutput full = gru.forward(x);
        SequenceOutput lengths = gru.forward(x, new int[] {5, 5}, null);
        assertArrayEquals(full.output().dataF64(), lengths.output().dataF64());
        assertArrayEquals(full.state().h().dataF64(), lengths.state().h().dataF64());
        SequenceOutput composed = gru.forwardComposed(x, new int[] {5, 5}, null);
        // Fused vs composed in F64: different summation orders only.
        assertArrayEquals(full.output().dataF64(), composed.output().dataF64(), 1e-12);
    }

    @Test
    void aSequenceOfLengthZeroKeepsItsInitialStateAndOutputsZeros() {
        Gru gru = new Gru(3, 4, RecurrentOptions.defaults().withDType(DType.F64).withSeed(3));
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 8, 5, 2, 3);
        Tensor h0 = Tensor.uniform(DType.F64, -1, 1, 9, 1, 2, 4);
        for (boolean fused : new boolean[] {true, false}) {
            int[] lengths = {0, 5};
            SequenceOutput out = fused ? gru.forward(x, lengths, new CellState(h0, null))
                    : gru.forwardComposed(x, lengths, new CellState(h0, null));
            // Row 0 (length 0): every output step is zero and the final state is h0's row 0.
            for (int t = 0; t < 5; t++) {
                for (int j = 0; j < 4; j++) {
                    // Zero of either sign: the composed path masks by multiplying with 0.
                    assertEquals(0.0, out.output().get((t * 2) * 4 + j), 0.0, "fused " + fused + " step " + t);
                }
            }
            for (int j = 0; j < 4; j++) {
                assertEquals(h0.get(j), out.state().h().get(j), "fused " + fused + " final h element " + j);
            }
        }
    }

    @Test
    void aLengthPastTheSequenceIsRejectedNamingIt() {
        Gru gru = new Gru(3, 4, RecurrentOptions.defaults());
        Tensor x = Tensor.zeros(DType.F32, 5, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gru.forward(x, new int[] {5, 6}, null));
        assertEquals("Gru: length 6 of sequence 1 is outside [0, 5]", e.getMessage());
    }

    @Test
    void dropoutOfOneIsRejectedAndJustBelowOneAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecurrentOptions.defaults().withDropout(1.0));
        assertEquals("dropout must be in [0, 1), got 1.0", e.getMessage());
        assertEquals(Math.nextDown(1.0), RecurrentOptions.defaults().withDropout(Math.nextDown(1.0)).dropout());
        assertEquals(0.0, RecurrentOptions.defaults().withDropout(0.0).dropout());
    }

    @Test
    void stepInferenceOfACellMatchesTheCellStep() {
        RnnCell cell = new RnnCell(3, 4, Nonlinearity.TANH, DType.F32, 21);
        StepInference model = StepInference.of(cell);
        assertEquals(CellType.RNN_TANH, model.type());
        assertEquals(3, model.inputSize());
        assertEquals(4, model.hiddenSize());
        assertEquals(1, model.layers());
        StepInference.State s = model.newState(2);
        assertEquals(2, s.batch());
        float[] x = {0.5f, -1, 2, 0.25f, 0.75f, -0.5f};
        float[] h = model.step(s, x, 0);
        float[] expected = cell.forward(Tensor.of(x, 2, 3), null).h().dataF32();
        // Both in float; different kernels and summation order: a few ulps of values <= 1.
        assertArrayEquals(expected, java.util.Arrays.copyOf(h, 8), 1e-5f);
        IllegalStateException noC = assertThrows(IllegalStateException.class, () -> s.c(0));
        assertEquals("State: a RNN_TANH has no cell state", noC.getMessage());
    }

    @Test
    void stepInferenceOfAnLstmCellExposesItsLiveCellState() {
        LstmCell cell = new LstmCell(2, 3, DType.F32, 8);
        StepInference model = StepInference.of(cell);
        assertEquals(CellType.LSTM, model.type());
        StepInference.State s = model.newState(1);
        assertEquals(1, s.batch());
        float[] x = {1, -1};
        model.step(s, x, 0);
        CellState ref = cell.forward(Tensor.of(x, 1, 2), null);
        assertArrayEquals(ref.c().dataF32(), s.c(0), 1e-5f);
        assertArrayEquals(ref.h().dataF32(), s.h(0), 1e-5f);
    }

    @Test
    void stepInferenceRejectsAnEmptyBatchNamingIt() {
        StepInference model = StepInference.of(new GruCell(2, 3, DType.F32, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.newState(0));
        assertEquals("StepInference: batch must be positive, got 0", e.getMessage());
        assertEquals(1, model.newState(1).batch());
    }
}
