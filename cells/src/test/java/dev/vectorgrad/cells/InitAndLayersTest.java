package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.LinearOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitAndLayersTest {

    @Test
    void recurrentWeightsStayInsidePyTorchsDefaultBound() {
        Lstm lstm = new Lstm(3, 16, RecurrentOptions.defaults());
        for (Tensor p : lstm.parameters()) {
            for (float v : p.dataF32()) {
                assertTrue(Math.abs(v) <= 0.25f, "PyTorch's default U(-1/sqrt(16), 1/sqrt(16))");
            }
        }
    }

    @Test
    void parameterNamesAndShapesFollowPyTorch() {
        Gru gru = new Gru(5, 7, RecurrentOptions.defaults().withLayers(2).withBidirectional(true));
        assertEquals(List.of(
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(gru.namedParameters().keySet()));
        assertArrayEquals(new int[] {21, 5}, gru.namedParameters().get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {21, 14}, gru.namedParameters().get("weight_ih_l1_reverse").shape());
        assertArrayEquals(new int[] {21, 7}, gru.namedParameters().get("weight_hh_l1").shape());
        LstmCell cell = new LstmCell(3, 2, DType.F32, 1);
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(cell.namedParameters().keySet()));
        assertArrayEquals(new int[] {8, 3}, cell.namedParameters().get("weight_ih").shape());
        Linear linear = new Linear(4, 3, LinearOptions.defaults().withSeed(1));
        assertEquals(List.of("weight", "bias"), List.copyOf(linear.namedParameters().keySet()));
    }

    @Test
    void sequenceLayersRejectBadShapesNamingThem() {
        Lstm lstm = new Lstm(3, 4, RecurrentOptions.defaults().withLayers(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(Tensor.zeros(DType.F32, 5, 2, 4)));
        assertTrue(e.getMessage().contains("[5, 2, 4]") && e.getMessage().contains("[time, batch, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(DType.F32, 5, 2, 3),
                null, new CellState(Tensor.zeros(DType.F32, 1, 2, 4), Tensor.zeros(DType.F32, 2, 2, 4))));
        assertTrue(e.getMessage().contains("initial h") && e.getMessage().contains("[2, 2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(DType.F32, 5, 2, 3), new int[] {5, 6}, null));
        assertTrue(e.getMessage().contains("length 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(DType.F64, 5, 2, 3)));
        assertTrue(e.getMessage().contains("F64"), e.getMessage());
    }

    @Test
    void batchFirstTransposesInputAndOutputOnly() {
        RecurrentOptions o = RecurrentOptions.defaults().withDType(DType.F64).withSeed(3);
        Gru timeMajor = new Gru(3, 4, o);
        Gru batchFirst = new Gru(3, 4, o.withBatchFirst(true));
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 1, 6, 2, 3);
        SequenceOutput a = timeMajor.forward(x);
        SequenceOutput b = batchFirst.forward(dev.vectorgrad.autograd.Shapes.transpose(x, 0, 1));
        assertArrayEquals(dev.vectorgrad.autograd.Shapes.transpose(a.output(), 0, 1).dataF64(), b.output().dataF64(), 0);
        assertArrayEquals(a.state().h().dataF64(), b.state().h().dataF64(), 0);
    }
}
