package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guards the shape validation of {@link CellWeights} and of one cell step ({@link ComposedCell}
 * through {@link RnnCell} / {@link LstmCell}): wrong shapes throw, naming the expected and actual
 * shapes. Also the single-step cells' accessors and their PyTorch equations
 * ({@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}), checked against plain loops.
 */
class CellWeightsAndCellStepTest {

    private static Tensor t(int... shape) {
        return Tensor.zeros(DType.F32, shape);
    }

    @Test
    void weightsWithTheRightShapesAreAccepted() {
        // RNN: 1 gate block, so rows = H = 4; input 3.
        CellWeights w = new CellWeights(CellType.RNN_TANH, 3, 4, t(4, 3), t(4, 4), t(4), t(4));
        assertEquals(3, w.inputSize());
        // LSTM: 4 gate blocks, rows 16.
        new CellWeights(CellType.LSTM, 3, 4, t(16, 3), t(16, 4), t(16), t(16));
    }

    @Test
    void weightIhOfTheWrongShapeIsRejectedNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CellWeights(CellType.LSTM, 3, 4, t(16, 2), t(16, 4), t(16), t(16)));
        assertEquals("weight_ih is [16, 2], expected [16, 3]", e.getMessage());
    }

    @Test
    void weightHhOfTheWrongShapeIsRejectedNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CellWeights(CellType.GRU, 3, 4, t(12, 3), t(12, 3), t(12), t(12)));
        assertEquals("weight_hh is [12, 3], expected [12, 4]", e.getMessage());
    }

    @Test
    void biasIhOfTheWrongShapeIsRejectedNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CellWeights(CellType.RNN_TANH, 3, 4, t(4, 3), t(4, 4), t(5), t(4)));
        assertEquals("bias_ih is [5], expected [4]", e.getMessage());
    }

    @Test
    void biasHhOfTheWrongShapeIsRejectedNamingBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CellWeights(CellType.RNN_TANH, 3, 4, t(4, 3), t(4, 4), t(4), t(1, 4)));
        assertEquals("bias_hh is [1, 4], expected [4]", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0, 4", "3, 0", "-2, 4"})
    void cellsRejectNonPositiveSizesNamingThem(int in, int hidden) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RnnCell(in, hidden, Nonlinearity.TANH, DType.F32, 1));
        assertEquals("cell sizes must be positive, got inputSize=" + in + ", hiddenSize=" + hidden, e.getMessage());
    }

    @Test
    void cellsOfSizeOneAreAccepted() {
        RnnCell cell = new RnnCell(1, 1, Nonlinearity.TANH, DType.F32, 1);
        assertEquals(1, cell.weights().hiddenSize());
        assertEquals(1, cell.weights().inputSize());
    }

    @Test
    void aCellStepRejectsAnInputOfTheWrongWidth() {
        RnnCell cell = new RnnCell(3, 4, Nonlinearity.TANH, DType.F32, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.forward(t(2, 5), cell.zeroState(2)));
        assertEquals("RNN_TANH: input is [2, 5], expected [batch, 3]", e.getMessage());
    }

    @Test
    void aCellStepRejectsAnInputOfAnotherDtype() {
        RnnCell cell = new RnnCell(3, 4, Nonlinearity.RELU, DType.F64, 1);
        CellState zero = new CellState(Tensor.zeros(DType.F32, 2, 4), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.forward(t(2, 3), zero));
        assertEquals("RNN_RELU: input is F32, weights are F64", e.getMessage());
    }

    @Test
    void aCellStepRejectsAHiddenStateOfTheWrongBatch() {
        RnnCell cell = new RnnCell(3, 4, Nonlinearity.TANH, DType.F32, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.forward(t(2, 3), new CellState(t(1, 4), null)));
        assertEquals("RNN_TANH: h is [1, 4], expected [2, 4]", e.getMessage());
    }

    @Test
    void anLstmStepRejectsACellStateOfTheWrongShape() {
        LstmCell cell = new LstmCell(3, 4, DType.F32, 1);
        // c [1, 4] would broadcast over the batch: it must be rejected instead.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.forward(t(2, 3), new CellState(t(2, 4), t(1, 4))));
        assertEquals("LSTM: c is [1, 4], expected [2, 4]", e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> cell.forward(t(2, 3), new CellState(t(2, 4), null)));
        assertEquals("LSTM: the state needs c, got none", missing.getMessage());
    }

    @Test
    void cellAccessorsExposeTheirWeightsAndZeroStates() {
        RnnCell rnn = new RnnCell(3, 4, Nonlinearity.TANH, DType.F64, 7);
        CellWeights w = rnn.weights();
        assertEquals(CellType.RNN_TANH, w.type());
        assertEquals(Map.of("weight_ih", w.weightIh(), "weight_hh", w.weightHh(), "bias_ih", w.biasIh(),
                "bias_hh", w.biasHh()), rnn.namedParameters());
        CellState rz = rnn.zeroState(2);
        assertArrayEquals(new int[] {2, 4}, rz.h().shape());
        assertEquals(DType.F64, rz.h().dtype());
        assertNull(rz.c(), "an RNN has no cell state");

        LstmCell lstm = new LstmCell(3, 5, DType.F32, 7);
        assertEquals(CellType.LSTM, lstm.weights().type());
        CellState lz = lstm.zeroState(3);
        assertArrayEquals(new int[] {3, 5}, lz.h().shape());
        assertArrayEquals(new int[] {3, 5}, lz.c().shape());
        for (float v : lz.c().dataF32()) {
            assertEquals(0f, v);
        }
    }

    /** h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh), by loops over the weights' values. */
    private static double[] rnnStep(CellWeights w, double[] x, double[] h, int batch) {
        int in = w.inputSize();
        int hidden = w.hiddenSize();
        double[] out = new double[batch * hidden];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < hidden; j++) {
                double s = w.biasIh().get(j) + w.biasHh().get(j);
                for (int i = 0; i < in; i++) {
                    s += w.weightIh().get(j * in + i) * x[b * in + i];
                }
                for (int i = 0; i < hidden; i++) {
                    s += w.weightHh().get(j * hidden + i) * h[b * hidden + i];
                }
                out[b * hidden + j] = Math.tanh(s);
            }
        }
        return out;
    }

    @Test
    void aStepFromNoStateStartsFromZerosAndAGivenStateIsUsed() {
        RnnCell cell = new RnnCell(3, 4, Nonlinearity.TANH, DType.F64, 11);
        double[] x = {0.5, -1, 2, 0.25, 0.75, -0.5};
        double[] h = {0.1, -0.2, 0.3, -0.4, 0.9, 0.8, -0.7, 0.6};
        Tensor xt = Tensor.of(x, 2, 3);
        // F64 throughout; the only differences are summation order: 1e-12.
        assertArrayEquals(rnnStep(cell.weights(), x, new double[8], 2), cell.forward(xt, null).h().dataF64(), 1e-12);
        CellState given = new CellState(Tensor.of(h, 2, 4), null);
        assertArrayEquals(rnnStep(cell.weights(), x, h, 2), cell.forward(xt, given).h().dataF64(), 1e-12);
    }

    @Test
    void anLstmStepFromNoStateHasACellState() {
        LstmCell cell = new LstmCell(2, 3, DType.F64, 5);
        CellState s = cell.forward(Tensor.of(new double[] {1, -1}, 1, 2), null);
        assertArrayEquals(new int[] {1, 3}, s.c().shape());
        // c' = f * 0 + i * g with i = sigmoid(.), g = tanh(.): by the weights.
        CellWeights w = cell.weights();
        for (int j = 0; j < 3; j++) {
            double[] pre = new double[4];
            for (int gate = 0; gate < 4; gate++) {
                int r = gate * 3 + j;
                pre[gate] = w.biasIh().get(r) + w.biasHh().get(r) + w.weightIh().get(r * 2) - w.weightIh().get(r * 2 + 1);
            }
            double c = 1 / (1 + Math.exp(-pre[0])) * Math.tanh(pre[2]);
            assertEquals(c, s.c().get(j), 1e-12, "c element " + j);
            assertEquals(1 / (1 + Math.exp(-pre[3])) * Math.tanh(c), s.h().get(j), 1e-12, "h element " + j);
        }
        assertSame(w, cell.weights());
        assertTrue(List.copyOf(cell.parameters()).contains(w.weightIh()));
    }
}
