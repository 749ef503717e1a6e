package dev.vectorgrad.autograd.internal;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.Window2d;

/** {@link Compute} over {@code float[]} storage and one provider's {@link FloatKernels}. */
final class F32Compute extends Compute {

    private final FloatKernels k;

    F32Compute(FloatKernels k) {
        this.k = k;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int kk, double alpha,
                     Tensor a, int aOff, int lda, Tensor b, int bOff, int ldb,
                     double beta, Tensor c, int cOff, int ldc) {
        k.gemm(transA, transB, m, n, kk, (float) alpha, a.dataF32(), aOff, lda, b.dataF32(), bOff, ldb,
                (float) beta, c.dataF32(), cOff, ldc);
    }

    @Override
    public Packed pack(boolean transB, int kk, int n, Tensor b, int bOff, int ldb) {
        return new Packed(k.pack(transB, kk, n, b.dataF32(), bOff, ldb));
    }

    @Override
    public void gemm(boolean transA, int m, int n, int kk, double alpha, Tensor a, int aOff, int lda,
                     Packed b, double beta, Tensor c, int cOff, int ldc) {
        k.gemm(transA, m, n, kk, (float) alpha, a.dataF32(), aOff, lda, (PackedFloatMatrix) b.matrix,
                (float) beta, c.dataF32(), cOff, ldc);
    }

    @Override
    public void add(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.add(n, x.dataF32(), xOff, y.dataF32(), yOff, out.dataF32(), outOff);
    }

    @Override
    public void sub(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.sub(n, x.dataF32(), xOff, y.dataF32(), yOff, out.dataF32(), outOff);
    }

    @Override
    public void mul(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.mul(n, x.dataF32(), xOff, y.dataF32(), yOff, out.dataF32(), outOff);
    }

    @Override
    public void div(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.div(n, x.dataF32(), xOff, y.dataF32(), yOff, out.dataF32(), outOff);
    }

    @Override
    public void addProduct(int n, Tensor x, int xOff, Tensor y, int yOff, Tensor out, int outOff) {
        k.addProduct(n, x.dataF32(), xOff, y.dataF32(), yOff, out.dataF32(), outOff);
    }

    @Override
    public void productSum(int n, Tensor a, int aOff, Tensor b, int bOff, Tensor c, int cOff,
                           Tensor d, int dOff, Tensor out, int outOff) {
        k.productSum(n, a.dataF32(), aOff, b.dataF32(), bOff, c.dataF32(), cOff, d.dataF32(), dOff, out.dataF32(), outOff);
    }

    @Override
    public void lerp(int n, Tensor t, int tOff, Tensor a, int aOff, Tensor b, int bOff, Tensor out, int outOff) {
        k.lerp(n, t.dataF32(), tOff, a.dataF32(), aOff, b.dataF32(), bOff, out.dataF32(), outOff);
    }

    @Override
    public void axpy(int n, double alpha, Tensor x, int xOff, Tensor y, int yOff) {
        k.axpy(n, (float) alpha, x.dataF32(), xOff, y.dataF32(), yOff);
    }

    @Override
    public void scale(int n, double alpha, Tensor x, int xOff) {
        k.scale(n, (float) alpha, x.dataF32(), xOff);
    }

    @Override
    public void fill(int n, double value, Tensor x, int xOff) {
        k.fill(n, (float) value, x.dataF32(), xOff);
    }

    @Override
    public void copy(int n, Tensor src, int srcOff, Tensor dst, int dstOff) {
        k.copy(n, src.dataF32(), srcOff, dst.dataF32(), dstOff);
    }

    @Override
    public double sum(int n, Tensor x, int xOff) {
        return k.sum(n, x.dataF32(), xOff);
    }

    @Override
    public double dot(int n, Tensor x, int xOff, Tensor y, int yOff) {
        return k.dot(n, x.dataF32(), xOff, y.dataF32(), yOff);
    }

    @Override
    public void exp(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.exp(n, x.dataF32(), xOff, out.dataF32(), outOff);
    }

    @Override
    public void log(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.log(n, x.dataF32(), xOff, out.dataF32(), outOff);
    }

    @Override
    public void tanh(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.tanh(n, x.dataF32(), xOff, out.dataF32(), outOff);
    }

    @Override
    public void sigmoid(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.sigmoid(n, x.dataF32(), xOff, out.dataF32(), outOff);
    }

    @Override
    public void relu(int n, Tensor x, int xOff, Tensor out, int outOff) {
        k.relu(n, x.dataF32(), xOff, out.dataF32(), outOff);
    }

    @Override
    public void tanhBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        k.tanhBackward(n, y.dataF32(), yOff, dy.dataF32(), dyOff, dx.dataF32(), dxOff);
    }

    @Override
    public void sigmoidBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        k.sigmoidBackward(n, y.dataF32(), yOff, dy.dataF32(), dyOff, dx.dataF32(), dxOff);
    }

    @Override
    public void reluBackward(int n, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        k.reluBackward(n, y.dataF32(), yOff, dy.dataF32(), dyOff, dx.dataF32(), dxOff);
    }

    @Override
    public void softmaxRows(int rows, int cols, Tensor x, Tensor out) {
        k.softmaxRows(rows, cols, x.dataF32(), 0, cols, out.dataF32(), 0, cols);
    }

    @Override
    public void logSoftmaxRows(int rows, int cols, Tensor x, Tensor out) {
        k.logSoftmaxRows(rows, cols, x.dataF32(), 0, cols, out.dataF32(), 0, cols);
    }

    @Override
    public void conv2d(Window2d g, int filters, Tensor x, Tensor kernel, Tensor bias, Tensor y) {
        k.conv2d(g, filters, x.dataF32(), 0, kernel.dataF32(), 0, bias == null ? null : bias.dataF32(), 0,
                y.dataF32(), 0);
    }

    @Override
    public void conv2dBackwardInput(Window2d g, int filters, Tensor dy, Tensor kernel, Tensor dx) {
        k.conv2dBackwardInput(g, filters, dy.dataF32(), 0, kernel.dataF32(), 0, dx.dataF32(), 0);
    }

    @Override
    public void conv2dBackwardKernel(Window2d g, int filters, Tensor x, Tensor dy, Tensor dkernel) {
        k.conv2dBackwardKernel(g, filters, x.dataF32(), 0, dy.dataF32(), 0, dkernel.dataF32(), 0);
    }

    @Override
    public void maxPool2d(Window2d g, Tensor x, Tensor y) {
        k.maxPool2d(g, x.dataF32(), 0, y.dataF32(), 0);
    }

    @Override
    public void maxPool2dBackward(Window2d g, Tensor x, Tensor dy, Tensor dx) {
        k.maxPool2dBackward(g, x.dataF32(), 0, dy.dataF32(), 0, dx.dataF32(), 0);
    }

    @Override
    public void avgPool2d(Window2d g, Tensor x, Tensor y) {
        k.avgPool2d(g, x.dataF32(), 0, y.dataF32(), 0);
    }

    @Override
    public void avgPool2dBackward(Window2d g, Tensor dy, Tensor dx) {
        k.avgPool2dBackward(g, dy.dataF32(), 0, dx.dataF32(), 0);
    }

    // ---- element-wise functions with no kernel: plain loops (they serve the losses, off the hot path) ----

    @Override
    public void abs(int n, Tensor x, int xOff, Tensor out, int outOff) {
        float[] a = x.dataF32();
        float[] o = out.dataF32();
        for (int i = 0; i < n; i++) {
            o[outOff + i] = Math.abs(a[xOff + i]);
        }
    }

    @Override
    public void absBackward(int n, Tensor x, int xOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        float[] a = x.dataF32();
        float[] g = dy.dataF32();
        float[] d = dx.dataF32();
        for (int i = 0; i < n; i++) {
            d[dxOff + i] = g[dyOff + i] * Math.signum(a[xOff + i]);
        }
    }

    @Override
    public void clamp(int n, double min, double max, Tensor x, int xOff, Tensor out, int outOff) {
        float lo = (float) min;
        float hi = (float) max;
        float[] a = x.dataF32();
        float[] o = out.dataF32();
        for (int i = 0; i < n; i++) {
            o[outOff + i] = Math.min(Math.max(a[xOff + i], lo), hi);
        }
    }

    @Override
    public void clampBackward(int n, double min, double max, Tensor x, int xOff, Tensor dy, int dyOff,
                              Tensor dx, int dxOff) {
        float lo = (float) min;
        float hi = (float) max;
        float[] a = x.dataF32();
        float[] g = dy.dataF32();
        float[] d = dx.dataF32();
        for (int i = 0; i < n; i++) {
            float v = a[xOff + i];
            d[dxOff + i] = v >= lo && v <= hi ? g[dyOff + i] : 0;
        }
    }

    @Override
    public void softplus(int n, Tensor x, int xOff, Tensor out, int outOff) {
        float[] a = x.dataF32();
        float[] o = out.dataF32();
        for (int i = 0; i < n; i++) {
            float v = a[xOff + i];
            o[outOff + i] = (float) (Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
        }
    }

    @Override
    public void softplusBackward(int n, Tensor x, int xOff, Tensor dy, int dyOff, Tensor dx, int dxOff) {
        float[] a = x.dataF32();
        float[] g = dy.dataF32();
        float[] d = dx.dataF32();
        for (int i = 0; i < n; i++) {
            d[dxOff + i] = g[dyOff + i] * (float) (1 / (1 + Math.exp(-a[xOff + i])));
        }
    }
}
