package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import dev.vectorgrad.autograd.check.Report;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.SimpleRNN;
import dev.vectorgrad.models.optimizers.SGD;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Sequential#checkGradients}: a whole model's gradients against finite differences in double precision. */
class ModelGradCheckTest {

    private static double[][][] x(int n, int t, int f, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][][] x = new double[n][t][f];
        for (double[][] s : x) {
            for (double[] step : s) {
                for (int k = 0; k < f; k++) {
                    step[k] = r.nextDouble(-1, 1);
                }
            }
        }
        return x;
    }

    @Test
    void aRecurrentModelPassesInFastAndFullModeAndIsLeftUnchanged() {
        Sequential m = new Sequential(new Input(4, 3),
                LSTM.builder(5).returnSequences(true).dtype(DType.F64).seed(1).build(),
                SimpleRNN.builder(4).dtype(DType.F64).seed(2).build(),
                Dense.builder(2).activation("tanh").dtype(DType.F64).seed(3).build())
                .compile(new SGD(0.1), "mse");
        double[][][] x = x(3, 4, 3, 7);
        double[][] y = {{0.1, -0.2}, {0.3, 0.4}, {-0.5, 0.6}};
        double[] before = m.stateDict().get("lstm.kernel").toDoubleArray();
        Report fast = m.checkGradients(GradCheck.defaults().fast(true), x, y);
        assertTrue(fast.passed(), fast::toString);
        assertEquals("lstm.kernel", fast.inputName(0));
        assertTrue(fast.toString().contains("simple_rnn.recurrent_kernel F64 [4, 4] (checked)"), fast::toString);
        Report full = m.checkGradients(GradCheck.defaults(), x, y);
        assertTrue(full.passed(), full::toString);
        assertArrayEquals(before, m.stateDict().get("lstm.kernel").toDoubleArray());
        assertNull(m.stateDict().get("lstm.kernel").grad());
        assertTrue(m.isTraining(), "the mode is put back");
    }

    @Test
    void aWrongBackwardIsReportedByLayerParameterAndElement() {
        Sequential m = new Sequential(new Input(3), new WrongKernelGradient(2, 4),
                Dense.builder(1).dtype(DType.F64).seed(3).build()).compile(new SGD(0.1), "mse");
        double[][] x = {{0.5, -0.25, 0.75}, {-0.5, 0.1, 0.2}};
        double[][] y = {{1}, {-1}};
        Report r = m.checkGradients(GradCheck.defaults().fast(true), x, y);
        assertFalse(r.passed());
        assertTrue(r.failures().get(0).message().startsWith("parameter 'broken.kernel' [3, 2]: "), r::toString);
        assertEquals(0, r.mismatches().get(0).input());
        assertArrayEquals(new int[] {2, 0}, r.mismatches().get(0).index(), "flat element 4 of a 3x2 kernel");
        assertTrue(r.failures().stream().noneMatch(f -> f.input() != 0), "the correct Dense is not blamed");
    }

    @Test
    void f32ModelsAreRefusedWithTheParameterNamed() {
        Sequential m = new Sequential(new Input(3), Dense.builder(1).build()).compile(new SGD(0.1), "mse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.checkGradients(GradCheck.defaults(), new float[2][3], new float[2][1]));
        assertTrue(e.getMessage().startsWith("GradCheck: parameter 'dense.kernel' is F32 [3, 1]"), e.getMessage());
    }

    /** x K on rank-2 inputs whose backward doubles the gradient of kernel element {@code bad}. */
    private static final class WrongKernelGradient extends Layer {
        private final int units;
        private final int bad;
        private Tensor kernel;

        WrongKernelGradient(int units, int bad) {
            super("broken");
            this.units = units;
            this.bad = bad;
        }

        @Override
        public String className() {
            return "Dense";
        }

        @Override
        public long weightCount(int[] shape) {
            return (long) shape[0] * units;
        }

        @Override
        protected void makeWeights(int[] shape) {
            kernel = registerParameter("kernel", Tensor.uniform(DType.F64, -1, 1, 9, shape[0], units).requiresGrad(true));
        }

        @Override
        public int[] outputShape(int[] shape) {
            return new int[] {units};
        }

        @Override
        public Tensor call(Tensor in) {
            int n = in.dim(0);
            int k = in.dim(1);
            Tensor out = Tensor.zeros(DType.F64, n, units);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < units; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += in.get(i * k + p) * kernel.get(p * units + j);
                    }
                    out.set(i * units + j, s);
                }
            }
            return Tape.record("wrongMatmul", new Tensor[] {in, kernel}, out, (g, gi) -> {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < units; j++) {
                        double gij = g[0].get(i * units + j);
                        for (int p = 0; p < k; p++) {
                            if (gi[0] != null) {
                                gi[0].set(i * k + p, gi[0].get(i * k + p) + gij * kernel.get(p * units + j));
                            }
                            if (gi[1] != null) {
                                double factor = p * units + j == bad ? 2 : 1;
                                gi[1].set(p * units + j, gi[1].get(p * units + j) + factor * gij * in.get(i * k + p));
                            }
                        }
                    }
                }
            });
        }

        @Override
        public Map<String, Object> config() {
            return Map.of("name", name(), "units", units);
        }
    }
}
