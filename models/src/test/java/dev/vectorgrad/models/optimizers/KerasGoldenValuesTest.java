package dev.vectorgrad.models.optimizers;

import static dev.vectorgrad.models.optimizers.Grads.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The golden values of Keras 3's own tests ({@code keras/src/optimizers/*_test.py},
 * {@code test_correctness_with_golden}), an independent reference: ten float32 weights at 1, one step with
 * gradients 0.01, then steps with gradients 0.1, 0.2, ..., 1.0; the weights are compared before each of the later
 * steps. The goldens are printed to 4 decimals, so the tolerance is Keras's own: 5e-4 absolute plus 5e-4 relative.
 * Also Keras's clipping tests ({@code test_clip_norm}, {@code test_clip_value}).
 */
class KerasGoldenValuesTest {

    private static double[] tile(double v) {
        double[] d = new double[10];
        java.util.Arrays.fill(d, v);
        return d;
    }

    private static void golden(Optimizer opt, double[][] golden) {
        Tensor x = Tensor.ones(DType.F32, 10).requiresGrad(true);
        opt.build(List.of(x));
        double[] first = tile(0.01);
        double[] grads = new double[10];
        for (int i = 0; i < 10; i++) {
            grads[i] = 0.1 * (i + 1);
        }
        set(x, first);
        opt.apply();
        for (double[] row : golden) {
            for (int i = 0; i < 10; i++) {
                assertEquals(row[i], x.get(i), 5e-4 + 5e-4 * Math.abs(row[i]), opt + " element " + i);
            }
            set(x, grads);
            opt.apply();
        }
    }

    @Test
    void sgd() {
        golden(new SGD().withNesterov(true), new double[][] {
            tile(0.9999),
            {0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899},
            {0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799},
            {0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699},
            {0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599}});
    }

    @Test
    void adamWithAmsgrad() {
        golden(new Adam().withAmsgrad(true),
                new double[][] {tile(0.999), tile(0.9982), tile(0.9974), tile(0.9965), tile(0.9955)});
    }

    @Test
    void adamw() {
        golden(new AdamW(1.0).withWeightDecay(0.5).withEpsilon(2), new double[][] {
            tile(0.4998),
            {0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382},
            {0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003},
            {0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258},
            {0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159}});
    }

    @Test
    void rmspropCentered() {
        golden(new RMSprop().withCentered(true),
                new double[][] {tile(0.9967), tile(0.9933), tile(0.9908), tile(0.9885), tile(0.9864)});
    }

    @Test
    void adagrad() {
        golden(new Adagrad(0.2).withInitialAccumulatorValue(0.3).withEpsilon(1e-6), new double[][] {
            tile(0.9963),
            {0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209},
            {0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891},
            {0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579},
            {0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825}});
    }

    @Test
    void clipTestsOfKeras() {
        // clipnorm=1 on [100, 100] gives [sqrt(2)/2, sqrt(2)/2]; clipvalue=1 gives [1, 1] (seen through SGD, lr 1)
        for (BaseOptimizer<?> opt : List.of(new SGD(1).withClipnorm(1), new SGD(1).withClipvalue(1))) {
            Tensor x = Tensor.zeros(DType.F64, 2).requiresGrad(true);
            opt.build(List.of(x));
            set(x, 100, 100);
            opt.apply();
            double expected = opt.clipnorm() != null ? Math.sqrt(2) / 2 : 1;
            assertEquals(-expected, x.get(0), 1e-15);
            assertEquals(-expected, x.get(1), 1e-15);
        }
    }
}
