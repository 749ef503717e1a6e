package dev.vectorgrad.autograd.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link GradCheck#checkParameters}: gradients of a function of captured, named parameters (a whole model's weights). */
class ParameterCheckTest {

    private final Tensor x = Tensor.uniform(DType.F64, -1, 1, 3, 5, 3);
    private final Tensor weight = Tensor.uniform(DType.F64, -1, 1, 4, 3, 4).requiresGrad(true);
    private final Tensor bias = Tensor.uniform(DType.F64, -1, 1, 5, 4).requiresGrad(true);
    private final Tensor frozen = Tensor.uniform(DType.F64, 0.5, 1, 6, 4);

    private Map<String, Tensor> params() {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("dense.kernel", weight);
        p.put("dense.bias", bias);
        p.put("scale", frozen);
        return p;
    }

    private Tensor model() {
        return Ops.sum(Ops.mul(Ops.tanh(Ops.add(Ops.matmul(x, weight), bias)), frozen));
    }

    @Test
    void correctGradientsPassInFullAndFastMode() {
        Report full = GradCheck.defaults().checkParameters(params(), this::model);
        assertTrue(full.passed(), full::toString);
        Report fast = GradCheck.defaults().fast(true).checkParameters(params(), this::model);
        assertTrue(fast.passed(), fast::toString);
        assertEquals("dense.kernel", fast.inputName(0));
        assertTrue(fast.toString().contains("dense.kernel F64 [3, 4] (checked)"), fast::toString);
        assertTrue(fast.toString().contains("scale F64 [4] (constant)"), fast::toString);
    }

    @Test
    void aWrongGradientIsReportedByParameterNameAndElement() {
        // the custom mul's backward is off by a factor 3 at element 5 of its second input (the kernel, index [1, 1])
        Report r = GradCheck.defaults().fast(true).checkParameters(params(),
                () -> Ops.sum(Ops.tanh(Ops.add(Ops.matmul(x, CustomOps.mul(Tensor.ones(DType.F64, 3, 4), weight, 5, 3.0)),
                        bias))));
        assertFalse(r.passed());
        assertEquals(List.of(Report.Check.PROJECTION, Report.Check.JACOBIAN),
                r.failures().stream().map(Report.Failure::check).toList());
        assertTrue(r.failures().get(0).message().startsWith("parameter 'dense.kernel' [3, 4]: "), r::toString);
        assertEquals(0, r.mismatches().get(0).input());
        assertArrayEquals(new int[] {1, 1}, r.mismatches().get(0).index());
        assertTrue(r.toString().contains("    dense.kernel 5 [1, 1]"), r::toString);
    }

    @Test
    void parametersGetTheirValuesBackAndNoGradient() {
        double[] before = weight.toDoubleArray();
        GradCheck.defaults().fast(true).checkParameters(params(), this::model);
        assertArrayEquals(before, weight.toDoubleArray());
        assertNull(weight.grad());
        assertNull(bias.grad());
    }

    @Test
    void f32ParametersAreRefusedByName() {
        Tensor w32 = Tensor.zeros(DType.F32, 2, 2).requiresGrad(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradCheck.defaults().checkParameters(Map.of("lstm.kernel", w32), () -> Ops.sum(w32)));
        assertTrue(e.getMessage().startsWith("GradCheck: parameter 'lstm.kernel' is F32 [2, 2]"), e.getMessage());
    }

    @Test
    void aVectorValuedFunctionIsCheckedRowByRow() {
        // Twenty outputs: each row of the Jacobian needs its own one-hot upstream and gradients cleared between rows;
        // a one-hot left set or gradients summed over rows would give rows of the wrong Jacobian here.
        Report r = GradCheck.defaults().checkParameters(params(), () -> Ops.tanh(Ops.add(Ops.matmul(x, weight), bias)));
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void gradientsLeftOnTheParametersBeforehandAreNotCounted() {
        try (Tape tape = Tape.open()) {
            tape.backward(model());
        }
        assertTrue(weight.grad() != null, "the setup leaves a gradient on the kernel");
        Report r = GradCheck.defaults().fast(true).checkParameters(params(), this::model);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void aFunctionOfNoParameterHasZeroGradients() {
        Report r = GradCheck.defaults().checkParameters(params(), () -> Tensor.scalar(DType.F64, 2.5));
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void aFrozenF32ParameterIsAConstantAndAllowed() {
        Map<String, Tensor> p = params();
        p.put("frozen32", Tensor.ones(DType.F32, 2));
        Report r = GradCheck.defaults().fast(true).checkParameters(p, this::model);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.toString().contains("frozen32 F32 [2] (constant)"), r::toString);
    }

    @Test
    void whenTheFunctionThrowsAtPerturbedParametersTheyGetTheirValuesBack() {
        double[] weightBefore = weight.toDoubleArray();
        double[] biasBefore = bias.toDoubleArray();
        Supplier<Tensor> f = () -> {
            if (!java.util.Arrays.equals(weightBefore, weight.toDoubleArray())
                    || !java.util.Arrays.equals(biasBefore, bias.toDoubleArray())) {
                throw new IllegalStateException("boom at perturbed parameters");
            }
            return model();
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradCheck.defaults().fast(true).checkParameters(params(), f));
        assertEquals("boom at perturbed parameters", e.getMessage());
        assertArrayEquals(weightBefore, weight.toDoubleArray());
        assertArrayEquals(biasBefore, bias.toDoubleArray());
    }

    @Test
    void whenTheFunctionThrowsAfterLeavingGradientsTheyAreCleared() {
        // On the recorded (analytical) evaluation, f runs a backward pass of its own, then throws.
        Supplier<Tensor> f = () -> {
            if (Tape.recording() != null) {
                try (Tape tape = Tape.open()) {
                    tape.backward(model());
                }
                throw new IllegalStateException("boom after a backward pass");
            }
            return model();
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GradCheck.defaults().fast(true).checkParameters(params(), f));
        assertEquals("boom after a backward pass", e.getMessage());
        assertNull(weight.grad());
        assertNull(bias.grad());
    }

    @Test
    void assertParametersThrowsTheReportOnlyWhenACheckFails() {
        GradCheck.defaults().fast(true).assertParameters(params(), this::model);
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.defaults().fast(true).assertParameters(params(),
                () -> Ops.sum(Ops.tanh(Ops.add(Ops.matmul(x, CustomOps.mul(Tensor.ones(DType.F64, 3, 4), weight, 5, 3.0)),
                        bias)))));
        assertTrue(e.getMessage().contains("    dense.kernel 5 [1, 1]"), e.getMessage());
    }
}
