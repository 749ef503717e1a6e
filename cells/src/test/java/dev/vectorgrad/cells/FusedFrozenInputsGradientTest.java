package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Guards the fused sequence node's backward when only some of its inputs require gradients
 * (frozen weights, a frozen input or initial state): for every non-empty subset of
 * {x, weight_ih, weight_hh, bias_ih, bias_hh, h0, c0 (LSTM)} set trainable, for each cell type,
 * one and both directions, full-length and ragged batches, the fused path gives every trainable
 * tensor the composed reference path's gradient, and every frozen tensor no gradient at all.
 *
 * <p>The single-bias subsets are the point: {@code FusedSequence.backward} computes both bias
 * gradients under one condition ({@code gi[3] != null || gi[4] != null}), and a GRU's
 * {@code bias_hh} n-gate part differs from {@code bias_ih}'s (it is scaled by r), so each bias
 * alone must still get its own gradient. The subsets with one input alone exercise each of the
 * separate branches (the input, weight and initial-state gradients) on its own.
 *
 * <p>Tolerance: 1e-12 relative (absolute below magnitude 1), F64, as in
 * {@link FusedEqualsComposedTest}: both paths do the same arithmetic in a different association
 * order, differing by a few ulps per accumulated term at these sizes, while a skipped or
 * misrouted gradient is off by the gradient itself (checked below to be at least 1e-3).
 */
class FusedFrozenInputsGradientTest {

    static final int STEPS = 4;
    static final int BATCH = 3;
    static final int IN = 3;
    static final int HIDDEN = 3;
    static final double REL = 1e-12;
    /** A reference gradient must have an element this large, or a skipped gradient (zeros) could pass. */
    static final double MIN_SIGNAL = 1e-3;

    static final String[] NAMES = {"x", "weight_ih", "weight_hh", "bias_ih", "bias_hh", "h0", "c0"};

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (CellType type : CellType.values()) {
            for (boolean bi : new boolean[] {false, true}) {
                for (boolean ragged : new boolean[] {false, true}) {
                    list.add(Arguments.of(type, bi, ragged));
                }
            }
        }
        return list.stream();
    }

    /** The tensors of one subset's run; {@code trainable[i]} says whether NAMES[i] requires gradients. */
    private record Setup(Recurrent rnn, Tensor x, CellState init, int[] lengths) {

        /** The leaves that stand for NAMES[i] (both directions' weights for a weight name). */
        List<Tensor> leaves(int i) {
            List<Tensor> list = new ArrayList<>();
            switch (i) {
                case 0 -> list.add(x);
                case 5 -> list.add(init.h());
                case 6 -> list.add(init.c());
                default -> rnn.namedParameters().forEach((name, t) -> {
                    if (name.startsWith(NAMES[i] + "_")) {
                        list.add(t);
                    }
                });
            }
            return list;
        }
    }

    private static Setup setup(CellType type, boolean bi, boolean ragged) {
        RecurrentOptions o = RecurrentOptions.defaults().withDType(DType.F64).withBidirectional(bi).withSeed(5);
        Recurrent rnn = FusedEqualsComposedTest.layer(type, IN, HIDDEN, o);
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 1, STEPS, BATCH, IN);
        int n = o.directions();
        CellState init = new CellState(Tensor.uniform(DType.F64, -1, 1, 2, n, BATCH, HIDDEN),
                type.hasCellState() ? Tensor.uniform(DType.F64, -1, 1, 3, n, BATCH, HIDDEN) : null);
        return new Setup(rnn, x, init, ragged ? new int[] {4, 1, 3} : null);
    }

    /** Runs one path from zeroed gradients and returns, per NAMES index, each leaf's gradient (null if none). */
    private static List<List<double[]>> gradients(Setup s, int count, boolean fused) {
        for (int i = 0; i < count; i++) {
            for (Tensor t : s.leaves(i)) {
                t.zeroGrad();
            }
        }
        try (Tape tape = Tape.open()) {
            SequenceOutput out = fused ? s.rnn.forward(s.x, s.lengths, s.init)
                    : s.rnn.forwardComposed(s.x, s.lengths, s.init);
            // A fixed random projection of everything the layer returns: every gradient path is reached.
            Tensor loss = Ops.sum(Ops.mul(out.output(), Tensor.uniform(DType.F64, -1, 1, 11, out.output().shape())));
            loss = Ops.add(loss, Ops.sum(Ops.mul(out.state().h(),
                    Tensor.uniform(DType.F64, -1, 1, 12, out.state().h().shape()))));
            if (out.state().c() != null) {
                loss = Ops.add(loss, Ops.sum(Ops.mul(out.state().c(),
                        Tensor.uniform(DType.F64, -1, 1, 13, out.state().c().shape()))));
            }
            tape.backward(loss);
        }
        List<List<double[]>> grads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<double[]> g = new ArrayList<>();
            for (Tensor t : s.leaves(i)) {
                g.add(t.grad() == null ? null : t.grad().toDoubleArray());
            }
            grads.add(g);
        }
        return grads;
    }

    private static String subsetName(int mask, int count) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            if ((mask & (1 << i)) != 0) {
                b.append(b.length() > 1 ? ", " : "").append(NAMES[i]);
            }
        }
        return b.append('}').toString();
    }

    @ParameterizedTest(name = "{0} bidirectional={1} ragged={2}")
    @MethodSource("configs")
    void everySubsetOfTrainableInputsGetsTheComposedGradients(CellType type, boolean bi, boolean ragged) {
        int count = type.hasCellState() ? 7 : 6;
        Setup s = setup(type, bi, ragged);
        for (int mask = 1; mask < 1 << count; mask++) {
            String subset = type + (bi ? " bidirectional" : "") + (ragged ? " ragged" : "") + ", trainable "
                    + subsetName(mask, count);
            for (int i = 0; i < count; i++) {
                for (Tensor t : s.leaves(i)) {
                    t.requiresGrad((mask & (1 << i)) != 0);
                }
            }
            List<List<double[]>> composed = gradients(s, count, false);
            List<List<double[]>> fused = gradients(s, count, true);
            for (int i = 0; i < count; i++) {
                boolean trainable = (mask & (1 << i)) != 0;
                for (int k = 0; k < fused.get(i).size(); k++) {
                    String what = subset + ": gradient of " + NAMES[i] + " #" + k;
                    double[] e = composed.get(i).get(k);
                    double[] a = fused.get(i).get(k);
                    if (!trainable) {
                        assertNull(a, what + " (frozen) on the fused path");
                        assertNull(e, what + " (frozen) on the composed path");
                        continue;
                    }
                    assertNotNull(e, what + " on the composed path");
                    assertNotNull(a, what + " on the fused path");
                    assertTrue(maxAbs(e) >= MIN_SIGNAL, what + ": the reference is too small to tell");
                    assertEquals(e.length, a.length, what);
                    for (int j = 0; j < e.length; j++) {
                        assertEquals(e[j], a[j], REL * Math.max(1, Math.abs(e[j])), what + " element " + j);
                    }
                }
            }
            if (type == CellType.GRU && (mask & (1 << 3)) != 0 && (mask & (1 << 4)) != 0) {
                // The reference itself tells the two biases apart on the n gate: a b_hh gradient
                // computed as b_ih's would fail above.
                double[] bih = composed.get(3).get(0);
                double[] bhh = composed.get(4).get(0);
                double diff = 0;
                for (int j = 2 * HIDDEN; j < 3 * HIDDEN; j++) {
                    diff = Math.max(diff, Math.abs(bih[j] - bhh[j]));
                }
                assertTrue(diff >= MIN_SIGNAL, subset + ": the GRU's n-gate bias gradients should differ");
            }
        }
        for (int i = 0; i < count; i++) {
            for (Tensor t : s.leaves(i)) {
                t.requiresGrad(true);
            }
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
