package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Splitting the batch rows of a fused sequence into groups that run on separate threads changes
 * no bit of the outputs, final states or gradients; nor does running it unrecorded (under
 * no-grad only the gates are kept). Bitwise, because every row is computed by the same
 * arithmetic in the same order whichever group holds it.
 */
class FusedSequenceSplitTest {

    static final int STEPS = 6;
    static final int BATCH = 5;

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (CellType type : CellType.values()) {
            for (DType dtype : DType.values()) {
                for (boolean reverse : new boolean[] {false, true}) {
                    for (boolean ragged : new boolean[] {false, true}) {
                        list.add(Arguments.of(type, dtype, reverse, ragged));
                    }
                }
            }
        }
        return list.stream();
    }

    /** Outputs, then the gradients of W_ih, W_hh, b_ih, b_hh, x, h0 (and c0) for a fixed random projection. */
    static List<double[]> run(CellWeights w, Tensor x, Tensor h0, Tensor c0, int[] lengths, boolean reverse,
                              int groups) {
        for (Tensor t : new Tensor[] {w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh(), x, h0, c0}) {
            if (t != null) {
                t.zeroGrad();
            }
        }
        List<double[]> result = new ArrayList<>();
        try (Tape tape = Tape.open()) {
            Tensor[] out = FusedSequence.run(w, x, h0, c0, lengths, reverse, groups);
            Tensor loss = null;
            for (int i = 0; i < out.length; i++) {
                result.add(out[i].toDoubleArray());
                Tensor term = Ops.sum(Ops.mul(out[i], Tensor.uniform(x.dtype(), -1, 1, 20 + i, out[i].shape())));
                loss = loss == null ? term : Ops.add(loss, term);
            }
            tape.backward(loss);
        }
        for (Tensor t : new Tensor[] {w.weightIh(), w.weightHh(), w.biasIh(), w.biasHh(), x, h0, c0}) {
            if (t != null) {
                result.add(t.grad().toDoubleArray());
            }
        }
        return result;
    }

    @ParameterizedTest(name = "{0} {1} reverse={2} ragged={3}")
    @MethodSource("configs")
    void everySplitGivesTheSameBits(CellType type, DType dtype, boolean reverse, boolean ragged) {
        int in = 7;
        int hidden = 37; // not a multiple of any vector length: the kernels' tails run too
        RecurrentOptions o = RecurrentOptions.defaults().withDType(dtype).withSeed(9);
        CellWeights w = FusedEqualsComposedTest.layer(type, in, hidden, o).weights(0, 0);
        Tensor x = Tensor.uniform(dtype, -1, 1, 1, STEPS, BATCH, in).requiresGrad(true);
        Tensor h0 = Tensor.uniform(dtype, -1, 1, 2, BATCH, hidden).requiresGrad(true);
        Tensor c0 = type.hasCellState() ? Tensor.uniform(dtype, -1, 1, 3, BATCH, hidden).requiresGrad(true) : null;
        int[] lengths = ragged ? new int[] {6, 2, 5, 1, 6} : null;

        List<double[]> one = run(w, x, h0, c0, lengths, reverse, 1);
        for (int groups : new int[] {2, 3, BATCH}) {
            List<double[]> split = run(w, x, h0, c0, lengths, reverse, groups);
            assertEquals(one.size(), split.size());
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), split.get(i), "groups=" + groups + ", result #" + i);
            }
        }
        try (Tape ignored = Tape.open(); Tape.NoGrad noGrad = Tape.noGrad()) {
            Tensor[] out = FusedSequence.run(w, x, h0, c0, lengths, reverse, 2);
            for (int i = 0; i < out.length; i++) {
                assertArrayEquals(one.get(i), out[i].toDoubleArray(), "unrecorded, output #" + i);
            }
        }
    }

    /** Long enough that the unrecorded forward makes its input projection in two chunks of steps. */
    @ParameterizedTest(name = "{0} reverse={1} ragged={2}")
    @MethodSource("chunkConfigs")
    void unrecordedForwardInChunksGivesTheSameBits(CellType type, boolean reverse, boolean ragged) {
        int steps = 100;
        int batch = 16;
        int hidden = 256; // gates of 16 rows x (256 .. 1024): 1 MB of them is 64 to 256 steps
        RecurrentOptions o = RecurrentOptions.defaults().withSeed(4);
        CellWeights w = FusedEqualsComposedTest.layer(type, 8, hidden, o).weights(0, 0);
        Tensor x = Tensor.uniform(DType.F32, -1, 1, 1, steps, batch, 8);
        Tensor h0 = Tensor.uniform(DType.F32, -1, 1, 2, batch, hidden);
        Tensor c0 = type.hasCellState() ? Tensor.uniform(DType.F32, -1, 1, 3, batch, hidden) : null;
        int[] lengths = null;
        if (ragged) {
            lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = steps - 7 * b;
            }
        }
        Tensor[] recorded;
        try (Tape ignored = Tape.open()) { // the layer's weights require gradients: recorded, all saved
            recorded = FusedSequence.run(w, x, h0, c0, lengths, reverse, 2);
        }
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            Tensor[] unrecorded = FusedSequence.run(w, x, h0, c0, lengths, reverse, 2);
            for (int i = 0; i < recorded.length; i++) {
                assertArrayEquals(recorded[i].toDoubleArray(), unrecorded[i].toDoubleArray(), "output #" + i);
            }
        }
    }

    static Stream<Arguments> chunkConfigs() {
        List<Arguments> list = new ArrayList<>();
        for (CellType type : CellType.values()) {
            for (boolean reverse : new boolean[] {false, true}) {
                for (boolean ragged : new boolean[] {false, true}) {
                    list.add(Arguments.of(type, reverse, ragged));
                }
            }
        }
        return list.stream();
    }
}
