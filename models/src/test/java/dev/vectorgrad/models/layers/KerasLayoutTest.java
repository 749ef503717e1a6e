package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Keras-to-cells kernel map: hand-derived on a tiny kernel, against plain loops across tile edges, gradient. */
class KerasLayoutTest {

    @Test
    void transposesAndReordersBlocksOnATinyKernel() {
        // kernel [in = 2, 3 blocks of 1 unit] = ((z0, r0, h0), (z1, r1, h1)) = ((1, 2, 3), (4, 5, 6)); GRU order
        // {1, 0, 2}: rows r, z, h = (2, 5), (1, 4), (3, 6).
        Tensor k = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor out = KerasLayout.toGateRows(k, 1, new int[] {1, 0, 2});
        assertArrayEquals(new int[] {3, 2}, out.shape());
        assertArrayEquals(new double[] {2, 5, 1, 4, 3, 6}, out.toDoubleArray(), 0);
    }

    @Test
    void matchesPlainLoopsAcrossTileEdges() {
        // 70 x 120 crosses the 16-element tiles in both directions, with partial tiles at the ends.
        int in = 70;
        int units = 40;
        int[] order = {1, 0, 2};
        Tensor k = Tensor.zeros(DType.F32, in, 3 * units);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < k.size(); i++) {
            k.set(i, r.nextDouble());
        }
        double[] expected = new double[k.size()];
        for (int j = 0; j < 3; j++) {
            for (int u = 0; u < units; u++) {
                for (int i = 0; i < in; i++) {
                    expected[(j * units + u) * in + i] = k.get(i * 3 * units + order[j] * units + u);
                }
            }
        }
        assertArrayEquals(expected, KerasLayout.toGateRows(k, units, order).toDoubleArray(), 0);
    }

    @Test
    void backwardIsTheInverseMapAcrossTileEdges() {
        // The gradient of sum(out * upstream) with respect to the kernel is the upstream mapped back:
        // grad[i, order[j]*units + u] = upstream[j*units + u, i], checked against plain loops on 70 x 120 (F64).
        int in = 70;
        int units = 40;
        int[] order = {1, 0, 2};
        SplittableRandom r = new SplittableRandom(5);
        Tensor k = Tensor.zeros(DType.F64, in, 3 * units).requiresGrad(true);
        Tensor upstream = Tensor.zeros(DType.F64, 3 * units, in);
        for (int i = 0; i < upstream.size(); i++) {
            upstream.set(i, r.nextDouble());
        }
        try (Tape tape = Tape.open()) {
            tape.backward(KerasLayout.toGateRows(k, units, order), upstream);
        }
        double[] expected = new double[k.size()];
        for (int j = 0; j < 3; j++) {
            for (int u = 0; u < units; u++) {
                for (int i = 0; i < in; i++) {
                    expected[i * 3 * units + order[j] * units + u] = upstream.get((j * units + u) * in + i);
                }
            }
        }
        assertArrayEquals(expected, k.grad().toDoubleArray(), 0);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor k = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2}, 2, 6);
        GradCheck.defaults().assertGradients(in -> KerasLayout.toGateRows(in[0], 2, new int[] {1, 0, 2}),
                k.requiresGrad(true));
    }
}
