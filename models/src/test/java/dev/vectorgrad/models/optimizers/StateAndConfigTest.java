package dev.vectorgrad.models.optimizers;

import static dev.vectorgrad.models.optimizers.Grads.set;
import static dev.vectorgrad.models.optimizers.Grads.step;
import static dev.vectorgrad.models.optimizers.Grads.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The optimizers' state: Keras's variable order, the learning-rate setter, iterations, variables without a
 * gradient, config round trips and names, and resuming from config + variables bitwise.
 */
class StateAndConfigTest {

    @Test
    void adamVariablesAreIterationsLearningRateThenMomentumAndVelocityPerVariableThenVelocityHats() {
        Adam adam = new Adam(0.1).withAmsgrad(true);
        assertEquals(2, adam.variables().size(), "iterations and learning_rate exist before build, as in Keras");
        Tensor a = variable(DType.F64, 1, 1);
        Tensor b = variable(DType.F32, 1);
        adam.build(List.of(a, b));
        set(a, 0.5, 1);
        set(b, 2);
        adam.apply();
        List<Tensor> v = adam.variables();
        assertEquals(8, v.size());
        assertEquals(1, v.get(0).get(0), "iterations");
        assertEquals(0.1, v.get(1).get(0), "learning_rate");
        // m = 0.1 g, v = 0.001 g^2 after one step; slots in each variable's dtype and shape
        assertArrayEquals(new double[] {0.05, 0.1}, v.get(2).toDoubleArray(), 1e-16, "momentum of a");
        assertArrayEquals(new double[] {0.00025, 0.001}, v.get(3).toDoubleArray(), 1e-18, "velocity of a");
        assertEquals(DType.F32, v.get(4).dtype());
        assertEquals(0.2, v.get(4).get(0), 1e-7, "momentum of b");
        assertEquals(0.004, v.get(5).get(0), 1e-9, "velocity of b");
        assertArrayEquals(new double[] {0.00025, 0.001}, v.get(6).toDoubleArray(), 1e-18, "velocity_hat of a");
        assertEquals(0.004, v.get(7).get(0), 1e-9, "velocity_hat of b");
    }

    @Test
    void rmspropVariablesAreGroupedBySlotKind() {
        RMSprop rms = new RMSprop(0.1).withMomentum(0.5).withCentered(true);
        Tensor a = variable(DType.F64, 1);
        Tensor b = variable(DType.F64, 1);
        rms.build(List.of(a, b));
        set(a, 0.5);
        set(b, -1);
        rms.apply();
        List<Tensor> v = rms.variables();
        assertEquals(8, v.size());
        assertEquals(0.025, v.get(2).get(0), 1e-16, "velocity a = 0.1 * 0.25");
        assertEquals(0.1, v.get(3).get(0), 1e-16, "velocity b = 0.1 * 1");
        assertTrue(v.get(4).get(0) > 0 && v.get(5).get(0) < 0, "momentum a, b follow the gradients' signs");
        assertEquals(0.05, v.get(6).get(0), 1e-16, "average_gradient a");
        assertEquals(-0.1, v.get(7).get(0), 1e-16, "average_gradient b");
        assertEquals(2, new SGD().variables().size());
        SGD sgd = new SGD();
        sgd.build(List.of(variable(DType.F64, 1)));
        assertEquals(2, sgd.variables().size(), "no momentum slots at momentum 0, as Keras");
    }

    @Test
    void learningRateSetterIsUsedByTheNextStepAndLivesInTheVariables() {
        SGD sgd = new SGD();
        Tensor w = variable(DType.F64, 1);
        sgd.build(List.of(w));
        sgd.setLearningRate(0.5);
        assertEquals(0.5, sgd.variables().get(1).get(0));
        step(sgd, w, 1);
        assertEquals(0.5, w.get(0), 0, "1 - 0.5 * 1");
        sgd.variables().get(1).set(0, 0.25);   // writing the variable sets the rate, as a restore does
        assertEquals(0.25, sgd.learningRate());
        step(sgd, w, 1);
        assertEquals(0.25, w.get(0), 0);
        assertEquals(2, sgd.iterations());
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(bad));
            assertEquals("SGD: learning_rate must be finite and >= 0, got " + bad, e.getMessage());
        }
        assertEquals(0.25, sgd.learningRate(), "a rejected rate changes nothing");
        assertEquals(0.5, new SGD(0.5).withMomentum(0.9).learningRate(), "withX keeps the rate");
    }

    @Test
    void aVariableWithoutAGradientIsSkippedButTheIterationCounts() {
        Adam adam = new Adam(0.1).withWeightDecay(0.5);
        Tensor a = variable(DType.F64, 1);
        Tensor b = variable(DType.F64, 1);
        adam.build(List.of(a, b));
        set(a, 0.5);
        adam.apply();
        assertEquals(1, b.get(0), 0, "no gradient: neither decayed nor updated");
        assertEquals(0, adam.variables().get(4).get(0), 0, "its slots untouched");
        assertTrue(a.get(0) < 1);
        assertEquals(1, adam.iterations());
        a.zeroGrad();
        IllegalStateException none = assertThrows(IllegalStateException.class, adam::apply);
        assertEquals("Adam: no gradients provided for any of the 2 variables (run a backward pass through them first)",
                none.getMessage());
        assertEquals(1, adam.iterations());
    }

    @Test
    void buildAndApplyMisuse() {
        Tensor a = variable(DType.F64, 1);
        Tensor b = variable(DType.F64, 1);
        Adam adam = new Adam();
        IllegalStateException early = assertThrows(IllegalStateException.class, adam::apply);
        assertEquals("Adam: apply before build; call build(variables) first", early.getMessage());
        adam.build(List.of(a, b));
        adam.build(new ArrayList<>(List.of(a, b)));   // the same tensors again: nothing happens
        assertEquals(6, adam.variables().size());
        IllegalStateException other = assertThrows(IllegalStateException.class, () -> adam.build(List.of(b, a)));
        assertTrue(other.getMessage().startsWith("Adam: already built for 2 variables"), other.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new SGD().build(List.of(a, a)));
        assertEquals("SGD: variables 0 and 1 are the same tensor F64 [1]; it would be updated twice per step",
                twice.getMessage());
        try (Tape tape = Tape.open()) {
            Tensor r = Ops.scale(a, 2);
            assertEquals(1, tape.size());
            IllegalArgumentException notLeaf = assertThrows(IllegalArgumentException.class,
                    () -> new SGD().build(List.of(r)));
            assertTrue(notLeaf.getMessage().contains("variable 0 F64 [1] is the output of a recorded op"));
        }
        List<Tensor> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> new SGD().build(withNull));
    }

    @Test
    void hyperparameterChecks() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new SGD().withMomentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Adam().withBeta1(1));
        assertThrows(IllegalArgumentException.class, () -> new Adam().withBeta2(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Adam().withEpsilon(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new RMSprop().withRho(2));
        assertThrows(IllegalArgumentException.class, () -> new Adagrad().withInitialAccumulatorValue(-1));
        assertThrows(IllegalArgumentException.class, () -> new Adam().withWeightDecay(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam().withBeta1(1));
        assertEquals("Adam: beta_1 must be in [0, 1), got 1.0", e.getMessage());
    }

    @Test
    void withXReturnsANewUnbuiltOptimizerOfTheSameKind() {
        Adam adam = new Adam();
        adam.build(List.of(variable(DType.F64, 1)));
        Adam other = adam.withBeta1(0.8);
        assertNotSame(adam, other);
        assertTrue(adam.isBuilt());
        assertTrue(!other.isBuilt());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.8, other.beta1());
    }

    @Test
    void namesResolveAsKerasDoesCaseInsensitively() {
        assertInstanceOf(Adam.class, Optimizers.get("adam"));
        assertInstanceOf(Adam.class, Optimizers.get("Adam"));
        assertInstanceOf(SGD.class, Optimizers.get("SGD"));
        assertInstanceOf(RMSprop.class, Optimizers.get("RMSprop"));
        assertInstanceOf(RMSprop.class, Optimizers.get("rmsprop"));
        assertInstanceOf(AdamW.class, Optimizers.get("AdamW"));
        assertInstanceOf(Adagrad.class, Optimizers.get("ADAGRAD"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adamax"));
        assertEquals("could not interpret optimizer identifier 'adamax': known optimizers are"
                + " [sgd, adam, adamw, rmsprop, adagrad]", e.getMessage());
        assertEquals("adam", new Adam().name());
        assertEquals("rm_sprop", new RMSprop().name(), "Keras's to_snake_case of the class name");
        assertEquals("adam_w", new AdamW().name());
    }

    @Test
    void configHasEveryKerasArgumentAndRoundTrips() {
        Map<String, Object> config = new RMSprop(0.01).withMomentum(0.5).withCentered(true).withClipnorm(2).config();
        assertEquals("RMSprop", config.get("class_name"));
        assertEquals("keras.optimizers", config.get("module"));
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) config.get("config");
        assertEquals(List.of("name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue",
                "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
                "rho", "momentum", "epsilon", "centered"), new ArrayList<>(inner.keySet()));
        assertEquals(0.01, inner.get("learning_rate"));
        assertEquals(2.0, inner.get("clipnorm"));
        assertEquals(null, inner.get("weight_decay"));
        List<BaseOptimizer<?>> all = List.of(new SGD(0.2).withMomentum(0.8).withNesterov(true).withName("s"),
                new Adam(0.002).withBeta1(0.8).withBeta2(0.99).withEpsilon(1e-6).withAmsgrad(true).withGlobalClipnorm(1),
                new AdamW(0.003).withWeightDecay(0.01).withClipvalue(0.5),
                new RMSprop(0.01).withRho(0.8).withMomentum(0.5).withEpsilon(1e-5).withCentered(true),
                new Adagrad(0.05).withInitialAccumulatorValue(0.2).withEpsilon(1e-6).withWeightDecay(0.1));
        for (BaseOptimizer<?> opt : all) {
            BaseOptimizer<?> back = Optimizers.fromConfig(opt.config());
            assertEquals(opt.getClass(), back.getClass());
            assertEquals(opt.config(), back.config(), opt.className());
        }
    }

    @Test
    void fromConfigReadsKerasFilesAndRejectsWhatIsNotBuilt() {
        Map<String, Object> inner = new HashMap<>();
        inner.put("learning_rate", 0.01f);   // numbers of any boxed type, as a JSON reader gives them
        inner.put("beta_1", 0.5);
        inner.put("decay", 0.0);              // Keras 3 ignores it (with a warning)
        inner.put("use_ema", false);
        inner.put("ema_overwrite_frequency", null);
        inner.put("jit_compile", true);           // tf.keras 2.11+ writes these two
        inner.put("is_legacy_optimizer", false);
        BaseOptimizer<?> adam = Optimizers.fromConfig(Map.of("class_name", "adam", "config", inner));
        assertInstanceOf(Adam.class, adam);
        assertEquals((double) 0.01f, adam.learningRate());
        assertEquals(0.5, ((Adam) adam).beta1());
        assertEquals(0.999, ((Adam) adam).beta2(), "absent: Keras's default");
        inner.put("use_ema", true);
        IllegalArgumentException ema = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.fromConfig(Map.of("class_name", "Adam", "config", inner)));
        assertEquals("Adam: config 'use_ema' = true (Boolean) is not supported (only false or null)", ema.getMessage());
        Map<String, Object> unknown = Map.of("class_name", "SGD", "config", Map.of("momentun", 0.9));
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig(unknown));
        assertTrue(typo.getMessage().startsWith("SGD: config argument(s) not recognized: [momentun]"), typo.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Optimizers.fromConfig(Map.of("class_name", "SGD", "config", Map.of("nesterov", "yes"))));
        assertThrows(IllegalArgumentException.class,
                () -> Optimizers.fromConfig(Map.of("class_name", "Nadam", "config", Map.of())));
        assertInstanceOf(AdamW.class, Optimizers.fromConfig(Map.of("class_name", "AdamW")));
    }

    /** The gradient of {@code sum(w^3) / 3 + sum(c w)} is {@code w^2 + c}: it depends on the weights, so a resumed run must match their history too. */
    private static void gradients(List<Tensor> vars) {
        for (Tensor w : vars) {
            w.zeroGrad();
        }
        try (Tape tape = Tape.open()) {
            Tensor loss = null;
            for (Tensor w : vars) {
                Tensor c = Tensor.full(w.dtype(), 0.3, w.shape());
                Tensor term = Ops.add(Ops.scale(Ops.sum(Ops.mul(Ops.mul(w, w), w)), 1.0 / 3), Ops.sum(Ops.mul(c, w)));
                loss = loss == null ? term : Ops.add(loss, Ops.to(term, loss.dtype()));
            }
            tape.backward(loss);
        }
    }

    private static List<Tensor> weights() {
        return List.of(Tensor.uniform(DType.F32, -1, 1, 7, 3, 4).requiresGrad(true),
                Tensor.uniform(DType.F64, -1, 1, 8, 5).requiresGrad(true));
    }

    @Test
    void anOptimizerRebuiltFromConfigAndVariablesContinuesBitwise() {
        List<BaseOptimizer<?>> all = List.of(new SGD(0.1).withMomentum(0.9).withNesterov(true),
                new Adam(0.05).withAmsgrad(true).withClipnorm(0.7), new AdamW(0.05).withGlobalClipnorm(0.5),
                new RMSprop(0.01).withMomentum(0.3).withCentered(true).withClipvalue(0.4), new Adagrad(0.1));
        for (BaseOptimizer<?> original : all) {
            List<Tensor> w = weights();
            original.build(w);
            for (int s = 0; s < 3; s++) {
                gradients(w);
                original.apply();
            }
            original.setLearningRate(original.learningRate() * 0.5);
            // save: config, weights, optimizer variables; load into fresh tensors
            Map<String, Object> config = original.config();
            List<Tensor> w2 = new ArrayList<>();
            for (Tensor t : w) {
                w2.add(t.detach().requiresGrad(true));
            }
            BaseOptimizer<?> resumed = Optimizers.fromConfig(config);
            resumed.build(w2);
            List<Tensor> from = original.variables();
            List<Tensor> to = resumed.variables();
            assertEquals(from.size(), to.size());
            for (int i = 0; i < from.size(); i++) {
                for (int e = 0; e < from.get(i).size(); e++) {
                    to.get(i).set(e, from.get(i).get(e));
                }
            }
            assertEquals(3, resumed.iterations());
            for (int s = 0; s < 4; s++) {
                gradients(w);
                original.apply();
                gradients(w2);
                resumed.apply();
            }
            for (int i = 0; i < w.size(); i++) {
                assertArrayEquals(w.get(i).toDoubleArray(), w2.get(i).toDoubleArray(), 0,
                        original.className() + " weight " + i + " after resuming");
            }
            assertSame(resumed.getClass(), original.getClass());
            assertEquals(7, resumed.iterations());
        }
    }

    @Test
    void weightDecayUsesTheCurrentLearningRate() {
        SGD sgd = new SGD(0.5).withWeightDecay(0.2);
        Tensor w = variable(DType.F64, 2);
        sgd.build(List.of(w));
        step(sgd, w, 0);
        // w - w * 0.2 * 0.5 = 2 - 0.2 = 1.8, then the zero gradient moves nothing
        assertEquals(1.8, w.get(0), 1e-15);
        LinkedHashMap<String, Object> c = new LinkedHashMap<>(sgd.config());
        assertEquals(0.2, ((Map<?, ?>) c.get("config")).get("weight_decay"));
    }
}
