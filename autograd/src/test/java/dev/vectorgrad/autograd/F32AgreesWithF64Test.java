package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorgrad.autograd.OpCases.Case;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the F32 path of every op, forward and backward. Gradient checks run in F64 only, so an F32
 * kernel call that is dropped or wrong (an F32 {@code sum} returning 0, an F32 {@code scale} doing
 * nothing, a missing F32 {@code reluBackward}) is invisible to them. Each op of {@link OpCases}
 * (every public op of {@link Ops}, {@link Shapes}, {@link Losses} and {@link Convolutions}) runs here
 * in F32 and in F64 on the same input values (floats, so both dtypes hold identical numbers) with the
 * same random upstream gradient, and the F32 outputs and input gradients must match the F64 ones within float
 * rounding. The F64 path itself is checked against finite differences by
 * {@link GradientAccumulationTest} and against loops over the definitions by {@code OpsTest}.
 *
 * <p>Through these ops, every method of the F32 {@code Compute} is reached: {@code gemm} (matmul),
 * {@code add} (add, every element-wise backward), {@code sub} (sub, mse), {@code mul} (mul, exp's
 * backward, dropout), {@code div} (div, log's backward), {@code axpy} (backward of scale, sum and the
 * losses), {@code scale} (scale, neg, sub's and div's backward), {@code fill} (a last axis of size 1
 * broadcast), {@code copy} (reshape, embedding, concat, slice), {@code sum} (sum, sum over the last
 * axis, log-softmax's backward, a broadcast last axis' gradient), {@code dot} (softmax's backward,
 * mse), {@code exp}, {@code log}, {@code tanh}, {@code sigmoid}, {@code relu}, their three backward
 * kernels, {@code softmaxRows} and {@code logSoftmaxRows} (log-softmax, cross-entropy), and the
 * convolution and pooling kernels with their backward kernels (the {@link Convolutions} ops). The
 * methods no autograd op calls (the packed GEMM, {@code addProduct}, {@code productSum}, {@code lerp}, used
 * by fused cells) are compared directly in {@code internal.ComputeF32F64Test}.
 */
class F32AgreesWithF64Test {

    static List<Case> cases() {
        return OpCases.all();
    }

    /**
     * Allowed difference relative to {@code 1 + |F64 value|}. The F32 run rounds each step to float
     * (unit roundoff {@code u = 2^-24 ~ 6e-8}); the F64 run is exact by comparison. The longest
     * reductions here have 24 terms of magnitude at most ~2 (sum, mean, a 13-wide softmax row, a
     * 4-deep matmul then its backward; the convolutions' longest sums, 19 products of inputs in [-1, 1]
     * for a 3x3x2 kernel and its bias, are shorter), and results go through at most about four element-wise steps,
     * each within 2 ulps; the worst-case bound {@code (n + steps) u * sum|terms|} is then below
     * {@code 28 * 6e-8 * 2 ~ 3.4e-6}, so 1e-5 holds with margin while anything that drops or corrupts a
     * kernel call (an error as large as the value or gradient itself, which
     * {@link GradientAccumulationTest#assertNotVacuous} checks exceeds 1e-3 somewhere) cannot pass. Largest difference seen over all cases: 1.2e-7.
     */
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void f32ForwardAndGradientsMatchF64(Case c) {
        long seed = c.name().hashCode() + 3;
        double[][] values = OpCases.inputValues(c, seed);
        Tensor[] x32 = OpCases.leaves(c, DType.F32, values);
        Tensor[] x64 = OpCases.leaves(c, DType.F64, values);
        Tensor y32;
        Tensor y64;
        try (Tape tape = Tape.open()) {
            y64 = c.f().apply(x64);
            double[] g = OpCases.upstream(y64.size(), seed + 1);
            tape.backward(y64, OpCases.tensor(y64.dtype(), g, y64.shape()));
            y32 = c.f().apply(x32);
            tape.backward(y32, OpCases.tensor(y32.dtype(), g, y32.shape()));
        }
        assertArrayEquals(y64.shape(), y32.shape(), c + ": shape");
        if (!c.name().equals("to(F64)")) {
            assertEquals(DType.F32, y32.dtype(), c + ": an op on F32 inputs gives F32");
        }
        GradientAccumulationTest.assertNotVacuous(y64.toDoubleArray(), c + ": output");
        GradientAccumulationTest.assertClose(y64.toDoubleArray(), y32, TOLERANCE, c + ": F32 output");
        for (int i = 0; i < x32.length; i++) {
            assertEquals(DType.F32, x32[i].grad().dtype());
            GradientAccumulationTest.assertNotVacuous(x64[i].grad().toDoubleArray(), c + ": gradient of input " + i);
            GradientAccumulationTest.assertClose(x64[i].grad().toDoubleArray(), x32[i].grad(), TOLERANCE,
                    c + ": F32 gradient of input " + i);
        }
    }
}
