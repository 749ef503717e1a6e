package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The documented behaviour of the ops on extreme inputs (+/-1e4, the largest finite values,
 * subnormals, NaN and infinities), forward and backward, in F32 and F64: sigmoid and tanh saturate
 * without NaN and with zero, not NaN, gradients; softmax, log-softmax and cross-entropy stay finite
 * for any finite logits; NaN propagates to the outputs and gradients it touches (and no further)
 * instead of vanishing. The inputs are spread over a long tensor so that the special values land in
 * vector lanes and in the scalar tail of the kernels.
 */
class NumericalEdgeCasesTest {

    /** Special inputs and where each is placed (index {@code 7 * i + 3}, in a tensor of {@link #N}). */
    private static final double[] SPECIAL = {1e4, -1e4, 100, -100, 0x1p-149, -0x1p-149, 0x1p-1074, 1e-310,
        Double.MIN_NORMAL, Float.MIN_NORMAL, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private static final int N = 7 * SPECIAL.length + 5;

    private static int at(int i) {
        return 7 * i + 3;
    }

    /** {@link #SPECIAL} placed among ordinary values in (-2, 2), as a leaf requiring a gradient. */
    private static Tensor specials(DType dtype, int nanAt) {
        Tensor x = Tensor.uniform(dtype, -2, 2, 42, N);
        for (int i = 0; i < SPECIAL.length; i++) {
            x.set(at(i), SPECIAL[i]);
        }
        if (nanAt >= 0) {
            x.set(nanAt, Double.NaN);
        }
        return x.requiresGrad(true);
    }

    /** Runs {@code op} on {@code x}, backpropagates a gradient of ones, returns {y, dx}. */
    private static Tensor[] forwardBackward(Tensor x, UnaryOperator<Tensor> op) {
        try (Tape tape = Tape.open()) {
            Tensor y = op.apply(x);
            tape.backward(y, Tensor.ones(y.dtype(), y.shape()));
            return new Tensor[] {y.detach(), x.grad()};
        }
    }

    /** The value as the dtype stores it (subnormal doubles flush to 0 in F32). */
    private static double stored(DType dtype, double v) {
        return dtype == DType.F32 ? (float) v : v;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sigmoidSaturatesWithoutNaNAndHasZeroGradientThere(DType dtype) {
        Tensor[] r = forwardBackward(specials(dtype, -1), Ops::sigmoid);
        Tensor y = r[0];
        Tensor dx = r[1];
        for (int i = 0; i < N; i++) {
            assertTrue(y.get(i) >= 0 && y.get(i) <= 1, "sigmoid(" + i + ") = " + y.get(i));
            assertTrue(Double.isFinite(dx.get(i)) && dx.get(i) >= 0 && dx.get(i) <= 0.25, "d sigmoid " + dx.get(i));
        }
        for (int i = 0; i < SPECIAL.length; i++) {
            double x = stored(dtype, SPECIAL[i]);
            double expected = x >= 1e4 ? 1 : x <= -1e4 ? 0 : Math.abs(x) < 1e-30 ? 0.5 : Double.NaN;
            if (!Double.isNaN(expected)) {
                assertEquals(expected, y.get(at(i)), "sigmoid(" + x + ")");
                assertEquals(expected == 0.5 ? 0.25 : 0, dx.get(at(i)), "d sigmoid at " + x);
            }
        }
        assertTrue(y.get(at(3)) > 0 && y.get(at(3)) < 1e-40, "sigmoid(-100) is tiny and positive: " + y.get(at(3)));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void tanhSaturatesWithoutNaNAndKeepsSubnormals(DType dtype) {
        Tensor[] r = forwardBackward(specials(dtype, -1), Ops::tanh);
        Tensor y = r[0];
        Tensor dx = r[1];
        for (int i = 0; i < N; i++) {
            assertTrue(y.get(i) >= -1 && y.get(i) <= 1, "tanh(" + i + ") = " + y.get(i));
            assertTrue(Double.isFinite(dx.get(i)) && dx.get(i) >= 0 && dx.get(i) <= 1, "d tanh " + dx.get(i));
        }
        for (int i = 0; i < SPECIAL.length; i++) {
            double x = stored(dtype, SPECIAL[i]);
            if (Math.abs(x) >= 100) {
                assertEquals(Math.signum(x), y.get(at(i)), "tanh(" + x + ")");
                assertEquals(0, dx.get(at(i)), "d tanh at " + x);
            } else if (Math.abs(x) < 1e-30) {
                assertEquals(x, y.get(at(i)), "tanh(" + x + ") = x for tiny x, subnormals kept, signed zeros too");
                assertEquals(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(y.get(at(i))));
                assertEquals(1, dx.get(at(i)));
            }
        }
    }

    private static final UnaryOperator<Tensor> SIGMOID = Ops::sigmoid;
    private static final UnaryOperator<Tensor> TANH = Ops::tanh;
    private static final UnaryOperator<Tensor> RELU = Ops::relu;
    private static final UnaryOperator<Tensor> EXP = Ops::exp;
    private static final UnaryOperator<Tensor> SQUARE = x -> Ops.mul(x, x);
    private static final UnaryOperator<Tensor> SOFTMAX = Ops::softmax;
    private static final UnaryOperator<Tensor> LOG_SOFTMAX = Ops::logSoftmax;

    @ParameterizedTest
    @EnumSource(DType.class)
    void nanPropagatesThroughElementwiseOpsAndTheirGradients(DType dtype) {
        int nanAt = 40;
        for (UnaryOperator<Tensor> op : List.of(SIGMOID, TANH, RELU, EXP, SQUARE)) {
            Tensor[] r = forwardBackward(specials(dtype, nanAt), op);
            for (int i = 0; i < N; i++) {
                boolean isNaN = i == nanAt;
                assertEquals(isNaN, Double.isNaN(r[0].get(i)), "output " + i + " = " + r[0].get(i));
                if (isNaN && op != (Object) RELU) {
                    assertTrue(Double.isNaN(r[1].get(i)), "gradient at the NaN input is NaN: " + r[1].get(i));
                } else if (isNaN) {
                    assertEquals(0, r[1].get(i), "relu's gradient at NaN is 0, as in PyTorch (y > 0 is false)");
                }
            }
        }
    }

    /** Rows of extreme but finite logits: +/-1e4, subnormals, and +/-half the largest finite value. */
    private static Tensor extremeRows(DType dtype) {
        double big = dtype == DType.F32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        double[][] rows = {
            {1e4, -1e4, 1e4 - 1, 0, 5},
            {-1e4, -1e4, -1e4 + 3, -1e4, -1e4},
            {0x1p-149, 0, 1e-38, -0x1p-149, -1e-38},
            {-big / 2, -big / 2, -big / 2, big / 2, big / 2 - big / 8},
            {1, -1e4, 2, 1e4, 3},
        };
        int cols = rows[0].length;
        Tensor x = Tensor.zeros(dtype, rows.length, cols);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < cols; c++) {
                x.set(r * cols + c, rows[r][c]);
            }
        }
        return x.requiresGrad(true);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxStaysFiniteForAnyFiniteLogits(DType dtype) {
        Tensor x = extremeRows(dtype);
        Tensor[] r = forwardBackward(x, t -> Ops.mul(Ops.softmax(t), Tensor.uniform(dtype, -1, 1, 5, x.shape())));
        Tensor p;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            p = Ops.softmax(x);
        }
        int cols = x.dim(1);
        for (int row = 0; row < x.dim(0); row++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                double v = p.get(row * cols + c);
                assertTrue(v >= 0 && v <= 1, "softmax row " + row + " column " + c + " = " + v);
                assertTrue(Double.isFinite(r[1].get(row * cols + c)), "gradient row " + row + " column " + c);
                sum += v;
            }
            assertEquals(1, sum, 1e-6, "row " + row + " sums to 1");
        }
        assertEquals(1, p.get(0) + p.get(2), 1e-6, "1e4 and 1e4 - 1 share the mass");
        assertEquals(1 / (1 + 4 * Math.exp(-3)), p.get(cols + 2), 1e-6, "-1e4 + 3 among four -1e4");
        assertEquals(1, p.get(4 * cols + 3), "-1e4 and 1e4 in one row: exactly one-hot");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void logSoftmaxAndCrossEntropyStayFiniteForLogitsOfPlusMinus1e4(DType dtype) {
        Tensor x = extremeRows(dtype);
        Tensor[] r = forwardBackward(x, Ops::logSoftmax);
        int cols = x.dim(1);
        for (int row = 0; row < x.dim(0); row++) {
            for (int c = 0; c < cols; c++) {
                double v = r[0].get(row * cols + c);
                assertTrue(Double.isFinite(v) && v <= 0, "log-softmax row " + row + " column " + c + " = " + v);
            }
        }
        assertEquals(-2e4, r[0].get(1), 1e-3 * 2e4, "log-softmax of -1e4 next to 1e4");
        for (int i = 0; i < x.size(); i++) {
            assertTrue(Double.isFinite(r[1].get(i)), "log-softmax gradient " + i);
        }

        Tensor logits = x.detach().requiresGrad(true);
        int[] targets = {1, 2, 0, 3, 1}; // the least likely class in rows 0 and 4: a loss of about 2e4 each
        Tensor[] ce = forwardBackward(logits, t -> Losses.crossEntropy(t, targets));
        double loss = ce[0].item();
        assertTrue(Double.isFinite(loss) && loss > 7e3, "cross-entropy " + loss + " (two rows of about 2e4, mean over 5)");
        for (int i = 0; i < logits.size(); i++) {
            double g = ce[1].get(i);
            assertTrue(Double.isFinite(g) && Math.abs(g) <= 1, "cross-entropy gradient " + i + " = " + g);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void nanInOneRowPoisonsThatRowOnlyAndCrossEntropyReportsIt(DType dtype) {
        Tensor x = extremeRows(dtype).detach();
        int cols = x.dim(1);
        x.set(2 * cols + 1, Double.NaN);
        x.requiresGrad(true);
        for (UnaryOperator<Tensor> op : List.of(SOFTMAX, LOG_SOFTMAX)) {
            x.zeroGrad();
            Tensor[] r = forwardBackward(x, op);
            for (int i = 0; i < x.size(); i++) {
                boolean inNaNRow = i / cols == 2;
                assertEquals(inNaNRow, Double.isNaN(r[0].get(i)), "output " + i + " = " + r[0].get(i));
                assertEquals(inNaNRow, Double.isNaN(r[1].get(i)), "gradient " + i + " = " + r[1].get(i));
            }
        }
        x.zeroGrad();
        Tensor[] ce = forwardBackward(x, t -> Losses.crossEntropy(t, new int[] {0, 0, 0, 0, 0}));
        assertTrue(Double.isNaN(ce[0].item()), "a NaN logit makes the mean loss NaN, it does not vanish");
        for (int i = 0; i < x.size(); i++) {
            assertEquals(i / cols == 2, Double.isNaN(ce[1].get(i)), "cross-entropy gradient " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void infinitiesInSoftmaxFollowIeeeAsPyTorch(DType dtype) {
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.zeros(dtype, 3, 4);
        double[] values = {-inf, 0, 1, -inf, /* a masked entry gets exactly 0 */
            inf, 0, 1, 2, /* +inf: inf - inf is NaN, the row is NaN */
            -inf, -inf, -inf, -inf}; /* nothing left: NaN, as in PyTorch */
        for (int i = 0; i < values.length; i++) {
            x.set(i, values[i]);
        }
        Tensor p = Ops.softmax(x);
        Tensor lp = Ops.logSoftmax(x);
        assertEquals(0, p.get(0));
        assertEquals(0, p.get(3));
        assertEquals(1, p.get(1) + p.get(2), 1e-6);
        assertEquals(Double.NEGATIVE_INFINITY, lp.get(0));
        assertTrue(Double.isFinite(lp.get(1)) && Double.isFinite(lp.get(2)));
        for (int i = 4; i < 12; i++) {
            assertTrue(Double.isNaN(p.get(i)) && Double.isNaN(lp.get(i)), "element " + i);
        }
    }
}
