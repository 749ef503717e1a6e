package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.nn.Module;
import dev.vectorgrad.nn.StateDict;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with PyTorch 1.13 in F64: reference files written by
 * {@code cells/src/test/python/cell_reference.py} hold a module's state_dict (PyTorch's names),
 * inputs, initial states, outputs, final states, and the gradients of a loss (a fixed random
 * projection of every output) with respect to every parameter, the input and the initial
 * states. Both the fused and the composed path must match all of it to 1e-9 relative to the
 * largest magnitude in each tensor: the two libraries compute the same sums in different orders,
 * which in double differs by ~1e-15 relative per operation.
 */
class PyTorchParityTest {

    static final double REL = 1e-9;

    static Stream<String> sequenceCases() {
        Stream.Builder<String> b = Stream.builder();
        for (String kind : new String[] {"rnn_tanh", "rnn_relu", "lstm", "gru"}) {
            for (int layers = 1; layers <= 2; layers++) {
                b.add(kind + "_l" + layers + "_uni");
                b.add(kind + "_l" + layers + "_bi");
            }
            b.add(kind + "_l2_bi_lengths");
        }
        return b.build();
    }

    static Map<String, Tensor> load(String name) throws Exception {
        Path file = Path.of(PyTorchParityTest.class.getResource("/pytorch/" + name + ".safetensors").toURI());
        return SafeTensors.read(file).tensors();
    }

    static CellType type(String name) {
        return name.startsWith("rnn_tanh") ? CellType.RNN_TANH
                : name.startsWith("rnn_relu") ? CellType.RNN_RELU
                : name.startsWith("lstm") ? CellType.LSTM : CellType.GRU;
    }

    /** The parameters of {@code layer} taken from the reference file, loaded by their PyTorch names. */
    static void loadParameters(Module layer, Map<String, Tensor> file) {
        Map<String, Tensor> params = new HashMap<>();
        for (String n : layer.namedParameters().keySet()) {
            params.put(n, file.get(n));
        }
        StateDict.load(layer, params, "");
    }

    static Tensor leaf(Map<String, Tensor> file, String name) {
        return file.get(name).detach().requiresGrad(true);
    }

    static void assertMatches(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = 0;
        for (int i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.get(i)));
        }
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), REL * Math.max(scale, Double.MIN_NORMAL), what + " element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("sequenceCases")
    void sequenceLayerMatchesPyTorch(String name) throws Exception {
        Map<String, Tensor> file = load(name);
        CellType type = type(name);
        int layers = name.contains("_l2_") ? 2 : 1;
        boolean bi = name.contains("_bi");
        Tensor input = file.get("input");
        RecurrentOptions o = RecurrentOptions.defaults().withDType(DType.F64).withLayers(layers).withBidirectional(bi);
        Recurrent rnn = FusedEqualsComposedTest.layer(type, input.dim(2), file.get("h0").dim(2), o);
        loadParameters(rnn, file);
        int[] lengths = new int[input.dim(1)];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = (int) file.get("lengths").get(b);
        }
        for (boolean fused : new boolean[] {true, false}) {
            String path = name + (fused ? " fused " : " composed ");
            for (Tensor p : rnn.parameters()) {
                p.zeroGrad();
            }
            Tensor x = leaf(file, "input");
            Tensor h0 = leaf(file, "h0");
            Tensor c0 = type.hasCellState() ? leaf(file, "c0") : null;
            try (Tape tape = Tape.open()) {
                CellState init = new CellState(h0, c0);
                SequenceOutput out = fused ? rnn.forward(x, lengths, init) : rnn.forwardComposed(x, lengths, init);
                assertMatches(file.get("output"), out.output(), path + "output");
                assertMatches(file.get("h_n"), out.state().h(), path + "h_n");
                Tensor loss = Ops.add(Ops.sum(Ops.mul(out.output(), file.get("w_output"))),
                        Ops.sum(Ops.mul(out.state().h(), file.get("w_h"))));
                if (c0 != null) {
                    assertMatches(file.get("c_n"), out.state().c(), path + "c_n");
                    loss = Ops.add(loss, Ops.sum(Ops.mul(out.state().c(), file.get("w_c"))));
                }
                tape.backward(loss);
            }
            assertMatches(file.get("grad.input"), x.grad(), path + "grad.input");
            assertMatches(file.get("grad.h0"), h0.grad(), path + "grad.h0");
            if (c0 != null) {
                assertMatches(file.get("grad.c0"), c0.grad(), path + "grad.c0");
            }
            for (Map.Entry<String, Tensor> p : rnn.namedParameters().entrySet()) {
                assertMatches(file.get("grad." + p.getKey()), p.getValue().grad(), path + "grad." + p.getKey());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cellKinds")
    void cellMatchesPyTorch(String kind) throws Exception {
        Map<String, Tensor> file = load(kind + "_cell");
        CellType type = type(kind);
        Tensor input = file.get("input");
        int in = input.dim(1);
        int hidden = file.get("h0").dim(1);
        RecurrentCell cell = switch (type) {
            case RNN_TANH -> new RnnCell(in, hidden, Nonlinearity.TANH, DType.F64, 0);
            case RNN_RELU -> new RnnCell(in, hidden, Nonlinearity.RELU, DType.F64, 0);
            case LSTM -> new LstmCell(in, hidden, DType.F64, 0);
            case GRU -> new GruCell(in, hidden, DType.F64, 0);
        };
        loadParameters(cell, file);
        Tensor x = leaf(file, "input");
        Tensor h0 = leaf(file, "h0");
        Tensor c0 = type.hasCellState() ? leaf(file, "c0") : null;
        try (Tape tape = Tape.open()) {
            CellState next = cell.forward(x, new CellState(h0, c0));
            assertMatches(file.get("h_n"), next.h(), kind + " h1");
            Tensor loss = Ops.sum(Ops.mul(next.h(), file.get("w_h")));
            if (c0 != null) {
                assertMatches(file.get("c_n"), next.c(), kind + " c1");
                loss = Ops.add(loss, Ops.sum(Ops.mul(next.c(), file.get("w_c"))));
            }
            tape.backward(loss);
        }
        assertMatches(file.get("grad.input"), x.grad(), kind + " grad.input");
        assertMatches(file.get("grad.h0"), h0.grad(), kind + " grad.h0");
        for (Map.Entry<String, Tensor> p : cell.namedParameters().entrySet()) {
            assertMatches(file.get("grad." + p.getKey()), p.getValue().grad(), kind + " grad." + p.getKey());
        }
        assertTrue(x.grad().size() > 0);
    }

    static Stream<String> cellKinds() {
        return Stream.of("rnn_tanh", "rnn_relu", "lstm", "gru");
    }
}
