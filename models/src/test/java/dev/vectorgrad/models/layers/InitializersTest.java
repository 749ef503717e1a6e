package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keras's default initialisers in the layers: glorot bounds, orthogonality, forget bias, seeds. */
class InitializersTest {

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.size(); i++) {
            m = Math.max(m, Math.abs(t.get(i)));
        }
        return m;
    }

    @Test
    void kernelsAreGlorotUniform() {
        LSTM lstm = LSTM.builder(64).seed(1).build();
        lstm.build(new int[] {-1, 32});
        Tensor kernel = lstm.getWeights().get(0);
        assertArrayEquals(new int[] {32, 256}, kernel.shape());
        double limit = Math.sqrt(6.0 / (32 + 256));
        double m = maxAbs(kernel);
        // 8192 draws from U(-limit, limit): the largest is within 0.1% of the limit with probability 1 - e^-8.
        assertTrue(m <= limit && m > 0.999 * limit, "max " + m + " limit " + limit);
        Dense dense = Dense.builder(10).seed(1).build();
        dense.build(new int[] {300});
        double denseLimit = Math.sqrt(6.0 / 310);
        double dm = maxAbs(dense.getWeights().get(0));
        assertTrue(dm <= denseLimit && dm > 0.999 * denseLimit, "max " + dm);
    }

    @Test
    void recurrentKernelsHaveOrthonormalRows() {
        for (RecurrentLayer layer : List.of(LSTM.builder(8).seed(2).dtype(DType.F64).build(),
                GRU.builder(8).seed(2).build(), SimpleRNN.builder(8).seed(2).build())) {
            layer.build(new int[] {-1, 3});
            Tensor r = layer.getWeights().get(1);
            int rows = r.dim(0);
            int cols = r.dim(1);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < rows; j++) {
                    double dot = 0;
                    for (int k = 0; k < cols; k++) {
                        dot += r.get(i * cols + k) * r.get(j * cols + k);
                    }
                    // Orthonormalised in double; F32 storage rounds each entry by 6e-8 relative.
                    assertEquals(i == j ? 1 : 0, dot, 1e-5, layer.className() + " R R^T [" + i + ", " + j + "]");
                }
            }
        }
    }

    @Test
    void biasesAreZeroWithLstmForgetBiasOne() {
        LSTM lstm = LSTM.builder(3).seed(1).build();
        lstm.build(new int[] {-1, 2});
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, lstm.getWeights().get(2).toDoubleArray(), 0);
        LSTM plain = LSTM.builder(3).unitForgetBias(false).seed(1).build();
        plain.build(new int[] {-1, 2});
        assertArrayEquals(new double[12], plain.getWeights().get(2).toDoubleArray(), 0);
        GRU gru = GRU.builder(3).seed(1).build();
        gru.build(new int[] {-1, 2});
        assertArrayEquals(new int[] {2, 9}, gru.getWeights().get(2).shape());
        assertArrayEquals(new double[18], gru.getWeights().get(2).toDoubleArray(), 0);
        GRU before = GRU.builder(3).resetAfter(false).seed(1).build();
        before.build(new int[] {-1, 2});
        assertArrayEquals(new int[] {9}, before.getWeights().get(2).shape());
    }

    @Test
    void seedsReproduceAndNamesSeparate() {
        assertTrue(sameWeights(withSeed(5), withSeed(5)));
        assertFalse(sameWeights(withSeed(5), withSeed(6)));
        // No seed: derived from the name, so the same name reproduces and another name differs.
        assertTrue(sameWeights(named("lstm"), named("lstm")));
        assertFalse(sameWeights(named("lstm"), named("lstm_1")));
    }

    private static LSTM withSeed(long seed) {
        LSTM l = LSTM.builder(4).seed(seed).build();
        l.build(new int[] {-1, 3});
        return l;
    }

    private static LSTM named(String name) {
        LSTM l = new LSTM(4);
        l.assignName(name);
        l.build(new int[] {-1, 3});
        return l;
    }

    private static boolean sameWeights(KerasLayer a, KerasLayer b) {
        for (int i = 0; i < a.getWeights().size(); i++) {
            if (!Arrays.equals(a.getWeights().get(i).toDoubleArray(), b.getWeights().get(i).toDoubleArray())) {
                return false;
            }
        }
        return true;
    }
}
