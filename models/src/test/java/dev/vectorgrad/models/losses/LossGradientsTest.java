package dev.vectorgrad.models.losses;

import static dev.vectorgrad.models.losses.LossValuesTest.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every loss is differentiable through the tape: finite differences in double ({@link GradCheck}, PyTorch's
 * tolerances), away from the kinks (|error| = 0 for mae, |error| = delta for huber) and from the clip; and
 * {@code fromLogits} equals the probability form on softmax / sigmoid outputs away from the clip, values and
 * gradients with respect to the logits (1e-12: the two forms round differently, by a few ulps of O(1) terms).
 */
class LossGradientsTest {

    /** Uniform in [low, high), seeded. */
    private static Tensor u(double low, double high, long seed, int... shape) {
        return Tensor.uniform(DType.F64, low, high, seed, shape);
    }

    @Test
    void finiteDifferencesForEveryLoss() {
        Tensor yReal = u(-1, 1, 1, 4, 3);
        // predictions 0.2 to 1.5 away from the targets for mae/huber: no error near 0 or near delta = 1
        Tensor offsets = u(0.2, 0.8, 2, 4, 3);
        Tensor pred = Ops.add(yReal, offsets).detach().requiresGrad(true);
        GradCheck.verify(x -> new MeanSquaredError().call(yReal, x[0]), pred);
        GradCheck.verify(x -> new MeanAbsoluteError().call(yReal, x[0]), pred);
        GradCheck.verify(x -> new Huber(0.5).call(yReal, x[0]), pred);   // all |errors| above 0.5
        GradCheck.verify(x -> new Huber(2).call(yReal, x[0]), pred);     // all below 2

        Tensor y01 = t(new double[] {0, 1, 1, 0, 0.3, 0.7}, 2, 3);       // soft targets too
        GradCheck.verify(x -> new BinaryCrossentropy().call(y01, x[0]), u(0.05, 0.95, 3, 2, 3).requiresGrad(true));
        GradCheck.verify(x -> new BinaryCrossentropy(true).call(y01, x[0]), u(-4, 4, 4, 2, 3).requiresGrad(true));
        GradCheck.verify(x -> new BinaryCrossentropy().withLabelSmoothing(0.1).call(y01, x[0]),
                u(0.05, 0.95, 5, 2, 3).requiresGrad(true));

        Tensor oneHot = t(new double[] {0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0}, 3, 4);
        // unnormalised positive predictions: the renormalisation is differentiated too
        GradCheck.verify(x -> new CategoricalCrossentropy().call(oneHot, x[0]), u(0.1, 1, 6, 3, 4).requiresGrad(true));
        GradCheck.verify(x -> new CategoricalCrossentropy(true).call(oneHot, x[0]), u(-3, 3, 7, 3, 4).requiresGrad(true));
        Tensor ids = t(new double[] {1, 3, 0, 2, 2, 1}, 2, 3);            // [batch 2, time 3] against [2, 3, 4]
        GradCheck.verify(x -> new SparseCategoricalCrossentropy().call(ids, x[0]), u(0.1, 1, 8, 2, 3, 4).requiresGrad(true));
        GradCheck.verify(x -> new SparseCategoricalCrossentropy(true).call(ids, x[0]),
                u(-3, 3, 9, 2, 3, 4).requiresGrad(true));
    }

    private static double[] valueAndGradient(Function<Tensor, Tensor> loss, Tensor logits) {
        Tensor x = logits.detach().requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor l = loss.apply(x);
            tape.backward(l);
            double[] out = new double[x.size() + 1];
            out[0] = l.item();
            System.arraycopy(x.grad().toDoubleArray(), 0, out, 1, x.size());
            return out;
        }
    }

    @Test
    void fromLogitsEqualsTheProbabilityFormOnSoftmaxAndSigmoidOutputs() {
        Tensor logits = u(-3, 3, 10, 2, 3, 5);
        Tensor ids = t(new double[] {4, 0, 2, 1, 3, 3}, 2, 3);
        assertArrayEquals(valueAndGradient(x -> new SparseCategoricalCrossentropy(true).call(ids, x), logits),
                valueAndGradient(x -> new SparseCategoricalCrossentropy().call(ids, Ops.softmax(x)), logits), 1e-12);
        Tensor soft = Ops.softmax(u(-1, 1, 11, 2, 3, 5));   // soft targets
        assertArrayEquals(valueAndGradient(x -> new CategoricalCrossentropy(true).call(soft, x), logits),
                valueAndGradient(x -> new CategoricalCrossentropy().call(soft, Ops.softmax(x)), logits), 1e-12);
        Tensor y = t(new double[] {0, 1, 1, 0, 1, 0}, 6);
        Tensor z = u(-3, 3, 12, 6);
        assertArrayEquals(valueAndGradient(x -> new BinaryCrossentropy(true).call(y, x), z),
                valueAndGradient(x -> new BinaryCrossentropy().call(y, Ops.sigmoid(x)), z), 1e-12);
    }

    @Test
    void binaryFromLogitsHasTheSigmoidGradientAtAZeroLogit() {
        // d/dx (softplus(x) - x y) = sigmoid(x) - y = 0.5 - y at x = 0 (zero-initialised layers give exact zeros)
        Tensor x = Tensor.zeros(DType.F64, 2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(new BinaryCrossentropy(true).call(t(new double[] {1, 0}, 2), x));
        }
        assertArrayEquals(new double[] {-0.25, 0.25}, x.grad().toDoubleArray(), 1e-16);
    }

    @Test
    void f32AgreesWithF64() {
        List<Loss> losses = List.of(new MeanSquaredError(), new MeanAbsoluteError(), new Huber(),
                new BinaryCrossentropy(), new CategoricalCrossentropy(), new CategoricalCrossentropy(true));
        Tensor y = Tensor.uniform(DType.F64, 0.1, 1, 13, 3, 4);
        Tensor p = Tensor.uniform(DType.F64, 0.1, 1, 14, 3, 4);
        for (Loss loss : losses) {
            double d = loss.call(y, p).item();
            double f = loss.call(Ops.to(y, DType.F32), Ops.to(p, DType.F32)).item();
            // float inputs are the doubles rounded (relative 6e-8); the ops add a few float roundings
            assertEquals(d, f, 1e-6 * Math.max(1, Math.abs(d)), loss.name());
        }
    }
}
