package dev.vectorgrad.models.optimizers;

import static dev.vectorgrad.models.optimizers.Grads.set;
import static dev.vectorgrad.models.optimizers.Grads.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Variables are updated in their own dtype: an F32 step is float arithmetic (checked bitwise against the float
 * expression for SGD and Adam's first step), and F32 runs track F64 runs of every optimizer within float precision.
 */
class DtypeTest {

    @Test
    void f32UpdatesAreFloatArithmetic() {
        SGD sgd = new SGD();
        Tensor w = variable(DType.F32, 1);
        sgd.build(List.of(w));
        set(w, 0.3);
        sgd.apply();
        assertEquals(1f - 0.3f * 0.01f, w.dataF32()[0], 0f);
        assertEquals(DType.F32, w.dtype());

        Adam adam = new Adam();
        Tensor v = variable(DType.F32, 1);
        adam.build(List.of(v));
        set(v, 0.3);
        adam.apply();
        // Keras in float32: alpha = lr sqrt(1 - 0.999f) / (1 - 0.9f); m = 0.3f * (float) 0.1; v = 0.09f * (float) 0.001
        float alpha = 0.001f * (float) Math.sqrt(1 - 0.999f) / (1 - 0.9f);
        float m = (0.3f - 0) * (float) (1 - 0.9);
        float s = (0.3f * 0.3f - 0) * (float) (1 - 0.999);
        float expected = 1 - m * alpha / ((float) Math.sqrt(s) + 1e-7f);
        assertEquals(expected, v.dataF32()[0], 0f);
    }

    private static void compare(Supplier<Optimizer> make) {
        double[] start = {0.7, -0.4, 1.3};
        Tensor w32 = variable(DType.F32, start);
        Tensor w64 = variable(DType.F64, start);
        Optimizer o32 = make.get();
        Optimizer o64 = make.get();
        o32.build(List.of(w32));
        o64.build(List.of(w64));
        for (int step = 0; step < 5; step++) {
            // gradient w + 0.1 (of a quadratic), computed from each run's own weights
            double[] g32 = new double[3];
            double[] g64 = new double[3];
            for (int i = 0; i < 3; i++) {
                g32[i] = w32.get(i) + 0.1;
                g64[i] = w64.get(i) + 0.1;
            }
            set(w32, g32);
            set(w64, g64);
            o32.apply();
            o64.apply();
        }
        for (int i = 0; i < 3; i++) {
            // five steps of float rounding (relative 6e-8 each) on values of order 1, amplified at most a few times
            assertEquals(w64.get(i), w32.get(i), 2e-6, o32 + " element " + i);
        }
    }

    @Test
    void f32TracksF64ForEveryOptimizer() {
        compare(() -> new SGD(0.1).withMomentum(0.9).withNesterov(true));
        compare(() -> new Adam(0.05).withAmsgrad(true));
        compare(() -> new AdamW(0.05).withClipnorm(0.5));
        compare(() -> new RMSprop(0.01).withMomentum(0.5).withCentered(true).withGlobalClipnorm(1));
        compare(() -> new Adagrad(0.1).withClipvalue(0.5));
    }
}
