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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch-first layer ({@code [B, T, F]} in and out) gives the same bits as the same layer
 * time-major on the transposed input: outputs, final states and every gradient (weights, biases,
 * input, initial states), for every cell type, one and two layers, one and two directions, with and
 * without lengths, from given initial states, in F32 and F64; and its tape is as long as the
 * time-major one (no transpose node). The fused path reads and writes batch-first rows in place
 * while keeping every sum in time order, so nothing may differ at all.
 */
class BatchFirstTest {

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (CellType type : CellType.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                for (boolean bi : new boolean[] {false, true}) {
                    for (boolean ragged : new boolean[] {false, true}) {
                        for (DType dtype : DType.values()) {
                            list.add(Arguments.of(type, layers, bi, ragged, dtype));
                        }
                    }
                }
            }
        }
        return list.stream();
    }

    /** Everything a run produces, time-major: outputs, final states, then the gradients. */
    record Result(List<double[]> values, int tapeSize) {
    }

    static Recurrent layer(CellType type, int in, int hidden, RecurrentOptions o) {
        return FusedEqualsComposedTest.layer(type, in, hidden, o);
    }

    /** {@code [d0, d1, d2]} row-major to {@code [d1, d0, d2]}. */
    static double[] swap01(double[] a, int d0, int d1, int d2) {
        double[] out = new double[a.length];
        for (int i = 0; i < d0; i++) {
            for (int j = 0; j < d1; j++) {
                System.arraycopy(a, (i * d1 + j) * d2, out, (j * d0 + i) * d2, d2);
            }
        }
        return out;
    }

    static Tensor tensor(DType dtype, double[] data, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < data.length; i++) {
            t.set(i, data[i]);
        }
        return t;
    }

    /**
     * Runs {@code rnn} on {@code xTimeMajor} ({@code [T, B, I]}, transposed first when the layer is
     * batch-first) and backpropagates fixed random projections of the output and final states.
     */
    static Result run(Recurrent rnn, double[] xTimeMajor, int steps, int batch, int[] lengths, Tensor h0, Tensor c0) {
        DType dtype = rnn.options().dtype();
        boolean batchFirst = rnn.options().batchFirst();
        int in = rnn.inputSize();
        int outWidth = rnn.options().directions() * rnn.hiddenSize();
        Tensor x = batchFirst
                ? tensor(dtype, swap01(xTimeMajor, steps, batch, in), batch, steps, in)
                : tensor(dtype, xTimeMajor, steps, batch, in);
        x.requiresGrad(true);
        Tensor h = tensor(dtype, h0.toDoubleArray(), h0.shape()).requiresGrad(true);
        Tensor c = c0 == null ? null : tensor(dtype, c0.toDoubleArray(), c0.shape()).requiresGrad(true);
        double[] projection = Tensor.uniform(DType.F64, -1, 1, 21, steps, batch, outWidth).toDoubleArray();
        Tensor weights = batchFirst
                ? tensor(dtype, swap01(projection, steps, batch, outWidth), batch, steps, outWidth)
                : tensor(dtype, projection, steps, batch, outWidth);
        List<double[]> values = new ArrayList<>();
        int tapeSize;
        try (Tape tape = Tape.open()) {
            SequenceOutput out = rnn.forward(x, lengths, c == null ? new CellState(h, null) : new CellState(h, c));
            tapeSize = tape.size();
            double[] output = out.output().toDoubleArray();
            values.add(batchFirst ? swap01(output, batch, steps, outWidth) : output);
            values.add(out.state().h().toDoubleArray());
            Tensor loss = Ops.add(Ops.sum(Ops.mul(out.output(), weights)),
                    Ops.sum(Ops.mul(out.state().h(), Tensor.uniform(dtype, -1, 1, 22, out.state().h().shape()))));
            if (c != null) {
                values.add(out.state().c().toDoubleArray());
                loss = Ops.add(loss, Ops.sum(Ops.mul(out.state().c(),
                        Tensor.uniform(dtype, -1, 1, 23, out.state().c().shape()))));
            }
            tape.backward(loss);
        }
        for (Tensor p : rnn.parameters()) {
            values.add(p.grad().toDoubleArray());
        }
        double[] dx = x.grad().toDoubleArray();
        values.add(batchFirst ? swap01(dx, batch, steps, in) : dx);
        values.add(h.grad().toDoubleArray());
        if (c != null) {
            values.add(c.grad().toDoubleArray());
        }
        return new Result(values, tapeSize);
    }

    static void assertSameBits(CellType type, int in, int hidden, int steps, int batch, int[] lengths,
                               RecurrentOptions o, String what) {
        int states = o.layers() * o.directions();
        Tensor h0 = Tensor.uniform(o.dtype(), -1, 1, 2, states, batch, hidden);
        Tensor c0 = type.hasCellState() ? Tensor.uniform(o.dtype(), -1, 1, 3, states, batch, hidden) : null;
        double[] x = Tensor.uniform(DType.F64, -1, 1, 1, steps, batch, in).toDoubleArray();
        Result timeMajor = run(layer(type, in, hidden, o), x, steps, batch, lengths, h0, c0);
        Result batchFirst = run(layer(type, in, hidden, o.withBatchFirst(true)), x, steps, batch, lengths, h0, c0);
        assertEquals(timeMajor.tapeSize(), batchFirst.tapeSize(), what + ": tape length");
        assertEquals(timeMajor.values().size(), batchFirst.values().size(), what);
        for (int i = 0; i < timeMajor.values().size(); i++) {
            assertArrayEquals(timeMajor.values().get(i), batchFirst.values().get(i), what + ": result #" + i);
        }
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} ragged={3} {4}")
    @MethodSource("configs")
    void batchFirstEqualsTimeMajorOnTheTransposedInput(CellType type, int layers, boolean bi, boolean ragged,
                                                        DType dtype) {
        RecurrentOptions o = RecurrentOptions.defaults().withDType(dtype).withLayers(layers).withBidirectional(bi)
                .withSeed(5);
        // More steps than sequences: the batch-first input is projected one sequence at a time.
        assertSameBits(type, 4, 3, 5, 3, ragged ? new int[] {5, 2, 0} : null, o, "5 steps x 3");
        // Fewer: one step at a time.
        assertSameBits(type, 4, 3, 2, 7, ragged ? new int[] {2, 1, 0, 2, 1, 2, 2} : null, o, "2 steps x 7");
    }

    @Test
    void wideGatesManyRowsAndOneSequence() {
        // Gate rows wider than a kernel block (LSTM 4 x 70 = 280) and more than 64 rows in all: the
        // products over all rows sum in blocks, which the batch-first path must not reorder.
        for (CellType type : CellType.values()) {
            RecurrentOptions o = RecurrentOptions.defaults().withLayers(2).withBidirectional(true).withSeed(7);
            assertSameBits(type, 6, 70, 9, 8, new int[] {9, 3, 0, 9, 5, 1, 8, 9}, o, type + " 9 x 8");
            assertSameBits(type, 6, 70, 9, 1, null, o, type + " 9 x 1");
        }
    }

    @Test
    void dropoutBetweenLayersDrawsTheSameMasks() {
        for (CellType type : CellType.values()) {
            RecurrentOptions o = RecurrentOptions.defaults().withLayers(3).withDropout(0.5).withSeed(11);
            assertSameBits(type, 4, 5, 6, 4, null, o, type + " dropout");
        }
    }

    @Test
    void unrecordedForwardInChunksEqualsTimeMajor() {
        // Unrecorded, the input is projected a chunk of steps at a time (2^18 gate elements): for a
        // bidirectional LSTM with H = 64, 25 steps at batch 40 (fewer steps than sequences per chunk,
        // and enough work for the row groups' threads), 64 steps at batch 16 (more: one product per
        // sequence, from the chunk's first step, forward and reverse).
        assertUnrecordedSameBits(60, 40, 64);
        assertUnrecordedSameBits(150, 16, 5);
    }

    private static void assertUnrecordedSameBits(int steps, int batch, int in) {
        int hidden = 64;
        RecurrentOptions o = RecurrentOptions.defaults().withBidirectional(true).withSeed(13);
        Lstm timeMajor = new Lstm(in, hidden, o);
        Lstm batchFirst = new Lstm(in, hidden, o.withBatchFirst(true));
        double[] x = Tensor.uniform(DType.F64, -1, 1, 14, steps, batch, in).toDoubleArray();
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = steps - b;
        }
        SequenceOutput expected;
        SequenceOutput actual;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            expected = timeMajor.forward(tensor(DType.F32, x, steps, batch, in), lengths, null);
            actual = batchFirst.forward(tensor(DType.F32, swap01(x, steps, batch, in), batch, steps, in), lengths,
                    null);
        }
        String what = steps + " steps x " + batch;
        assertArrayEquals(new int[] {batch, steps, 2 * hidden}, actual.output().shape(), what);
        assertArrayEquals(expected.output().toDoubleArray(),
                swap01(actual.output().toDoubleArray(), batch, steps, 2 * hidden), what);
        assertArrayEquals(expected.state().h().toDoubleArray(), actual.state().h().toDoubleArray(), what);
        assertArrayEquals(expected.state().c().toDoubleArray(), actual.state().c().toDoubleArray(), what);
    }
}
