package dev.vectorgrad.models.optimizers;

import static dev.vectorgrad.models.optimizers.Grads.step;
import static dev.vectorgrad.models.optimizers.Grads.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's update against values derived by hand from Keras 3's documented equations
 * ({@code keras/src/optimizers/*.py}), over two or three steps in F64 on one weight {@code w = 1} with the gradients
 * 0.5 then -0.25 (unless said). Tolerance 1e-15 absolute on values near 1: a few F64 roundings, the same sequence
 * of operations as the derivation (Java's and C's {@code pow} may differ by an ulp).
 */
class UpdateRulesTest {

    private static final double TOL = 1e-15;

    private static Tensor w() {
        return variable(DType.F64, 1.0);
    }

    private static double[] run(Optimizer opt, double... grads) {
        Tensor w = w();
        opt.build(List.of(w));
        double[] after = new double[grads.length];
        for (int i = 0; i < grads.length; i++) {
            step(opt, w, grads[i]);
            after[i] = w.get(0);
        }
        return after;
    }

    @Test
    void sgdDefaultsArePlainGradientDescentWithLearningRate001() {
        SGD sgd = new SGD();
        assertEquals(0.01, sgd.learningRate());
        Tensor w = variable(DType.F64, 1.0, -2.0);
        sgd.build(List.of(w));
        step(sgd, w, 0.5, 0.25);
        // w -= lr * g: 1 - 0.01 * 0.5 = 0.995, -2 - 0.01 * 0.25 = -2.0025
        assertEquals(0.995, w.get(0), TOL);
        assertEquals(-2.0025, w.get(1), TOL);
        assertEquals(1, sgd.iterations());
    }

    @Test
    void sgdMomentumAndNesterov() {
        // lr 0.1, momentum 0.9. v = 0.9 v - 0.1 g; w += v.
        // t=1: v = -0.05, w = 0.95; t=2: v = 0.9 * -0.05 + 0.025 = -0.02, w = 0.93
        double[] m = run(new SGD(0.1).withMomentum(0.9), 0.5, -0.25);
        assertEquals(0.95, m[0], TOL);
        assertEquals(0.93, m[1], TOL);
        // Nesterov: w += 0.9 v - 0.1 g. t=1: v = -0.05, w = 1 - 0.045 - 0.05 = 0.905;
        // t=2: v = -0.02, w = 0.905 - 0.018 + 0.025 = 0.912
        double[] n = run(new SGD(0.1).withMomentum(0.9).withNesterov(true), 0.5, -0.25);
        assertEquals(0.905, n[0], TOL);
        assertEquals(0.912, n[1], TOL);
    }

    @Test
    void adamAddsEpsilonToTheRootOfTheRawSecondMomentWithTheBiasCorrectionInTheStepSize() {
        Adam adam = new Adam(0.1);
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-7, adam.epsilon());
        // t=1: alpha = 0.1 sqrt(1 - 0.999) / (1 - 0.9) = 0.0316227766016838; m = 0.05; v = 0.001 * 0.25 = 0.00025;
        //      w = 1 - 0.05 * alpha / (sqrt(0.00025) + 1e-7) = 1 - 0.00158113883 / 0.0158114883 = 0.9000006324515321
        //      (PyTorch's rule, eps after the correction, 1e-8, would give 0.9000000000632...)
        // t=2: alpha = 0.1 sqrt(1 - 0.999^2) / (1 - 0.9^2) = 0.023531672532745275; m = 0.05 + (-0.25 - 0.05) 0.1 = 0.02;
        //      v = 0.00025 + (0.0625 - 0.00025) 0.001 = 0.00031225; w = 0.9000006324515321 - 0.02 alpha / (0.0176705970 + 1e-7)
        //      = 0.8733670792079219
        double[] w = run(adam, 0.5, -0.25);
        assertEquals(0.9000006324515321, w[0], TOL);
        assertEquals(0.8733670792079219, w[1], TOL);
        List<Tensor> state = adam.variables();
        assertEquals(0.02, state.get(2).get(0), TOL, "momentum slot");
        assertEquals(0.00031225, state.get(3).get(0), TOL, "velocity slot");
    }

    @Test
    void amsgradUsesTheLargestSecondMomentSoFar() {
        // gradients 2, 0, 0: v = 0.004, then 0.003996, 0.003992004 (falling); v_hat stays 0.004.
        // With AMSGrad, t=2: w = 0.900000158113633 - 0.18 * 0.023531672532745275 / (sqrt(0.004) + 1e-7) = 0.8330279498849635,
        // t=3: w = 0.7812841301478464. Without: t=2 divides by sqrt(0.003996): 0.8329944386983363, t=3: 0.7811988234278446.
        double[] ams = run(new Adam(0.1).withAmsgrad(true), 2, 0, 0);
        assertEquals(0.900000158113633, ams[0], TOL);
        assertEquals(0.8330279498849635, ams[1], TOL);
        assertEquals(0.7812841301478464, ams[2], TOL);
        double[] plain = run(new Adam(0.1), 2, 0, 0);
        assertEquals(0.8329944386983363, plain[1], TOL);
        assertEquals(0.7811988234278446, plain[2], TOL);
    }

    @Test
    void adamwDecaysTheWeightBeforeTheAdamUpdate() {
        AdamW adamw = new AdamW(0.1).withWeightDecay(0.1);
        assertEquals(0.004, new AdamW().weightDecay());
        // w -= w * 0.1 * 0.1 first: 1 -> 0.99, then the Adam step of the test above subtracts 0.0999993675484679:
        // t=1: 0.890000632451532; t=2: 0.99 * 0.890000632451532 = 0.8811006261270167, minus 0.0266335532436... = 0.8544670728834065
        double[] w = run(adamw, 0.5, -0.25);
        assertEquals(0.890000632451532, w[0], TOL);
        assertEquals(0.8544670728834065, w[1], TOL);
        // Adam with weight_decay is the same rule (Keras's AdamW only changes the default)
        double[] adam = run(new Adam(0.1).withWeightDecay(0.1), 0.5, -0.25);
        assertEquals(w[1], adam[1], 0);
    }

    @Test
    void rmspropAddsEpsilonInsideTheSquareRoot() {
        // lr 0.1, rho 0.9. t=1: velocity = 0.1 * 0.25 = 0.025; w = 1 - 0.1 * 0.5 / sqrt(0.025 + 1e-7) = 0.6837728664367966
        // t=2: velocity = 0.0225 + 0.1 * 0.0625 = 0.02875; w += 0.1 * 0.25 / sqrt(0.02875 + 1e-7) -> 0.8312145661715693
        double[] w = run(new RMSprop(0.1), 0.5, -0.25);
        assertEquals(0.6837728664367966, w[0], TOL);
        assertEquals(0.8312145661715693, w[1], TOL);
        // centered: average = 0.05 then 0.02; denominators 0.025 - 0.0025 + 1e-7 and 0.02875 - 0.0004 + 1e-7
        double[] c = run(new RMSprop(0.1).withCentered(true), 0.5, -0.25);
        assertEquals(0.6666674074049382, c[0], TOL);
        assertEquals(0.8151456132679695, c[1], TOL);
        // momentum 0.5: slot = 0.5 slot + increment; t=1 slot = 0.31622713356320337 (w as plain),
        // t=2 slot = 0.1581135667816 - 0.1474416997348 = 0.010671867046828931, w = 0.6731009993899677
        double[] m = run(new RMSprop(0.1).withMomentum(0.5), 0.5, -0.25);
        assertEquals(0.6837728664367966, m[0], TOL);
        assertEquals(0.6731009993899677, m[1], TOL);
    }

    @Test
    void adagradAccumulatesSquaresFromItsInitialValue() {
        // lr 0.1, accumulator 0.1: t=1 acc = 0.35, w = 1 - 0.05 / sqrt(0.35 + 1e-7) = 0.9154845866007779;
        // t=2 acc = 0.4125, w += 0.025 / sqrt(0.4125 + 1e-7) -> 0.9544095290906796
        Adagrad adagrad = new Adagrad(0.1);
        double[] w = run(adagrad, 0.5, -0.25);
        assertEquals(0.9154845866007779, w[0], TOL);
        assertEquals(0.9544095290906796, w[1], TOL);
        assertEquals(0.4125, adagrad.variables().get(2).get(0), TOL);
    }

    @Test
    void kerasDefaults() {
        assertEquals(1e-3, new Adam().learningRate());
        assertEquals(1e-3, new AdamW().learningRate());
        RMSprop rms = new RMSprop();
        assertEquals(1e-3, rms.learningRate());
        assertEquals(0.9, rms.rho());
        assertEquals(0, rms.momentum());
        assertEquals(1e-7, rms.epsilon());
        Adagrad adagrad = new Adagrad();
        assertEquals(1e-3, adagrad.learningRate());
        assertEquals(0.1, adagrad.initialAccumulatorValue());
        assertEquals(1e-7, adagrad.epsilon());
        SGD sgd = new SGD();
        assertEquals(0, sgd.momentum());
        assertEquals(false, sgd.nesterov());
        assertEquals(null, new Adam().weightDecay());
    }
}
