package dev.vectorgrad.models.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.quant.WeightFormat;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.GRU;
import dev.vectorgrad.models.layers.KerasLayer;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.SimpleRNN;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link StepModel#compile(Sequential, WeightFormat)}: a served model with bf16 or int8 weights stays near the same
 * model in float32 (every layer kind: Embedding, SimpleRNN, LSTM, GRU, Dense), a batched step gives each stream the
 * bits of its single-stream step, and a weight the format cannot hold is refused naming the layer.
 *
 * <p>The limit, 4/254 of the largest output of the step, is four quantisation steps of either format (int8: half a
 * step of {@code max|row| / 127}, bf16: a relative {@code 2^-8}), as in cells' {@code QuantizedStepInferenceTest}.
 */
class QuantizedStepModelTest {

    private static final double LIMIT = 4.0 / 254;
    private static final int T = 12;

    private static Sequential model() {
        Sequential m = new Sequential(new Embedding(13, 8), LSTM.builder(37).returnSequences(true).build(),
                GRU.builder(21).returnSequences(true).build(), new SimpleRNN(18), new Dense(7, "softmax"))
                .inputShape(-1);
        long seed = 1;
        for (Layer layer : m.layers()) {
            if (layer instanceof KerasLayer k) {
                List<Tensor> values = new ArrayList<>();
                for (Tensor w : k.getWeights()) {
                    values.add(Tensor.uniform(DType.F32, -0.4, 0.4, seed++, w.shape()));
                }
                if (!values.isEmpty()) {
                    k.setWeights(values);
                }
            }
        }
        return m;
    }

    @Test
    void quantisedStepsStayNearFp32AndBatchedEqualsSingle() {
        Sequential m = model();
        StepModel fp32 = StepModel.compile(m);
        assertEquals(WeightFormat.FP32, fp32.weightFormat());
        int streams = 3;
        for (WeightFormat f : new WeightFormat[] {WeightFormat.BF16, WeightFormat.INT8}) {
            StepModel q = StepModel.compile(m, f);
            assertEquals(f, q.weightFormat());
            StepModel.State batched = q.newState(streams);
            StepModel.State[] singles = new StepModel.State[streams];
            StepModel.State[] refs = new StepModel.State[streams];
            for (int b = 0; b < streams; b++) {
                singles[b] = q.newState();
                refs[b] = fp32.newState();
            }
            double max = 0;
            for (int t = 0; t < T; t++) {
                int[] ids = new int[streams];
                for (int b = 0; b < streams; b++) {
                    ids[b] = (t * 5 + b * 3) % 13;
                }
                float[] all = q.step(batched, ids).clone();
                for (int b = 0; b < streams; b++) {
                    float[] one = q.step(singles[b], ids[b]);
                    float[] mine = java.util.Arrays.copyOfRange(all, b * 7, (b + 1) * 7);
                    assertArrayEquals(one, mine, f + " t=" + t + " stream " + b + ": batched vs single");
                    float[] expected = fp32.step(refs[b], ids[b]);
                    double scale = 0;
                    for (float v : expected) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    for (int i = 0; i < 7; i++) {
                        max = Math.max(max, Math.abs(one[i] - expected[i]) / scale);
                    }
                }
            }
            assertTrue(max <= LIMIT, f + ": max relative error " + max + " > " + LIMIT);
            assertTrue(max > 0, f + ": equal to fp32, so the weights were not quantised");
        }
    }

    @Test
    void nullFormatAndUnrepresentableWeightsAreRefused() {
        Sequential m = new Sequential(new LSTM(4), new Dense(2)).inputShape(-1, 3);
        var npe = assertThrows(NullPointerException.class, () -> StepModel.compile(m, null));
        assertEquals("StepModel: weight format is null (expected FP32, BF16 or INT8)", npe.getMessage());
        List<Tensor> w = new ArrayList<>(((KerasLayer) m.layers().get(1)).getWeights());
        float[] kernel = w.get(0).toFloatArray();
        kernel[3] = Float.MAX_VALUE; // finite, but rounds to infinity in bf16
        w.set(0, Tensor.of(kernel, w.get(0).shape()));
        ((KerasLayer) m.layers().get(1)).setWeights(w);
        var e = assertThrows(IllegalArgumentException.class, () -> StepModel.compile(m, WeightFormat.BF16));
        assertTrue(e.getMessage().startsWith("StepModel: layer 1 '" + m.layers().get(1).name() + "' (Dense): Bf16Matrix"
                + ".round: weight ("), e.getMessage());
        StepModel.compile(m, WeightFormat.INT8); // int8 scales it: representable
    }
}
