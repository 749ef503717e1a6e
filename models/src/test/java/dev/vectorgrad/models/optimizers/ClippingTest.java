package dev.vectorgrad.models.optimizers;

import static dev.vectorgrad.models.optimizers.Grads.set;
import static dev.vectorgrad.models.optimizers.Grads.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keras's three clipping modes ({@code BaseOptimizer._clip_gradients}), seen through SGD with learning rate 1
 * (so a weight moves by exactly minus its clipped gradient) from zero weights. Tolerances: F64 1e-15 (a few
 * roundings), F32 1e-7 (float roundings of values below 2).
 */
class ClippingTest {

    private static double[] moved(Tensor w) {
        double[] d = w.toDoubleArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = -d[i];
        }
        return d;
    }

    @Test
    void clipnormScalesEachVariableToItsOwnNorm() {
        for (DType dtype : DType.values()) {
            double tol = dtype == DType.F64 ? 1e-15 : 1e-7;
            SGD sgd = new SGD(1).withClipnorm(1);
            Tensor a = variable(dtype, 0, 0);
            Tensor b = variable(dtype, 0);
            Tensor c = variable(dtype, 0, 0);
            sgd.build(List.of(a, b, c));
            set(a, 3, 4);      // norm 5 > 1: g * 1 / 5 = [0.6, 0.8]
            set(b, 0.5);       // norm 0.5 <= 1: unchanged
            set(c, 0, 0);      // norm 0: unchanged, no NaN
            sgd.apply();
            assertArrayEquals(new double[] {0.6, 0.8}, moved(a), tol, dtype + " clipped");
            assertArrayEquals(new double[] {0.5}, moved(b), tol, dtype + " under the limit");
            assertArrayEquals(new double[] {0, 0}, moved(c), 0, dtype + " zero gradient");
            assertArrayEquals(new double[] {3, 4}, a.grad().toDoubleArray(), 0, "the tape's gradient is left as it was");
        }
    }

    @Test
    void globalClipnormScalesAllVariablesTogether() {
        for (DType dtype : DType.values()) {
            double tol = dtype == DType.F64 ? 1e-15 : 2e-7;
            SGD sgd = new SGD(1).withGlobalClipnorm(1.3);
            Tensor a = variable(dtype, 0, 0);
            Tensor b = variable(dtype, 0);
            sgd.build(List.of(a, b));
            set(a, 3, 4);
            set(b, 12);
            sgd.apply();
            // global norm sqrt(9 + 16 + 144) = 13; scale 1.3 * min(1/13, 1/1.3) = 0.1
            assertArrayEquals(new double[] {0.3, 0.4}, moved(a), tol, dtype.toString());
            assertArrayEquals(new double[] {1.2}, moved(b), tol, dtype.toString());
        }
    }

    @Test
    void globalClipnormLeavesSmallGradientsAndTurnsANonFiniteNormIntoNaNAsKerasDoes() {
        SGD sgd = new SGD(1).withGlobalClipnorm(100);
        Tensor a = variable(DType.F64, 0, 0);
        sgd.build(List.of(a));
        set(a, 3, 4);   // norm 5: scale 100 * min(1/5, 1/100) = 1
        sgd.apply();
        assertArrayEquals(new double[] {3, 4}, moved(a), 1e-15);
        set(a, Double.POSITIVE_INFINITY, 1);   // norm inf: scale 100 * 0 + (inf - inf) = NaN
        sgd.apply();
        assertTrue(Double.isNaN(a.get(0)) && Double.isNaN(a.get(1)), a.toString());
    }

    @Test
    void clipvalueClampsEveryElement() {
        for (DType dtype : DType.values()) {
            SGD sgd = new SGD(1).withClipvalue(0.5);
            Tensor a = variable(dtype, 0, 0, 0, 0);
            sgd.build(List.of(a));
            set(a, -3, 0.25, 0.5, 7);
            sgd.apply();
            assertArrayEquals(new double[] {-0.5, 0.25, 0.5, 0.5}, moved(a), 0, dtype.toString());
        }
    }

    @Test
    void clippingAppliesBeforeTheAlgorithm() {
        // Adam's first step moves by about lr whatever the gradient's size, but clipvalue changes the moments:
        // clipped g = 0.5 gives m = 0.05, v = 0.00025, the same as the unclipped 0.5 of UpdateRulesTest.
        Adam adam = new Adam(0.1).withClipvalue(0.5);
        Tensor w = variable(DType.F64, 1);
        adam.build(List.of(w));
        set(w, 40);
        adam.apply();
        assertEquals(0.9000006324515321, w.get(0), 1e-15);
        assertEquals(0.05, adam.variables().get(2).get(0), 1e-15);
    }

    @Test
    void onlyOneModeAndPositiveFiniteLimits() {
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> new Adam().withClipnorm(1).withClipvalue(2));
        assertEquals("Adam: only one of clipnorm, clipvalue and global_clipnorm can be set, got clipnorm=1.0,"
                + " clipvalue=2.0, global_clipnorm=null", two.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SGD().withGlobalClipnorm(1).withClipnorm(1));
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD().withClipnorm(bad));
            assertEquals("SGD: clipnorm must be finite and > 0, got " + bad, e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new SGD().withClipvalue(bad));
            assertThrows(IllegalArgumentException.class, () -> new SGD().withGlobalClipnorm(bad));
        }
    }
}
