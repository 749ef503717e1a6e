package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.Module;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recurrent layers and cells as {@link Module}s: their names under a parent, the train switch from the parent, the printed tree. */
class RecurrentModuleTest {

    /** An encoder as a user writes it: a two-layer LSTM with dropout between its layers, and a head. */
    static final class Encoder extends Module {
        final Lstm lstm = registerModule("lstm", new Lstm(3, 4,
                RecurrentOptions.defaults().withLayers(2).withDropout(0.5).withSeed(1)));
        final Linear head = registerModule("head", new Linear(4, 2));
    }

    @Test
    void parametersAppearUnderTheChildsNameInPyTorchsOrder() {
        Encoder e = new Encoder();
        assertEquals(List.of(
                "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1",
                "head.weight", "head.bias"), List.copyOf(e.namedParameters().keySet()));
        assertSame(e.lstm.weights(1, 0).weightHh(), e.namedParameters().get("lstm.weight_hh_l1"));
    }

    @Test
    void evaluationModeOfTheParentTurnsOffTheLayersDropout() {
        Encoder e = new Encoder();
        Tensor x = Tensor.uniform(DType.F32, -1, 1, 2, 5, 3, 3);
        float[] first = e.lstm.forward(x).output().dataF32().clone();
        float[] second = e.lstm.forward(x).output().dataF32();
        assertFalse(Arrays.equals(first, second), "in training, each call draws new dropout masks");
        e.eval();
        assertFalse(e.lstm.isTraining());
        assertArrayEquals(e.lstm.forward(x).output().dataF32(), e.lstm.forward(x).output().dataF32());
    }

    @Test
    void theTreePrintsSizesAndTheOptionsThatDifferFromPyTorchsDefaults() {
        assertEquals("Lstm(3, 5)", new Lstm(3, 5, RecurrentOptions.defaults().withLayers(1)).toString());
        assertEquals("Gru(3, 5, layers=2, bidirectional, dropout=0.25, batch_first)", new Gru(3, 5,
                RecurrentOptions.defaults().withLayers(2).withBidirectional(true).withDropout(0.25).withBatchFirst(true))
                .toString());
        assertEquals("Rnn(2, 3, nonlinearity=relu)", new Rnn(2, 3, Nonlinearity.RELU, RecurrentOptions.defaults()).toString());
        assertEquals("Rnn(2, 3)", new Rnn(2, 3, RecurrentOptions.defaults()).toString());
        assertEquals("RnnCell(2, 3, nonlinearity=relu)", new RnnCell(2, 3, Nonlinearity.RELU, DType.F32, 1).toString());
        assertEquals("GruCell(4, 6)", new GruCell(4, 6, DType.F32, 1).toString());
        assertEquals("""
                Encoder(
                  (lstm): Lstm(3, 4, layers=2, dropout=0.5)
                  (head): Linear(in=4, out=2, bias=true)
                )""", new Encoder().toString());
    }
}
