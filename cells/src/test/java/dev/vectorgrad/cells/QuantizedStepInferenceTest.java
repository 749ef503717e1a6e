package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.quant.WeightFormat;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link StepInference} with bf16 and int8 weights against float32 weights: on the PyTorch-parity LSTM (2 layers,
 * I = 3, H = 4, from {@code lstm_l2_uni}) over 100 steps, and for every cell type at a larger size; batch 1 (GEMV)
 * and batched (packed GEMM) steps multiply by the same quantised values.
 *
 * <p>Relative error of an output element at a step: {@code |h_q - h_fp32| / max|h_fp32|}, the maximum over that
 * step's elements of every stream (so an output near 0 is not divided by itself). The limits asserted are the
 * quantisation steps themselves: int8 rounds each weight to within half a step of {@code max|row| / 127}, i.e. up
 * to {@code 1/254 = 3.9e-3} of its row's largest weight, and bf16 to within {@code 2^-8 = 3.9e-3} of itself; an output
 * error above 4 times that step (1.6e-2), after the errors pass through the gates and the recurrence over 100 steps
 * of a contracting LSTM, would mean the weights were not the quantised ones (a wrong scale or a wrong block). The
 * measured values are printed for the notes.
 */
class QuantizedStepInferenceTest {

    /** Four quantisation steps of either format (see the class comment). */
    private static final double LIMIT = 4.0 / 254;

    @Test
    void pyTorchParityLstmOver100Steps() throws Exception {
        Map<String, Tensor> file = PyTorchParityTest.load("lstm_l2_uni");
        Tensor input = file.get("input"); // [5, 3, 3]
        int fixtureSteps = input.dim(0);
        int batch = input.dim(1);
        int in = input.dim(2);
        int hidden = file.get("h0").dim(2);
        Recurrent lstm = FusedEqualsComposedTest.layer(CellType.LSTM, in, hidden,
                RecurrentOptions.defaults().withDType(DType.F64).withLayers(2));
        PyTorchParityTest.loadParameters(lstm, file);
        float[] x = input.toFloatArray();
        int steps = 100;
        // The float32 steps start from PyTorch's initial states and reproduce its outputs over the fixture's 5 steps.
        StepInference fp32 = StepInference.of(lstm);
        StepInference.State ref = start(fp32, batch, file);
        float[] pytorch = file.get("output").toFloatArray();
        float[][] expected = new float[steps][];
        for (int t = 0; t < steps; t++) {
            // The fixture's inputs, repeated: step t reads fixture step t % 5.
            expected[t] = fp32.step(ref, x, (t % fixtureSteps) * batch * in).clone();
            if (t < fixtureSteps) {
                for (int i = 0; i < batch * hidden; i++) {
                    assertEquals(pytorch[t * batch * hidden + i], expected[t][i], 1e-6, "fp32 vs PyTorch, t=" + t);
                }
            }
        }
        for (WeightFormat f : new WeightFormat[] {WeightFormat.BF16, WeightFormat.INT8}) {
            StepInference q = StepInference.of(lstm, f);
            assertEquals(f, q.weightFormat());
            StepInference.State batched = start(q, batch, file);
            double max = 0;
            double sum = 0;
            int count = 0;
            for (int t = 0; t < steps; t++) {
                float[] h = q.step(batched, x, (t % fixtureSteps) * batch * in);
                double scale = 0;
                for (float v : expected[t]) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < batch * hidden; i++) {
                    double e = Math.abs(h[i] - expected[t][i]) / scale;
                    max = Math.max(max, e);
                    sum += e;
                    count++;
                }
            }
            System.out.printf(Locale.ROOT, "lstm_l2_uni, 100 steps, batch %d, %s vs fp32: max relative error %.3e,"
                    + " mean %.3e%n", batch, f, max, sum / count);
            assertTrue(max <= LIMIT, f + ": max relative error " + max + " > " + LIMIT);
            assertTrue(max > 0, f + ": the quantised outputs equal fp32's exactly, so the weights were not quantised");
        }
    }

    /** A state for {@code batch} streams starting from the fixture's h0 and c0 (both layers). */
    private static StepInference.State start(StepInference model, int batch, Map<String, Tensor> file) {
        StepInference.State s = model.newState(batch);
        float[] h0 = file.get("h0").toFloatArray();
        float[] c0 = file.get("c0").toFloatArray();
        int size = batch * model.hiddenSize();
        for (int l = 0; l < model.layers(); l++) {
            System.arraycopy(h0, l * size, s.h(l), 0, size);
            System.arraycopy(c0, l * size, s.c(l), 0, size);
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void quantisedStepsStayNearFp32AndBatchOneMatchesBatched(CellType type) {
        int in = 37;
        int hidden = 45; // neither a multiple of 4 rows nor of the 32-column bf16 blocks, so every edge is taken
        int batch = 3;
        int steps = 30;
        Recurrent layer = StepInferenceTest.layer(type, in, hidden, 2);
        float[] x = Tensor.uniform(DType.F32, -1, 1, 5, steps, batch, in).dataF32();
        StepInference fp32 = StepInference.of(layer);
        for (WeightFormat f : new WeightFormat[] {WeightFormat.BF16, WeightFormat.INT8}) {
            StepInference q = StepInference.of(layer, f);
            StepInference.State ref = fp32.newState(batch);
            StepInference.State batched = q.newState(batch);
            StepInference.State[] singles = new StepInference.State[batch];
            for (int b = 0; b < batch; b++) {
                singles[b] = q.newState(1);
            }
            double max = 0;
            for (int t = 0; t < steps; t++) {
                float[] expected = fp32.step(ref, x, t * batch * in);
                float[] h = q.step(batched, x, t * batch * in);
                double scale = 0;
                for (float v : expected) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int b = 0; b < batch; b++) {
                    float[] one = q.step(singles[b], x, (t * batch + b) * in);
                    for (int i = 0; i < hidden; i++) {
                        max = Math.max(max, Math.abs(h[b * hidden + i] - expected[b * hidden + i]) / scale);
                        // Same quantised weights, float sums in another order (GEMV lanes vs GEMM in order), as the
                        // float32 steps differ between batch 1 and batched (StepInferenceTest: 1e-5).
                        assertEquals(h[b * hidden + i], one[i], 1e-5f, type + " " + f + " t=" + t + " stream " + b);
                    }
                }
            }
            assertTrue(max <= LIMIT, type + " " + f + ": max relative error " + max + " > " + LIMIT);
            assertTrue(max > 0, type + " " + f + ": no difference from fp32");
        }
    }

    @Test
    void formatDefaultsToFp32AndNullIsRefused() {
        Recurrent layer = StepInferenceTest.layer(CellType.GRU, 3, 4, 1);
        assertEquals(WeightFormat.FP32, StepInference.of(layer).weightFormat());
        var e = assertThrows(NullPointerException.class, () -> StepInference.of(layer, null));
        assertEquals("StepInference: weight format is null (expected FP32, BF16 or INT8)", e.getMessage());
        RecurrentCell cell = new LstmCell(3, 4, DType.F32, 1);
        assertEquals(WeightFormat.INT8, StepInference.of(cell, WeightFormat.INT8).weightFormat());
    }
}
