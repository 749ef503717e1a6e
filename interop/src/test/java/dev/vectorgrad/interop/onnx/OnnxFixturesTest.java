package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.Kernels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fixture model runs and matches its expected outputs within {@link Fixtures#TOL}: the torch-exported
 * LSTM/GRU/RNN (tanh and relu) models of 1-3 layers, bidirectional, batch_first, with and without initial states, a
 * 2-layer bidirectional GRU + Linear and an Embedding + LSTM + Linear, at opsets 13 and 17, against PyTorch; and the
 * graphs torch does not emit (sequence_lens, GRU linear_before_reset 0, reverse only, layout 1, typed initializer
 * fields, external data) against the script's float64 NumPy reference.
 */
class OnnxFixturesTest {

    static List<String> fixtures() {
        return Fixtures.names();
    }

    @Test
    void theFixturesAreAllThere() {
        List<String> names = Fixtures.names();
        // 11 torch models x 2 opsets + 14 built graphs: a missing resource directory must not pass vacuously
        assertEquals(36, names.size(), names::toString);
        assertEquals(22, names.stream().filter(n -> n.startsWith("torch_")).count());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesTheExpectedOutputs(String name) throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file(name + ".onnx"));
        Map<String, Tensor> expected = Fixtures.tensors(name, "out.");
        Map<String, OnnxTensor> actual = model.run(Fixtures.inputs(model, name));
        Fixtures.assertSameKeys(expected, actual);
        double worst = 0;
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            worst = Math.max(worst, Fixtures.assertClose(name + " " + e.getKey(), e.getValue(),
                    actual.get(e.getKey()), Fixtures.TOL));
        }
        System.out.printf("%s: largest |error| / (1 + |expected|) = %.2e%n", name, worst);
    }

    @Test
    void theOpsetsAreThoseExported() throws Exception {
        assertEquals(13, OnnxModel.load(Fixtures.file("torch_lstm_1l_op13.onnx")).opset());
        assertEquals(17, OnnxModel.load(Fixtures.file("torch_lstm_1l_op17.onnx")).opset());
    }

    @Test
    void aDifferentBatchAndLengthRunThroughTheSameGraph() throws Exception {
        // the exports have dynamic batch and time axes: a longer input with more rows must run, and its first
        // rows/steps must not equal a run of zeros (the model reads the input)
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_gru2bi_linear_op17.onnx"));
        float[] x = new float[3 * 7 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        OnnxTensor y = model.run(Map.of("x", OnnxTensor.ofFloats(x, 3, 7, 4))).get("y");
        assertEquals(List.of(3, 7, 3), List.of(y.dim(0), y.dim(1), y.dim(2)));
        OnnxTensor zero = model.run(Map.of("x", OnnxTensor.ofFloats(new float[x.length], 3, 7, 4))).get("y");
        boolean differs = false;
        for (int i = 0; i < y.size(); i++) {
            differs |= y.getDouble(i) != zero.getDouble(i);
        }
        assertTrue(differs);
    }

    @Test
    void aSequenceSplitOverThreadsGivesEachRowTheBitsOfARunOfItsOwnPart() throws Exception {
        // 16 rows run as two parts of 8 on the kernel threads (2 in this module's tests, see its pom); a run of 8 rows
        // is one part: each row must come out with the same bits either way
        assertTrue(Kernels.provider().threads() >= 2, "the test needs two kernel threads");
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_lstm_1l_op17.onnx"));
        int steps = 9;
        int rows = 16;
        int inputs = 3;
        float[] x = new float[steps * rows * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.7 * i);
        }
        Map<String, OnnxTensor> whole = model.run(Map.of("x", OnnxTensor.ofFloats(x, steps, rows, inputs)));
        for (int half = 0; half < 2; half++) {
            float[] part = new float[steps * 8 * inputs];
            for (int t = 0; t < steps; t++) {
                System.arraycopy(x, (t * rows + half * 8) * inputs, part, t * 8 * inputs, 8 * inputs);
            }
            Map<String, OnnxTensor> alone = model.run(Map.of("x", OnnxTensor.ofFloats(part, steps, 8, inputs)));
            for (String output : whole.keySet()) {
                float[] all = whole.get(output).floats();
                float[] own = alone.get(output).floats();
                int perStep = own.length / (output.equals("y") ? steps : 1);
                for (int i = 0; i < own.length; i++) {
                    int block = i / perStep;
                    int expected = block * 2 * perStep + half * perStep + i % perStep;
                    assertEquals(Float.floatToIntBits(own[i]), Float.floatToIntBits(all[expected]),
                            output + " element " + i + " of half " + half);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"built_gru_lbr0_fwd_seqlens_init", "built_lstm_reverse_seqlens_init",
        "built_rnn_tanh_fwd_seqlens_init"})
    void weightsGivenAsInputsRunUnpackedToTheSameResults(String name) throws Exception {
        // constant weights are packed at load time; fed as graph inputs they take the unpacked GEMM path
        OnnxModel packed = OnnxModel.load(Fixtures.file(name + ".onnx"));
        OnnxIr.Graph g = packed.ir().graph();
        List<OnnxIr.ValueInfo> inputs = new java.util.ArrayList<>(g.inputs());
        g.initializers().keySet().forEach(k -> inputs.add(new OnnxIr.ValueInfo(k, 1, null)));
        OnnxModel unpacked = OnnxModel.of(new OnnxIr.Model(packed.ir().irVersion(), "", packed.ir().opsetImports(),
                new OnnxIr.Graph(g.name(), g.nodes(), Map.of(), inputs, g.outputs())));
        Map<String, OnnxTensor> feeds = new java.util.LinkedHashMap<>(Fixtures.inputs(packed, name));
        feeds.putAll(g.initializers());
        Map<String, OnnxTensor> actual = unpacked.run(feeds);
        Fixtures.tensors(name, "out.").forEach((k, v) -> Fixtures.assertClose(name + " unpacked " + k, v,
                actual.get(k), Fixtures.TOL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"built_gru_lbr0_fwd_seqlens_init", "built_gru_lbr1_reverse_init",
        "built_lstm_reverse_seqlens_init", "built_rnn_tanh_fwd_seqlens_init"})
    void aBatchOfOneRunsThroughGemvToTheSameResults(String name) throws Exception {
        // batch row 0 alone: the recurrent product has one row and takes the GEMV path
        OnnxModel model = OnnxModel.load(Fixtures.file(name + ".onnx"));
        Map<String, Integer> batchAxis = Map.of("X", 1, "initial_h", 1, "initial_c", 1, "sequence_lens", 0,
                "Y", 2, "Y_h", 1, "Y_c", 1);
        Map<String, OnnxTensor> feeds = new java.util.LinkedHashMap<>();
        Fixtures.inputs(model, name).forEach((k, v) -> feeds.put(k, firstRow(v, batchAxis.get(k))));
        Map<String, OnnxTensor> actual = model.run(feeds);
        for (Map.Entry<String, Tensor> e : Fixtures.tensors(name, "out.").entrySet()) {
            OnnxTensor expected = firstRow(OnnxTensor.of(e.getValue()), batchAxis.get(e.getKey()));
            Fixtures.assertClose(name + " batch 1 " + e.getKey(), Tensor.of(expected.doubles(), expected.shape()),
                    actual.get(e.getKey()), Fixtures.TOL);
        }
    }

    /** Index 0 of {@code axis}, kept as a dimension of size 1. */
    private static OnnxTensor firstRow(OnnxTensor t, int axis) {
        int[] shape = t.shape();
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int inner = t.size() / (outer * shape[axis]);
        int rows = shape[axis];
        shape[axis] = 1;
        double[] out = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                out[o * inner + i] = t.getDouble(o * rows * inner + i);
            }
        }
        return switch (t.type()) {
            case FLOAT -> {
                float[] f = new float[out.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) out[i];
                }
                yield OnnxTensor.ofFloats(f, shape);
            }
            case INT32 -> OnnxTensor.ofInts(java.util.Arrays.stream(out).mapToInt(v -> (int) v).toArray(), shape);
            default -> OnnxTensor.ofDoubles(out, shape);
        };
    }
}
