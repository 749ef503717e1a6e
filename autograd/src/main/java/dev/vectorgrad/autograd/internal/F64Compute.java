// Generated from F32Compute.java by tools/Twins.java: do not edit (edit F32Compute.java, then run java tools/Twins.java).
package dev.vectorgrad.autograd.internal;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.PackedDoubleMatrix;
import dev.vectorgrad.kernels.Window2d;

/** {@link Compute} over {@code double[]} storage and one provider's {@link DoubleKernels}. */
final class F64Compute extends Compute {

    private final DoubleKernels k;

    F64Compute(DoubleKernels k) {
        this.k = k;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int kk, double alpha,
                     Tensor a, int aOff, int lda, Tensor b, int bOff, int ldb,
                     double beta, Tensor c, int cOff, int ldc) {
        k.gemm(transA, transB, m, n, kk, alpha, a.dataF64(), aOff, lda, b.dataF64(), bOff, ldb,
                beta, c.dataF64(), cOff, ldc);
    }

    @Override
    public Packed pack(boolean transB, int kk, int n, Tensor b, int bOff, int ldb) {
        return new Packed(k.pack(transB, kk, n, b.dataF64(), bOff, ldb));
    }

    @Override
    public void gemm(boolean transA, int m, int n, int kk, double alpha, Tensor a, int aOff, int lda,
                     Packed b, double beta, Tensor c, int cOff, int ldc) {
        k.gemm(transA, m, n, kk, alpha, a.dataF64(), aOff, lda, (PackedDoubleMatrix) b.matrix,
                beta, c.dataF64(), cOff, ldc);
    }

    @Override
    public void add(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.add(n, x.dataF64(), xOff, y.dataF64(), yOff, out.dataF64(), outOff);
    }

    @Override
    public void sub(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.sub(n, x.dataF64(), xOff, y.dataF64(), yOff, out.dataF64(), outOff);
    }

    @Override
    public void mul(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.mul(n, x.dataF64(), xOff, y.dataF64(), yOff, out.dataF64(), outOff);
    }

    @Override
    public void div(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.div(n, x.dataF64(), xOff, y.dataF64(), yOff, out.dataF64(), outOff);
    }

    @Override
    public void addProduct(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.addProduct(n, x.dataF64(), xOff, y.dataF64(), yOff, out.dataF64(), outOff);
    }

    @Override
    public void productSum(int n, Tensor a, int aOff, Tensor b, int bOff, Tensor c, int cOff,
                           Tensor d, int dOff, Tensor out, int outOff) {
        k.productSum(n, a.dataF64(), aOff, b.dataF64(), bOff, c.dataF64(), cOff, d.dataF64(), dOff, out.dataF64(), outOff);
    }

    @Override
    public void lerp(int n, Tensor t, int tOff, Tensor a, int aOff, Tensor b, int bOff, Tensor out, int outOff) {
        k.lerp(n, t.dataF64(), tOff, a.dataF64(), aOff, b.dataF64(), bOff, out.dataF64(), outOff);
    }

    @Override
    public void axpy(int n, double alpha, Tensor x, int xOff, Tensor y, int yOff) {
        k.axpy(n, alpha, x.dataF64(), xOff, y.dataF64(), yOff);
    }

    @Override
    public void scale(int n, double alpha, Tensor x, int xOff) {
        k.scale(n, alpha, x.dataF64(), xOff);
    }

    @Override
    public void fill(int n, double value, Tensor x, int xOff) {
        k.fill(n, value, x.dataF64(), xOff);
    }

    @Override
    public void copy(int n, Tensor src, int srcOff, Tensor dst, int dstOff) {
        k.copy(n, src.dataF64(), srcOff, dst.dataF64(), dstOff);
    }

    @Override
    public double sum(int n, Tensor x, int xOff) {
        return k.sum(n, x.dataF64(), xOff);
    }

    @Override
    public double dot(int n, Tensor x, int xOff, Tensor y, int yOff) {
        return k.dot(n, x.dataF64(), xOff, y.dataF64(), yOff);
    }

    @Override
    public void exp(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.exp(n, x.dataF64(), xOff, out.dataF64(), outOff);
    }

    @Override
    public void log(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.log(n, x.dataF64(), xOff, out.dataF64(), outOff);
    }

    @Override
    public void tanh(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.tanh(n, x.dataF64(), xOff, out.dataF64(), outOff);
    }

    @Override
    public void sigmoid(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.sigmoid(n, x.dataF64(), xOff, out.dataF64(), outOff);
    }

    @Override
    public void relu(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.relu(n, x.dataF64(), xOff, out.dataF64(), outOff);
    }

    @Override
    public void tanhBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        k.tanhBackward(n, y.dataF64(), yOff, dy.dataF64(), dyOff, dx.dataF64(), dxOff);
    }

    @Override
    public void sigmoidBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        k.sigmoidBackward(n, y.dataF64(), yOff, dy.dataF64(), dyOff, dx.dataF64(), dxOff);
    }

    @Override
    public void reluBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        k.reluBackward(n, y.dataF64(), yOff, dy.dataF64(), dyOff, dx.dataF64(), dxOff);
    }

    @Override
    public void softmaxRows(int rows, int cols, Tensor x, Tensor out) {
        k.softmaxRows(rows, cols, x.dataF64(), 0, cols, out.dataF64(), 0, cols);
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, Tensor x, Tensor out) {
        k.logSoftmaxRows(rows, cols, x.dataF64(), 0, cols, out.dataF64(), 0, cols);
    }

    @Override
    public void conv2d(Window2d g, int filters, Tensor x, Tensor kernel, Tensor bias, Tensor y) {
        k.conv2d(g, filters, x.dataF64(), 0, kernel.dataF64(), 0, bias == null ? null : bias.dataF64(), 0,
                y.dataF64(), 0);
    }

    @Override
    public void conv2dBackwardInput(Window2d g, int filters, Tensor dy, Tensor kernel, Tensor dx) {
        k.conv2dBackwardInput(g, filters, dy.dataF64(), 0, kernel.dataF64(), 0, dx.dataF64(), 0);
    }

    @Override
    public void conv2dBackwardKernel(Window2d g, int filters, Tensor x, Tensor dy, Tensor dkernel) {
        k.conv2dBackwardKernel(g, filters, x.dataF64(), 0, dy.dataF64(), 0, dkernel.dataF64(), 0);
    }

    @Override
    public void maxPool2d(Window2d g, Tensor x, Tensor y) {
        k.maxPool2d(g, x.dataF64(), 0, y.dataF64(), 0);
    }

    @Override
    public void maxPool2dBackward(Window2d g, Tensor x, Tensor dy, Tensor dx) {
        k.maxPool2dBackward(g, x.dataF64(), 0, dy.dataF64(), 0, dx.dataF64(), 0);
    }

    @Override
    public void avgPool2d(Window2d g, Tensor x, Tensor y) {
        k.avgPool2d(g, x.dataF64(), 0, y.dataF64(), 0);
    }

    @Override
    public void avgPool2dBackward(Window2d g, Tensor dy, Tensor dx) {
        k.avgPool2dBackward(g, dy.dataF64(), 0, dx.dataF64(), 0);
    }

    // ---- element-wise functions with no kernel: plain loops (they serve the losses, off the hot path) ----

    @Override
    public void abs(int n, Tensor x, int xOff, Tensor out, int outOff) {
        double[] a = x.dataF64();
        double[] o = out.dataF64();
        for (int i = 0; i < n; i++) {
            o[outOff + i] = Math.abs(a[xOff + i]);
        }
    }

    @Override
    public void absBackward(int n, Tensor x, int xOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        double[] a = x.dataF64();
        double[] g = dy.dataF64();
        double[] d = dx.dataF64();
        for (int i = 0; i < n; i++) {
            d[dxOff + i] = g[dyOff + i] * Math.signum(a[xOff + i]);
        }
    }

    @Override
    public void clamp(int n, double min, double max, Tensor x, int xOff, Tensor out, int outOff) {
        double lo = min;
        double hi = max;
        double[] a = x.dataF64();
        double[] o = out.dataF64();
        for (int i = 0; i < n; i++) {
            o[outOff + i] = Math.min(Math.max(a[xOff + i], lo), hi);
        }
    }

    @Override
    public void clampBackward(int n, double min, double max, Tensor x, int xOff, Tensor dy, int dyOff,
                              Tensor dx, int dxOff) {
        double lo = min;
        double hi = max;
        double[] a = x.dataF64();
        double[] g = dy.dataF64();
        double[] d = dx.dataF64();
        for (int i = 0; i < n; i++) {
            double v = a[xOff + i];
            d[dxOff + i] = v >= lo && v <= hi ? g[dyOff + i] : 0;
        }
    }

    @Override
    public void softplus(int n, Tensor x, int xOff, Tensor out, int outOff) {
        double[] a = x.dataF64();
        double[] o = out.dataF64();
        for (int i = 0; i < n; i++) {
            double v = a[xOff + i];
            o[outOff + i] = (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
    }

    @Override
    public void softplusBackward(int n, Tensor x, int xOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        double[] a = x.dataF64();
        double[] g = dy.dataF64();
        double[] d = dx.dataF64();
        for (int i = 0; i < n; i++) {
            d[dxOff + i] = g[dyOff + i] * (1 / (1 + Math.exp(-a[xOff + i])));
        }
    }
}
