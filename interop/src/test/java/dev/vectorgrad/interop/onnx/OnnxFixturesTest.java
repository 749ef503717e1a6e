package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        // 11 torch models x 2 opsets + 10 built graphs: a missing resource directory must not pass vacuously
        assertEquals(32, names.size(), names::toString);
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
}
