package dev.vectorgrad.autograd.internal;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.Window2d;
import dev.vectorgrad.kernels.internal.KernelPool;
import java.util.function.IntConsumer;

/**
 * The kernels seen through tensors: one implementation per dtype, so that each op is written
 * once for F32 and F64. Offsets and lengths are in elements of the tensors' storage; argument
 * checking is the kernels' (they throw before writing anything).
 *
 * <p>{@link #of} splits large products over the kernel threads; {@link #serial} never does, for
 * work that {@link #forEachPart} has already split (a product's split never changes its result).
 */
public abstract class Compute {

    private static final KernelProvider SERIAL = Kernels.provider().withThreads(1);
    private static final Compute F32 = new F32Compute(Kernels.f32());
    private static final Compute F64 = new F64Compute(Kernels.f64());
    private static final Compute F32_SERIAL = new F32Compute(SERIAL.f32());
    private static final Compute F64_SERIAL = new F64Compute(SERIAL.f64());

    /** The implementation for {@code dtype}, its large products split over {@link #threads()} threads. */
    public static Compute of(DType dtype) {
        return dtype == DType.F32 ? F32 : F64;
    }

    /** The implementation for {@code dtype} on the calling thread alone. */
    public static Compute serial(DType dtype) {
        return dtype == DType.F32 ? F32_SERIAL : F64_SERIAL;
    }

    /** The kernel thread count ({@code -Dvectorgrad.kernels.threads}, by default the processors). */
    public static int threads() {
        return Kernels.provider().threads();
    }

    /**
     * Runs {@code part.accept(p)} for every {@code p} in {@code 0 .. parts-1} on up to
     * {@link #threads()} threads (the caller's included) of the kernels' pool, and returns when all
     * have finished; a failure in any part is rethrown here. Parts must write disjoint data.
     */
    public static void forEachPart(int parts, IntConsumer part) {
        KernelPool.run(parts, threads(), part);
    }

    /**
     * {@code grad += delta} over the whole tensor (same dtype and size): how gradients accumulate,
     * in the tape's backward pass and in the ops' backward rules.
     */
    public static void addInto(Tensor grad, Tensor delta) {
        of(grad.dtype()).add(grad.size(), grad, 0, delta, 0, grad, 0);
    }

    /** {@code c = alpha * op(a) op(b) + beta * c} (row-major, as the kernels' gemm). */
    public abstract void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                              Tensor a, int aOff, int lda, Tensor b, int bOff, int ldb,
                              double beta, Tensor c, int cOff, int ldc);

    /**
     * op(B), {@code k x n}, packed once for many products by it (the kernels' {@code pack}): stored B
     * is {@code k x n}, or {@code n x k} with {@code transB}.
     */
    public abstract Packed pack(boolean transB, int k, int n, Tensor b, int bOff, int ldb);

    /** {@code c = alpha * op(a) b + beta * c} with {@code b} packed by {@link #pack}. */
    public abstract void gemm(boolean transA, int m, int n, int k, double alpha, Tensor a, int aOff, int lda,
                              Packed b, double beta, Tensor c, int cOff, int ldc);

    /** A packed right-hand operand of either dtype (the kernels' packed matrix). */
    public static final class Packed {
        final Object matrix;

        Packed(Object matrix) {
            this.matrix = matrix;
        }
    }

    public abstract void add(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff);

    public abstract void sub(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff);

    public abstract void mul(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff);

    public abstract void div(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff);

    /** {@code out += x * y}. */
    public abstract void addProduct(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff);

    /** {@code out = a * b + c * d}. */
    public abstract void productSum(int n, Tensor a, int aOff, Tensor b, int bOff, Tensor c, int cOff,
                                    Tensor d, int dOff, Tensor out, int outOff);

    /** {@code out = a + t * (b - a)} (one FMA), the GRU update. */
    public abstract void lerp(int n, Tensor t, int tOff, Tensor a, int aOff, Tensor b, int bOff, Tensor out, int outOff);

    /** {@code y += alpha * x}. */
    public abstract void axpy(int n, double alpha, Tensor x, int xOff, Tensor y, int yOff);

    /** {@code x *= alpha}. */
    public abstract void scale(int n, double alpha, Tensor x, int xOff);

    public abstract void fill(int n, double value, Tensor x, int xOff);

    public abstract void copy(int n, Tensor src, int srcOff, Tensor dst, int dstOff);

    public abstract double sum(int n, Tensor x, int xOff);

    public abstract double dot(int n, Tensor x, int xOff, Tensor y, int yOff);

    public abstract void exp(int n, Tensor x, int xOff, Tensor out, int outOff);

    public abstract void log(int n, Tensor x, int xOff, Tensor out, int outOff);

    public abstract void tanh(int n, Tensor x, int xOff, Tensor out, int outOff);

    public abstract void sigmoid(int n, Tensor x, int xOff, Tensor out, int outOff);

    public abstract void relu(int n, Tensor x, int xOff, Tensor out, int outOff);

    public abstract void tanhBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff);

    public abstract void sigmoidBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff);

    public abstract void reluBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff);

    /** {@code out = |x|} (plain loop: the element-wise functions below have no kernel; they serve the losses). */
    public abstract void abs(int n, Tensor x, int xOff, Tensor out, int outOff);

    /** {@code dx = dy * sign(x)}, with {@code sign(0) = 0} and {@code sign(NaN) = NaN}. */
    public abstract void absBackward(int n, Tensor x, int xOff, Tensor dy, int dyOff, Tensor dx, int dxOff);

    /** {@code out = min(max(x, min), max)}, the bounds rounded to the dtype; NaN stays NaN. */
    public abstract void clamp(int n, double min, double max, Tensor x, int xOff, Tensor out, int outOff);

    /** {@code dx = dy} where {@code min <= x <= max} (bounds included, as PyTorch's clamp), else 0 (NaN included). */
    public abstract void clampBackward(int n, double min, double max, Tensor x, int xOff, Tensor dy, int dyOff,
                                       Tensor dx, int dxOff);

    /** {@code out = log(1 + e^x)}, computed as {@code max(x, 0) + log1p(e^-|x|)} so that it never overflows. */
    public abstract void softplus(int n, Tensor x, int xOff, Tensor out, int outOff);

    /** {@code dx = dy * sigmoid(x)}, the derivative of softplus. */
    public abstract void softplusBackward(int n, Tensor x, int xOff, Tensor dy, int dyOff, Tensor dx, int dxOff);

    /** Softmax of each of {@code rows} contiguous rows of length {@code cols}. */
    public abstract void softmaxRows(int rows, int cols, Tensor x, Tensor out);

    public abstract void logSoftmaxRows(int rows, int cols, Tensor x, Tensor out);

    /**
     * The kernels' {@code conv2d} over whole tensors: {@code y = conv(x, kernel) + bias}, bias
     * {@code null} for none; y is overwritten.
     */
    public abstract void conv2d(Window2d g, int filters, Tensor x, Tensor kernel, Tensor bias, Tensor y);

    /** {@code dx +=} the input gradient of {@link #conv2d} for upstream {@code dy}. */
    public abstract void conv2dBackwardInput(Window2d g, int filters, Tensor dy, Tensor kernel, Tensor dx);

    /** {@code dkernel +=} the kernel gradient of {@link #conv2d} for upstream {@code dy}. */
    public abstract void conv2dBackwardKernel(Window2d g, int filters, Tensor x, Tensor dy, Tensor dkernel);

    /** The kernels' {@code maxPool2d} over whole tensors; y is overwritten. */
    public abstract void maxPool2d(Window2d g, Tensor x, Tensor y);

    /** {@code dx +=} the gradient of {@link #maxPool2d} for upstream {@code dy} (to each window's first maximum). */
    public abstract void maxPool2dBackward(Window2d g, Tensor x, Tensor dy, Tensor dx);

    /** The kernels' {@code avgPool2d} over whole tensors; y is overwritten. */
    public abstract void avgPool2d(Window2d g, Tensor x, Tensor y);

    /** {@code dx +=} the gradient of {@link #avgPool2d} for upstream {@code dy}. */
    public abstract void avgPool2dBackward(Window2d g, Tensor dy, Tensor dx);
}
