package dev.vectorgrad.autograd;

import dev.vectorgrad.autograd.internal.Compute;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Differentiable ops on tensors: matrix product, broadcasting arithmetic, activations,
 * element-wise {@code abs}, {@code clamp} and {@code softplus}, softmax, reductions, embedding
 * lookup and dropout. Each computes its result with the
 * simd-kernels and, when a {@link Tape} is recording and an input requires a gradient, records
 * its backward. Inputs must share one dtype. Shape errors name the op and both shapes.
 *
 * <h2>Extreme and special values</h2>
 * Arithmetic is IEEE 754 throughout (subnormals are kept, never flushed to zero), and the
 * activations are written so that large inputs saturate instead of overflowing into NaN; checked in
 * F32 and F64 by {@code NumericalEdgeCasesTest}:
 * <ul>
 *   <li>{@link #sigmoid} is exactly 1 for inputs from about 17 (F32) or 37 (F64) up, +1e4 and +inf
 *       included, and tends to 0 through subnormal values below (exactly 0 at -1e4 and -inf); its
 *       gradient there is 0, never NaN. {@link #tanh} is exactly +/-1 from about +/-9 (F32) or
 *       +/-19 (F64), +/-1e4 and +/-inf included, with gradient 0; for tiny inputs, subnormals and
 *       signed zeros included, {@code tanh(x) == x}.</li>
 *   <li>{@link #softmax} subtracts the row maximum first, so it stays finite and sums to 1 for any
 *       row of finite values, +/-1e4 or +/-{@code MAX_VALUE}/2 alike; {@code -inf} entries get
 *       exactly 0 (masking) while the row has a finite entry. {@link #logSoftmax} is finite and
 *       exact to rounding when the row's spread is finite (entries whose true value lies below
 *       {@code -MAX_VALUE} round to {@code -inf}). A row whose maximum is {@code +inf}, or whose
 *       entries are all {@code -inf}, gives NaN, as in PyTorch.</li>
 *   <li>NaN propagates, it never vanishes: a NaN input makes the outputs it touches NaN (the
 *       element for element-wise ops, the whole row for softmax, log-softmax and cross-entropy,
 *       everything downstream of a matrix product) and their gradients NaN, while other elements
 *       and rows keep their values. The one exception is {@link #relu}'s gradient, which is 0 at a
 *       NaN input, as in PyTorch; its output is NaN, so the loss still shows it.</li>
 *   <li>{@link #exp} overflows to +inf above about 88.7 (F32) or 709.8 (F64), and a product or
 *       sum that overflows gives +/-inf, as IEEE arithmetic does; {@code inf - inf} and
 *       {@code 0 * inf} give NaN.</li>
 * </ul>
 * Training code detects what reaches the loss or the gradients: see {@code TruncatedBptt} and
 * {@link dev.vectorgrad.autograd.optim.GradClip#byNorm(java.util.Collection, double)}.
 */
public final class Ops {

    private Ops() {
    }

    // ---- matrix product ----------------------------------------------------------------------

    /** {@code a @ b} for matrices {@code [m, k]} and {@code [k, n]}. */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, b, false, false);
    }

    /**
     * {@code op(a) @ op(b)}, where {@code op} transposes when its flag is set: with
     * {@code transB}, {@code b} is {@code [n, k]} (the layout of PyTorch's {@code Linear} weight).
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        String op = "matmul";
        sameDType(op, a, b);
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException(op + ": needs matrices, got A " + Arrays.toString(a.shape())
                    + " and B " + Arrays.toString(b.shape()));
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException(op + ": A is " + a.dim(0) + "x" + a.dim(1) + (transA ? " (transposed)" : "")
                    + ", B is " + b.dim(0) + "x" + b.dim(1) + (transB ? " (transposed)" : "")
                    + ": inner dimensions " + k + " != " + kb);
        }
        Compute c = Compute.of(a.dtype());
        int lda = a.dim(1);
        int ldb = b.dim(1);
        Tensor out = Tensor.zeros(a.dtype(), m, n);
        c.gemm(transA, transB, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, out, 0, n);
        return Tape.record(op, new Tensor[] {a, b}, out, (g, gi) -> {
            // C = op(A) op(B): d op(A) = G op(B)^T, d op(B) = op(A)^T G; a transposed operand gets the transpose.
            if (gi[0] != null) {
                if (transA) {
                    c.gemm(transB, true, k, m, n, 1, b, 0, ldb, g[0], 0, n, 1, gi[0], 0, m);
                } else {
                    c.gemm(false, !transB, m, k, n, 1, g[0], 0, n, b, 0, ldb, 1, gi[0], 0, k);
                }
            }
            if (gi[1] != null) {
                if (transB) {
                    c.gemm(true, transA, n, k, m, 1, g[0], 0, n, a, 0, lda, 1, gi[1], 0, k);
                } else {
                    c.gemm(!transA, false, k, n, m, 1, a, 0, lda, g[0], 0, n, 1, gi[1], 0, n);
                }
            }
        });
    }

    // ---- broadcasting arithmetic -------------------------------------------------------------

    /** {@code a + b}, broadcasting as NumPy does (e.g. a bias {@code [n]} over rows {@code [m, n]}). */
    public static Tensor add(Tensor a, Tensor b) {
        Broadcast bc = Broadcast.of("add", a, b);
        Tensor out = rowwise(bc, a, b, Compute::add);
        return Tape.record("add", new Tensor[] {a, b}, out, (g, gi) -> {
            if (gi[0] != null) {
                bc.reduceIntoA(g[0], gi[0]);
            }
            if (gi[1] != null) {
                bc.reduceIntoB(g[0], gi[1]);
            }
        });
    }

    /** {@code a - b}, broadcasting. */
    public static Tensor sub(Tensor a, Tensor b) {
        Broadcast bc = Broadcast.of("sub", a, b);
        Tensor out = rowwise(bc, a, b, Compute::sub);
        return Tape.record("sub", new Tensor[] {a, b}, out, (g, gi) -> {
            if (gi[0] != null) {
                bc.reduceIntoA(g[0], gi[0]);
            }
            if (gi[1] != null) {
                Tensor negG = g[0].detach();
                Compute.of(negG.dtype()).scale(negG.size(), -1, negG, 0);
                bc.reduceIntoB(negG, gi[1]);
            }
        });
    }

    /** {@code a * b} element-wise, broadcasting. */
    public static Tensor mul(Tensor a, Tensor b) {
        Broadcast bc = Broadcast.of("mul", a, b);
        Tensor out = rowwise(bc, a, b, Compute::mul);
        return Tape.record("mul", new Tensor[] {a, b}, out, (g, gi) -> {
            if (gi[0] != null) {
                bc.reduceIntoA(rowwise(bc, g[0], bc.rowsOfB(b), Compute::mul, true), gi[0]);
            }
            if (gi[1] != null) {
                bc.reduceIntoB(rowwise(bc, bc.rowsOfA(a), g[0], Compute::mul, false), gi[1]);
            }
        });
    }

    /** {@code a / b} element-wise, broadcasting (IEEE division: x/0 is infinite or NaN). */
    public static Tensor div(Tensor a, Tensor b) {
        Broadcast bc = Broadcast.of("div", a, b);
        Tensor out = rowwise(bc, a, b, Compute::div);
        return Tape.record("div", new Tensor[] {a, b}, out, (g, gi) -> {
            // d a = g / b;  d b = -g * a / b^2 = -(g * out) / b
            if (gi[0] != null) {
                bc.reduceIntoA(rowwise(bc, g[0], bc.rowsOfB(b), Compute::div, true), gi[0]);
            }
            if (gi[1] != null) {
                Compute c = Compute.of(out.dtype());
                Tensor gOut = out.zerosLike();
                c.mul(out.size(), g[0], 0, out, 0, gOut, 0);
                Tensor t = rowwise(bc, gOut, bc.rowsOfB(b), Compute::div, true);
                c.scale(t.size(), -1, t, 0);
                bc.reduceIntoB(t, gi[1]);
            }
        });
    }

    /** A binary kernel over ranges. */
    @FunctionalInterface
    private interface Binary {
        void apply(Compute c, int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff);
    }

    private static Tensor rowwise(Broadcast bc, Tensor a, Tensor b, Binary kernel) {
        Compute c = Compute.of(a.dtype());
        Tensor ra = bc.rowsOfA(a);
        Tensor rb = bc.rowsOfB(b);
        Tensor out = Tensor.zeros(a.dtype(), bc.shape);
        for (int q = 0; q < bc.rows; q++) {
            kernel.apply(c, bc.len, ra, bc.offsetA(q), rb, bc.offsetB(q), out, q * bc.len);
        }
        return out;
    }

    /**
     * Backward helper: combines an output-shaped tensor with the expanded rows of one operand
     * ({@code operandSecond}: the operand is the kernel's second argument and uses B's offsets,
     * else the first and A's offsets).
     */
    private static Tensor rowwise(Broadcast bc, Tensor x, Tensor y, Binary kernel, boolean operandSecond) {
        Compute c = Compute.of(x.dtype());
        Tensor out = Tensor.zeros(x.dtype(), bc.shape);
        for (int q = 0; q < bc.rows; q++) {
            int row = q * bc.len;
            if (operandSecond) {
                kernel.apply(c, bc.len, x, row, y, bc.offsetB(q), out, row);
            } else {
                kernel.apply(c, bc.len, x, bc.offsetA(q), y, row, out, row);
            }
        }
        return out;
    }

    /** {@code -x}. */
    public static Tensor neg(Tensor x) {
        return scale(x, -1);
    }

    /** {@code alpha * x}. */
    public static Tensor scale(Tensor x, double alpha) {
        Compute c = Compute.of(x.dtype());
        Tensor out = x.detach();
        c.scale(out.size(), alpha, out, 0);
        return Tape.record("scale", new Tensor[] {x}, out,
                (g, gi) -> c.axpy(x.size(), alpha, g[0], 0, gi[0], 0));
    }

    // ---- element-wise functions --------------------------------------------------------------

    /**
     * {@code tanh(x)}: exactly +/-1 for large |x| (+/-inf included), with gradient 0 there;
     * {@code tanh(x) == x} for tiny x; NaN stays NaN (see the class notes on special values).
     */
    public static Tensor tanh(Tensor x) {
        return elementwise("tanh", x, Compute::tanh,
                (c, n, in, y, dy, dx) -> c.tanhBackward(n, y, 0, dy, 0, dx, 0));
    }

    /**
     * {@code 1 / (1 + e^-x)}: saturates to exactly 1 and (through subnormals) 0 without NaN,
     * +/-inf included, with gradient 0 there; NaN stays NaN (see the class notes on special values).
     */
    public static Tensor sigmoid(Tensor x) {
        return elementwise("sigmoid", x, Compute::sigmoid,
                (c, n, in, y, dy, dx) -> c.sigmoidBackward(n, y, 0, dy, 0, dx, 0));
    }

    /** {@code max(x, 0)}; NaN stays NaN. The gradient at 0, and at NaN (as in PyTorch), is taken as 0. */
    public static Tensor relu(Tensor x) {
        return elementwise("relu", x, Compute::relu,
                (c, n, in, y, dy, dx) -> c.reluBackward(n, y, 0, dy, 0, dx, 0));
    }

    /** {@code e^x}. */
    public static Tensor exp(Tensor x) {
        return elementwise("exp", x, Compute::exp,
                (c, n, in, y, dy, dx) -> c.mul(n, dy, 0, y, 0, dx, 0));
    }

    /** Natural logarithm: {@code log(0) = -inf}, negative inputs give NaN. */
    public static Tensor log(Tensor x) {
        return elementwise("log", x, Compute::log,
                (c, n, in, y, dy, dx) -> c.div(n, dy, 0, in, 0, dx, 0));
    }

    /** {@code |x|}; NaN stays NaN. The gradient is {@code sign(x)}, taken as 0 at 0 (as in PyTorch). */
    public static Tensor abs(Tensor x) {
        return elementwise("abs", x, Compute::abs,
                (c, n, in, y, dy, dx) -> c.absBackward(n, in, 0, dy, 0, dx, 0));
    }

    /**
     * {@code min(max(x, min), max)}, the bounds rounded to the tensor's dtype (Keras's {@code clip},
     * PyTorch's {@code clamp}); NaN stays NaN. The gradient passes where {@code min <= x <= max} (the bounds
     * included) and is 0 elsewhere and at NaN, as in PyTorch.
     *
     * @throws IllegalArgumentException if {@code min > max} or a bound is NaN
     */
    public static Tensor clamp(Tensor x, double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp: needs min <= max, got min=" + min + ", max=" + max);
        }
        return elementwise("clamp", x, (c, n, in, inOff, out, outOff) -> c.clamp(n, min, max, in, inOff, out, outOff),
                (c, n, in, y, dy, dx) -> c.clampBackward(n, min, max, in, 0, dy, 0, dx, 0));
    }

    /**
     * {@code log(1 + e^x)}, computed as {@code max(x, 0) + log1p(e^-|x|)}: no overflow, exactly {@code x} for large
     * {@code x} (+inf included) and 0 at -inf; NaN stays NaN. The gradient is {@code sigmoid(x)}.
     */
    public static Tensor softplus(Tensor x) {
        return elementwise("softplus", x, Compute::softplus,
                (c, n, in, y, dy, dx) -> c.softplusBackward(n, in, 0, dy, 0, dx, 0));
    }

    /** A unary kernel over ranges: {@code out = f(x)}. */
    @FunctionalInterface
    private interface Unary {
        void apply(Compute c, int n, Tensor x, int xOff, Tensor out, int outOff);
    }

    /** Writes {@code dx = dy * f'(x)} over whole tensors, given {@code x} and {@code y = f(x)}. */
    @FunctionalInterface
    private interface UnaryGradient {
        void apply(Compute c, int n, Tensor x, Tensor y, Tensor dy, Tensor dx);
    }

    /** An element-wise function of one tensor and its backward. */
    private static Tensor elementwise(String op, Tensor x, Unary f, UnaryGradient gradient) {
        Compute c = Compute.of(x.dtype());
        Tensor y = x.zerosLike();
        f.apply(c, x.size(), x, 0, y, 0);
        return Tape.record(op, new Tensor[] {x}, y, (g, gi) -> {
            Tensor d = x.zerosLike();
            gradient.apply(c, x.size(), x, y, g[0], d);
            Compute.addInto(gi[0], d);
        });
    }

    /**
     * Softmax over the last axis (numerically stable: the row maximum is subtracted first). Finite
     * and summing to 1 for any row of finite values; {@code -inf} entries get 0; a row with a NaN or
     * {@code +inf}, or of only {@code -inf}, is NaN (see the class notes on special values).
     */
    public static Tensor softmax(Tensor x) {
        int cols = lastDim("softmax", x);
        int rows = cols == 0 ? 0 : x.size() / cols;
        Compute c = Compute.of(x.dtype());
        Tensor y = x.zerosLike();
        c.softmaxRows(rows, cols, x, y);
        return Tape.record("softmax", new Tensor[] {x}, y, (g, gi) -> {
            // dx = y * (g - <g, y>) per row
            Tensor d = x.zerosLike();
            c.mul(x.size(), y, 0, g[0], 0, d, 0);
            for (int r = 0; r < rows; r++) {
                double s = c.dot(cols, g[0], r * cols, y, r * cols);
                c.axpy(cols, -s, y, r * cols, d, r * cols);
            }
            Compute.addInto(gi[0], d);
        });
    }

    /**
     * Log-softmax over the last axis, computed stably as {@code x - max - log(sum(exp(x - max)))}:
     * finite for rows of finite values whose spread is finite (+/-1e4 included); a row with a NaN
     * or {@code +inf}, or of only {@code -inf}, is NaN (see the class notes on special values).
     */
    public static Tensor logSoftmax(Tensor x) {
        int cols = lastDim("logSoftmax", x);
        int rows = cols == 0 ? 0 : x.size() / cols;
        Compute c = Compute.of(x.dtype());
        Tensor y = x.zerosLike();
        c.logSoftmaxRows(rows, cols, x, y);
        return Tape.record("logSoftmax", new Tensor[] {x}, y, (g, gi) -> {
            // dx = g - softmax(x) * sum(g) per row, with softmax(x) = exp(y)
            Tensor d = x.zerosLike();
            c.exp(x.size(), y, 0, d, 0);
            for (int r = 0; r < rows; r++) {
                c.scale(cols, -c.sum(cols, g[0], r * cols), d, r * cols);
            }
            c.add(x.size(), d, 0, g[0], 0, d, 0);
            Compute.addInto(gi[0], d);
        });
    }

    private static int lastDim(String op, Tensor x) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException(op + ": needs at least one dimension, got a scalar");
        }
        return x.dim(-1);
    }

    // ---- reductions --------------------------------------------------------------------------

    /** Sum of all elements, as a scalar. */
    public static Tensor sum(Tensor x) {
        Compute c = Compute.of(x.dtype());
        Tensor out = Tensor.scalar(x.dtype(), c.sum(x.size(), x, 0));
        return Tape.record("sum", new Tensor[] {x}, out,
                (g, gi) -> c.axpy(x.size(), g[0].get(0), Tensor.ones(x.dtype(), x.size()), 0, gi[0], 0));
    }

    /** Mean of all elements, as a scalar (NaN for an empty tensor). */
    public static Tensor mean(Tensor x) {
        return scale(sum(x), 1.0 / x.size());
    }

    /** Sum along {@code axis} (negative counts from the end); the axis is removed from the shape. */
    public static Tensor sum(Tensor x, int axis) {
        int ax = x.axis(axis);
        int[] shape = x.shape();
        int len = shape[ax];
        int inner = 1;
        for (int d = ax + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = len * inner == 0 ? 0 : x.size() / (len * inner);
        int[] outShape = new int[shape.length - 1];
        for (int d = 0, o = 0; d < shape.length; d++) {
            if (d != ax) {
                outShape[o++] = shape[d];
            }
        }
        Compute c = Compute.of(x.dtype());
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        int in = inner;
        for (int o = 0; o < outer; o++) {
            if (in == 1) {
                out.set(o, c.sum(len, x, o * len));
            } else {
                for (int a = 0; a < len; a++) {
                    c.add(in, out, o * in, x, (o * len + a) * in, out, o * in);
                }
            }
        }
        int outerF = outer;
        return Tape.record("sum(axis=" + ax + ")", new Tensor[] {x}, out, (g, gi) -> {
            Tensor ones = in == 1 ? Tensor.ones(x.dtype(), len) : null;
            for (int o = 0; o < outerF; o++) {
                if (in == 1) {
                    c.axpy(len, g[0].get(o), ones, 0, gi[0], o * len);
                } else {
                    for (int a = 0; a < len; a++) {
                        int at = (o * len + a) * in;
                        c.add(in, gi[0], at, g[0], o * in, gi[0], at);
                    }
                }
            }
        });
    }

    /** Mean along {@code axis}; the axis is removed from the shape. */
    public static Tensor mean(Tensor x, int axis) {
        return scale(sum(x, axis), 1.0 / x.dim(axis));
    }

    // ---- lookup and regularisation -----------------------------------------------------------

    /**
     * Rows of {@code weight} ({@code [vocabulary, dim]}) selected by {@code indices}, as
     * {@code [indices.length, dim]}. The gradient of each selected row accumulates into that row
     * of the weight's gradient (repeated indices add up).
     */
    public static Tensor embedding(Tensor weight, int[] indices) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("embedding: weight must be [vocabulary, dim], got "
                    + Arrays.toString(weight.shape()));
        }
        int vocabulary = weight.dim(0);
        int dim = weight.dim(1);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= vocabulary) {
                throw new IndexOutOfBoundsException("embedding: index " + indices[i] + " at position " + i
                        + " is outside the vocabulary [0, " + vocabulary + ")");
            }
        }
        int[] idx = indices.clone();
        Compute c = Compute.of(weight.dtype());
        Tensor out = Tensor.zeros(weight.dtype(), idx.length, dim);
        for (int i = 0; i < idx.length; i++) {
            c.copy(dim, weight, idx[i] * dim, out, i * dim);
        }
        return Tape.record("embedding", new Tensor[] {weight}, out, (g, gi) -> {
            for (int i = 0; i < idx.length; i++) {
                c.add(dim, gi[0], idx[i] * dim, g[0], i * dim, gi[0], idx[i] * dim);
            }
        });
    }

    /**
     * Inverted dropout: in training, each element is zeroed with probability {@code p} and the
     * rest are scaled by {@code 1 / (1 - p)}, the mask drawn from {@code random} (seed it for a
     * reproducible run). Outside training, or with {@code p == 0}, returns {@code x} itself.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, RandomGenerator random) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        Tensor mask = x.zerosLike();
        double keep = 1 / (1 - p);
        for (int i = 0; i < mask.size(); i++) {
            mask.set(i, random.nextDouble() < p ? 0 : keep);
        }
        Compute c = Compute.of(x.dtype());
        Tensor out = x.zerosLike();
        c.mul(x.size(), x, 0, mask, 0, out, 0);
        return Tape.record("dropout", new Tensor[] {x}, out, (g, gi) -> {
            Tensor d = x.zerosLike();
            c.mul(x.size(), g[0], 0, mask, 0, d, 0);
            Compute.addInto(gi[0], d);
        });
    }

    /** A copy of {@code x} converted to {@code dtype} (rounded to nearest for F64 to F32); differentiable. */
    public static Tensor to(Tensor x, DType dtype) {
        Tensor out = Tensor.zeros(dtype, x.shape());
        for (int i = 0; i < x.size(); i++) {
            out.set(i, x.get(i));
        }
        return Tape.record("to(" + dtype + ")", new Tensor[] {x}, out, (g, gi) -> {
            for (int i = 0; i < x.size(); i++) {
                gi[0].set(i, gi[0].get(i) + g[0].get(i));
            }
        });
    }

    // ---- helpers shared by the op classes ----------------------------------------------------

    static void sameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + a.dtype() + " " + Arrays.toString(a.shape())
                    + " and " + b.dtype() + " " + Arrays.toString(b.shape()));
        }
    }
}
