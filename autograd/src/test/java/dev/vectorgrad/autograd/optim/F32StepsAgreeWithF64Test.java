package dev.vectorgrad.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the F32 update paths of the optimizers in configurations the PyTorch reference files do
 * not cover (Adam with a large eps, RMSprop without momentum, SGD with dampening): the same
 * optimizer run in F32 and in F64 (whose F64 path is checked against PyTorch by
 * {@link PyTorchReferenceTest}) from the same float-representable start and gradients must agree
 * after every step.
 *
 * <p>Tolerance: {@code 1e-5} absolute on parameters of magnitude at most about 2. The F32 path
 * rounds each operation to float (relative error 6e-8): per step the parameter picks up at most a
 * few float ulps (ulp(2) = 2.4e-7) and the update a relative error of a few 1e-7, so ten steps stay
 * below about 3e-6. Every configuration here is chosen so that the hyperparameter under test moves
 * the parameters by more than 1e-3 within the ten steps (e.g. eps = 0.1 against gradients of order 1),
 * so a changed operation cannot hide inside the tolerance.
 */
class F32StepsAgreeWithF64Test {

    private static final double TOL = 1e-5;
    private static final int STEPS = 10;

    private static final float[] INIT = {1.0f, -0.5f, 0.25f, 1.5f, -1.25f, 0.75f};

    /** Deterministic gradients of order 1, exactly representable in float, varying per step and element. */
    private static float grad(int step, int j) {
        return (float) (Math.sin(1.3 * step + 0.7 * j) * 1.5 + 0.125 * ((step + j) % 3 - 1));
    }

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("Adam eps 0.1", (Function<List<Tensor>, Optimizer>)
                        ps -> Adam.builder(0.05).eps(0.1).build(ps)),
                Arguments.of("Adam eps 0.5 weight decay amsgrad", (Function<List<Tensor>, Optimizer>)
                        ps -> Adam.builder(0.05).betas(0.8, 0.9).eps(0.5).weightDecay(0.1).amsgrad(true).build(ps)),
                Arguments.of("AdamW eps 0.2", (Function<List<Tensor>, Optimizer>)
                        ps -> AdamW.builder(0.05).eps(0.2).weightDecay(0.1).build(ps)),
                Arguments.of("RmsProp plain", (Function<List<Tensor>, Optimizer>)
                        ps -> RmsProp.builder(0.01).alpha(0.9).build(ps)),
                Arguments.of("RmsProp weight decay eps", (Function<List<Tensor>, Optimizer>)
                        ps -> RmsProp.builder(0.02).alpha(0.8).eps(0.1).weightDecay(0.2).build(ps)),
                Arguments.of("RmsProp centered", (Function<List<Tensor>, Optimizer>)
                        ps -> RmsProp.builder(0.01).alpha(0.9).centered(true).build(ps)),
                Arguments.of("Sgd momentum dampening", (Function<List<Tensor>, Optimizer>)
                        ps -> Sgd.builder(0.1).momentum(0.9).dampening(0.5).build(ps)),
                Arguments.of("Sgd momentum dampening weight decay", (Function<List<Tensor>, Optimizer>)
                        ps -> Sgd.builder(0.05).momentum(0.7).dampening(0.25).weightDecay(0.1).build(ps)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void f32StepsTrackTheF64Steps(String name, Function<List<Tensor>, Optimizer> make) {
        Tensor p32 = Tensor.zeros(DType.F32, 2, 3).requiresGrad(true);
        Tensor p64 = Tensor.zeros(DType.F64, 2, 3).requiresGrad(true);
        for (int j = 0; j < INIT.length; j++) {
            p32.set(j, INIT[j]);
            p64.set(j, INIT[j]);
        }
        Optimizer o32 = make.apply(List.of(p32));
        Optimizer o64 = make.apply(List.of(p64));
        double moved = 0;
        for (int step = 1; step <= STEPS; step++) {
            Tensor g32 = Tensor.zeros(DType.F32, 2, 3);
            Tensor g64 = Tensor.zeros(DType.F64, 2, 3);
            for (int j = 0; j < INIT.length; j++) {
                g32.set(j, grad(step, j));
                g64.set(j, grad(step, j));
            }
            PyTorchReferenceTest.setGrad(p32, g32);
            PyTorchReferenceTest.setGrad(p64, g64);
            o32.step();
            o64.step();
            for (int j = 0; j < INIT.length; j++) {
                double diff = Math.abs(p32.get(j) - p64.get(j));
                assertTrue(diff <= TOL, name + ": step " + step + " element " + j + ": F32 " + p32.get(j) + ", F64 "
                        + p64.get(j) + ", difference " + diff + " > " + TOL);
                moved = Math.max(moved, Math.abs(p64.get(j) - INIT[j]));
            }
        }
        assertTrue(moved > 1e-2, name + ": the parameters hardly moved (" + moved + "), the comparison is too weak");
    }
}
