package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cells on extreme inputs, through the sequence layers' fused forward and backward and through
 * {@link StepInference}: inputs of +/-1e4 saturate the gates, so outputs stay finite (within
 * [-1, 1] for the tanh-based cells) and gradients finite; subnormal inputs behave like zeros; a
 * single infinite input element saturates like a large one; a NaN in one sequence of a batch makes
 * that sequence's outputs NaN from its step on, and leaves the other sequences' bits untouched.
 */
class NumericalEdgeCasesTest {

    static final int STEPS = 12;
    static final int BATCH = 3;
    static final int IN = 5;
    static final int HIDDEN = 8;

    static Recurrent layer(CellType type) {
        return FusedEqualsComposedTest.layer(type, IN, HIDDEN, RecurrentOptions.defaults().withLayers(2).withSeed(17));
    }

    static Tensor input(long seed) {
        return Tensor.uniform(DType.F32, -1, 1, seed, STEPS, BATCH, IN);
    }

    /** Forward and backward of sum(output); returns {output, d input}; the layer's gradients are left in place. */
    static Tensor[] forwardBackward(Recurrent rnn, Tensor x) {
        for (Tensor p : rnn.parameters()) {
            p.zeroGrad();
        }
        Tensor in = x.detach().requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = rnn.forward(in).output();
            tape.backward(Ops.sum(y));
            return new Tensor[] {y.detach(), in.grad()};
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void inputsOfPlusMinus1e4AndSubnormalsGiveFiniteOutputsAndGradients(CellType type) {
        Recurrent rnn = layer(type);
        Tensor x = input(1);
        double[] extremes = {1e4, -1e4, 0x1p-149, -0x1p-149, 1e-40, 0};
        for (int i = 0; i < x.size(); i++) {
            x.set(i, extremes[i % extremes.length]);
        }
        Tensor[] r = forwardBackward(rnn, x);
        boolean bounded = type != CellType.RNN_RELU;
        for (int i = 0; i < r[0].size(); i++) {
            double v = r[0].get(i);
            assertTrue(Double.isFinite(v) && (!bounded || Math.abs(v) <= 1), type + " output " + i + " = " + v);
        }
        for (int i = 0; i < r[1].size(); i++) {
            assertTrue(Double.isFinite(r[1].get(i)), type + " input gradient " + i + " = " + r[1].get(i));
        }
        for (Tensor p : rnn.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                assertTrue(Double.isFinite(p.grad().get(i)), type + " parameter gradient = " + p.grad().get(i));
            }
        }
        // Step inference agrees on the same extreme inputs (within float rounding of another order).
        StepInference model = StepInference.of(rnn);
        StepInference.State s = model.newState(BATCH);
        for (int t = 0; t < STEPS; t++) {
            float[] h = model.step(s, x.dataF32(), t * BATCH * IN);
            for (int i = 0; i < BATCH * HIDDEN; i++) {
                double expected = r[0].get(t * BATCH * HIDDEN + i);
                assertEquals(expected, h[i], 1e-4 * Math.max(1, Math.abs(expected)), type + " step " + t + " element " + i);
            }
        }
        // Subnormal inputs give exactly the outputs of zero inputs.
        Tensor tiny = Tensor.zeros(DType.F32, STEPS, BATCH, IN);
        for (int i = 0; i < tiny.size(); i++) {
            tiny.set(i, i % 2 == 0 ? 0x1p-149 : -1e-40);
        }
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            ConcurrentInferenceTest.assertBits(rnn.forward(Tensor.zeros(DType.F32, STEPS, BATCH, IN)).output().dataF32(),
                    rnn.forward(tiny).output().dataF32(), type + ": subnormal inputs");
        }
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"RNN_TANH", "LSTM", "GRU"})
    void oneInfiniteInputElementSaturatesTheGates(CellType type) {
        Recurrent rnn = layer(type);
        for (Tensor p : rnn.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                assertTrue(p.get(i) != 0, "no zero weight (0 * inf would be NaN)");
            }
        }
        for (double inf : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Tensor x = input(2);
            x.set((4 * BATCH + 1) * IN + 3, inf); // step 4, sequence 1
            try (Tape.NoGrad ignored = Tape.noGrad()) {
                float[] y = rnn.forward(x).output().dataF32();
                for (int i = 0; i < y.length; i++) {
                    assertTrue(Float.isFinite(y[i]) && Math.abs(y[i]) <= 1, type + " output " + i + " = " + y[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void aNaNPropagatesThroughItsSequenceOnlyAndNeverVanishes(CellType type) {
        Recurrent rnn = layer(type);
        Tensor clean = input(3);
        Tensor poisoned = input(3);
        int nanStep = 5;
        int nanSeq = 1;
        poisoned.set((nanStep * BATCH + nanSeq) * IN + 2, Double.NaN);
        float[] a;
        float[] b;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            a = rnn.forward(clean).output().dataF32();
            b = rnn.forward(poisoned).output().dataF32();
        }
        StepInference model = StepInference.of(rnn);
        StepInference.State s = model.newState(BATCH);
        for (int t = 0; t < STEPS; t++) {
            float[] h = model.step(s, poisoned.dataF32(), t * BATCH * IN);
            for (int seq = 0; seq < BATCH; seq++) {
                for (int j = 0; j < HIDDEN; j++) {
                    int i = (t * BATCH + seq) * HIDDEN + j;
                    String where = type + " step " + t + " sequence " + seq + " unit " + j;
                    if (seq == nanSeq && t >= nanStep) {
                        assertTrue(Float.isNaN(b[i]), where + ": forward gives " + b[i]);
                        assertTrue(Float.isNaN(h[seq * HIDDEN + j]), where + ": step inference gives " + h[seq * HIDDEN + j]);
                    } else {
                        assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), where);
                        assertTrue(Float.isFinite(h[seq * HIDDEN + j]), where);
                    }
                }
            }
        }
        // A reset state starts clean again: no NaN is left in the workspace.
        s.reset();
        float[] h = model.step(s, clean.dataF32(), 0);
        for (int i = 0; i < h.length; i++) {
            assertTrue(Float.isFinite(h[i]), type + ": after reset, element " + i + " = " + h[i]);
        }
    }
}
