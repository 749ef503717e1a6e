package dev.vectorgrad.cells;

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
 * The fused sequence node (one tape node per layer and direction, hand-written backward) gives
 * the same outputs, final states and gradients as the composed reference, in F64, within
 * 1e-12 relative: both do the same arithmetic in a different association order (bias merged
 * before or after the recurrent product, gradient sums over steps as one GEMM or per step), so
 * they differ by a few ulps per accumulated term, far below 1e-12 for these sizes.
 */
class FusedEqualsComposedTest {

    static final double REL = 1e-12;

    static Stream<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        for (CellType type : CellType.values()) {
            for (int layers = 1; layers <= 2; layers++) {
                for (boolean bi : new boolean[] {false, true}) {
                    for (boolean ragged : new boolean[] {false, true}) {
                        list.add(Arguments.of(type, layers, bi, ragged));
                    }
                }
            }
        }
        return list.stream();
    }

    static Recurrent layer(CellType type, int in, int hidden, RecurrentOptions o) {
        return switch (type) {
            case RNN_TANH -> new Rnn(in, hidden, Nonlinearity.TANH, o);
            case RNN_RELU -> new Rnn(in, hidden, Nonlinearity.RELU, o);
            case LSTM -> new Lstm(in, hidden, o);
            case GRU -> new Gru(in, hidden, o);
        };
    }

    /** Gradients of a fixed random projection of all outputs, in parameter order, then input and initial state. */
    static List<double[]> run(Recurrent rnn, Tensor x, int[] lengths, CellState init, boolean fused, List<double[]> values) {
        for (Tensor p : rnn.parameters()) {
            p.zeroGrad();
        }
        x.zeroGrad();
        init.h().zeroGrad();
        if (init.c() != null) {
            init.c().zeroGrad();
        }
        try (Tape tape = Tape.open()) {
            SequenceOutput out = fused ? rnn.forward(x, lengths, init) : rnn.forwardComposed(x, lengths, init);
            Tensor loss = Ops.sum(Ops.mul(out.output(), Tensor.uniform(DType.F64, -1, 1, 11, out.output().shape())));
            loss = Ops.add(loss, Ops.sum(Ops.mul(out.state().h(), Tensor.uniform(DType.F64, -1, 1, 12, out.state().h().shape()))));
            if (out.state().c() != null) {
                loss = Ops.add(loss, Ops.sum(Ops.mul(out.state().c(), Tensor.uniform(DType.F64, -1, 1, 13, out.state().c().shape()))));
            }
            values.add(out.output().toDoubleArray());
            values.add(out.state().h().toDoubleArray());
            if (out.state().c() != null) {
                values.add(out.state().c().toDoubleArray());
            }
            tape.backward(loss);
        }
        List<double[]> grads = new ArrayList<>();
        for (Tensor p : rnn.parameters()) {
            grads.add(p.grad().toDoubleArray());
        }
        grads.add(x.grad().toDoubleArray());
        grads.add(init.h().grad().toDoubleArray());
        if (init.c() != null) {
            grads.add(init.c().grad().toDoubleArray());
        }
        return grads;
    }

    static void assertClose(List<double[]> expected, List<double[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            double[] e = expected.get(i);
            double[] a = actual.get(i);
            assertEquals(e.length, a.length);
            for (int j = 0; j < e.length; j++) {
                double tol = REL * Math.max(1, Math.abs(e[j]));
                assertEquals(e[j], a[j], tol, what + " #" + i + " element " + j);
            }
        }
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} ragged={3}")
    @MethodSource("configs")
    void fusedMatchesComposed(CellType type, int layers, boolean bi, boolean ragged) {
        int steps = 5;
        int batch = 3;
        int in = 4;
        int hidden = 3;
        RecurrentOptions o = RecurrentOptions.defaults().withDType(DType.F64).withLayers(layers).withBidirectional(bi).withSeed(5);
        Recurrent rnn = layer(type, in, hidden, o);
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 1, steps, batch, in).requiresGrad(true);
        int n = layers * o.directions();
        CellState init = new CellState(Tensor.uniform(DType.F64, -1, 1, 2, n, batch, hidden).requiresGrad(true),
                type.hasCellState() ? Tensor.uniform(DType.F64, -1, 1, 3, n, batch, hidden).requiresGrad(true) : null);
        int[] lengths = ragged ? new int[] {5, 2, 4} : null;
        List<double[]> composedValues = new ArrayList<>();
        List<double[]> fusedValues = new ArrayList<>();
        List<double[]> composed = run(rnn, x, lengths, init, false, composedValues);
        List<double[]> fused = run(rnn, x, lengths, init, true, fusedValues);
        assertClose(composedValues, fusedValues, "forward");
        assertClose(composed, fused, "gradient");
    }
}
