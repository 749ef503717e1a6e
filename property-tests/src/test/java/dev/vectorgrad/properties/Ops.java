package dev.vectorgrad.properties;

import dev.vectorgrad.kernels.DoubleKernels;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.PackedDoubleMatrix;
import dev.vectorgrad.kernels.PackedFloatMatrix;
import dev.vectorgrad.kernels.Window2d;

/**
 * {@link FloatKernels} and {@link DoubleKernels} behind one generic interface, in the same
 * argument order; scalars are passed as double (the cases hold values already rounded to the
 * precision) and reductions return double.
 *
 * @param <A> {@code float[]} or {@code double[]}
 */
interface Ops<A> {

    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, A a, int aOff, int lda,
              A b, int bOff, int ldb, double beta, A c, int cOff, int ldc);

    void gemv(boolean transA, int m, int n, double alpha, A a, int aOff, int lda, A x, int xOff,
              double beta, A y, int yOff);

    /** {@code pack}: a {@code PackedFloatMatrix} or {@code PackedDoubleMatrix}. */
    Object pack(boolean transB, int k, int n, A b, int bOff, int ldb);

    /** {@code gemm} by a matrix {@link #pack} returned. */
    void gemm(boolean transA, int m, int n, int k, double alpha, A a, int aOff, int lda, Object packed,
              double beta, A c, int cOff, int ldc);

    void add(int n, A x, int xOff, A y, int yOff, A out, int outOff);

    void sub(int n, A x, int xOff, A y, int yOff, A out, int outOff);

    void mul(int n, A x, int xOff, A y, int yOff, A out, int outOff);

    void div(int n, A x, int xOff, A y, int yOff, A out, int outOff);

    void axpy(int n, double alpha, A x, int xOff, A y, int yOff);

    void scale(int n, double alpha, A x, int xOff);

    void fill(int n, double value, A x, int xOff);

    void copy(int n, A src, int srcOff, A dst, int dstOff);

    void addProduct(int n, A x, int xOff, A y, int yOff, A out, int outOff);

    void productSum(int n, A a, int aOff, A b, int bOff, A c, int cOff, A d, int dOff, A out, int outOff);

    void lerp(int n, A t, int tOff, A a, int aOff, A b, int bOff, A out, int outOff);

    double sum(int n, A x, int xOff);

    double dot(int n, A x, int xOff, A y, int yOff);

    double max(int n, A x, int xOff);

    double sumOfSquares(int n, A x, int xOff);

    void tanh(int n, A x, int xOff, A out, int outOff);

    void sigmoid(int n, A x, int xOff, A out, int outOff);

    void exp(int n, A x, int xOff, A out, int outOff);

    void log(int n, A x, int xOff, A out, int outOff);

    void relu(int n, A x, int xOff, A out, int outOff);

    void tanhBackward(int n, A y, int yOff, A dy, int dyOff, A dx, int dxOff);

    void sigmoidBackward(int n, A y, int yOff, A dy, int dyOff, A dx, int dxOff);

    void reluBackward(int n, A y, int yOff, A dy, int dyOff, A dx, int dxOff);

    void softmaxRows(int rows, int cols, A x, int xOff, int ldx, A out, int outOff, int ldo);

    void logSoftmaxRows(int rows, int cols, A x, int xOff, int ldx, A out, int outOff, int ldo);

    void conv2d(Window2d g, int filters, A x, int xOff, A kernel, int kernelOff, A bias, int biasOff, A y, int yOff);

    void conv2dBackwardInput(Window2d g, int filters, A dy, int dyOff, A kernel, int kernelOff, A dx, int dxOff);

    void conv2dBackwardKernel(Window2d g, int filters, A x, int xOff, A dy, int dyOff, A dkernel, int dkernelOff);

    void maxPool2d(Window2d g, A x, int xOff, A y, int yOff);

    void maxPool2dBackward(Window2d g, A x, int xOff, A dy, int dyOff, A dx, int dxOff);

    void avgPool2d(Window2d g, A x, int xOff, A y, int yOff);

    void avgPool2dBackward(Window2d g, A dy, int dyOff, A dx, int dxOff);

    record F32(FloatKernels k) implements Ops<float[]> {
        public void gemm(boolean transA, boolean transB, int m, int n, int kk, double alpha, float[] a, int aOff,
                         int lda, float[] b, int bOff, int ldb, double beta, float[] c, int cOff, int ldc) {
            k.gemm(transA, transB, m, n, kk, (float) alpha, a, aOff, lda, b, bOff, ldb, (float) beta, c, cOff, ldc);
        }
        public void gemv(boolean transA, int m, int n, double alpha, float[] a, int aOff, int lda, float[] x,
                         int xOff, double beta, float[] y, int yOff) {
            k.gemv(transA, m, n, (float) alpha, a, aOff, lda, x, xOff, (float) beta, y, yOff);
        }
        public Object pack(boolean transB, int kk, int n, float[] b, int bOff, int ldb) {
            return k.pack(transB, kk, n, b, bOff, ldb);
        }
        public void gemm(boolean transA, int m, int n, int kk, double alpha, float[] a, int aOff, int lda, Object packed,
                         double beta, float[] c, int cOff, int ldc) {
            k.gemm(transA, m, n, kk, (float) alpha, a, aOff, lda, (PackedFloatMatrix) packed, (float) beta, c, cOff, ldc);
        }
        public void add(int n, float[] x, int xOff, float[] y, int yOff, float[] o, int oOff) { k.add(n, x, xOff, y, yOff, o, oOff); }
        public void sub(int n, float[] x, int xOff, float[] y, int yOff, float[] o, int oOff) { k.sub(n, x, xOff, y, yOff, o, oOff); }
        public void mul(int n, float[] x, int xOff, float[] y, int yOff, float[] o, int oOff) { k.mul(n, x, xOff, y, yOff, o, oOff); }
        public void div(int n, float[] x, int xOff, float[] y, int yOff, float[] o, int oOff) { k.div(n, x, xOff, y, yOff, o, oOff); }
        public void axpy(int n, double alpha, float[] x, int xOff, float[] y, int yOff) { k.axpy(n, (float) alpha, x, xOff, y, yOff); }
        public void scale(int n, double alpha, float[] x, int xOff) { k.scale(n, (float) alpha, x, xOff); }
        public void fill(int n, double value, float[] x, int xOff) { k.fill(n, (float) value, x, xOff); }
        public void copy(int n, float[] s, int sOff, float[] d, int dOff) { k.copy(n, s, sOff, d, dOff); }
        public void addProduct(int n, float[] x, int xOff, float[] y, int yOff, float[] o, int oOff) { k.addProduct(n, x, xOff, y, yOff, o, oOff); }
        public void productSum(int n, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, float[] d, int dOff,
                               float[] o, int oOff) {
            k.productSum(n, a, aOff, b, bOff, c, cOff, d, dOff, o, oOff);
        }
        public void lerp(int n, float[] t, int tOff, float[] a, int aOff, float[] b, int bOff, float[] o, int oOff) {
            k.lerp(n, t, tOff, a, aOff, b, bOff, o, oOff);
        }
        public double sum(int n, float[] x, int xOff) { return k.sum(n, x, xOff); }
        public double dot(int n, float[] x, int xOff, float[] y, int yOff) { return k.dot(n, x, xOff, y, yOff); }
        public double max(int n, float[] x, int xOff) { return k.max(n, x, xOff); }
        public double sumOfSquares(int n, float[] x, int xOff) { return k.sumOfSquares(n, x, xOff); }
        public void tanh(int n, float[] x, int xOff, float[] o, int oOff) { k.tanh(n, x, xOff, o, oOff); }
        public void sigmoid(int n, float[] x, int xOff, float[] o, int oOff) { k.sigmoid(n, x, xOff, o, oOff); }
        public void exp(int n, float[] x, int xOff, float[] o, int oOff) { k.exp(n, x, xOff, o, oOff); }
        public void log(int n, float[] x, int xOff, float[] o, int oOff) { k.log(n, x, xOff, o, oOff); }
        public void relu(int n, float[] x, int xOff, float[] o, int oOff) { k.relu(n, x, xOff, o, oOff); }
        public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) { k.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff); }
        public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) { k.sigmoidBackward(n, y, yOff, dy, dyOff, dx, dxOff); }
        public void reluBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) { k.reluBackward(n, y, yOff, dy, dyOff, dx, dxOff); }
        public void softmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] o, int oOff, int ldo) { k.softmaxRows(rows, cols, x, xOff, ldx, o, oOff, ldo); }
        public void logSoftmaxRows(int rows, int cols, float[] x, int xOff, int ldx, float[] o, int oOff, int ldo) { k.logSoftmaxRows(rows, cols, x, xOff, ldx, o, oOff, ldo); }
        public void conv2d(Window2d g, int filters, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] y, int yOff) {
            k.conv2d(g, filters, x, xOff, w, wOff, b, bOff, y, yOff);
        }
        public void conv2dBackwardInput(Window2d g, int filters, float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
            k.conv2dBackwardInput(g, filters, dy, dyOff, w, wOff, dx, dxOff);
        }
        public void conv2dBackwardKernel(Window2d g, int filters, float[] x, int xOff, float[] dy, int dyOff, float[] dw, int dwOff) {
            k.conv2dBackwardKernel(g, filters, x, xOff, dy, dyOff, dw, dwOff);
        }
        public void maxPool2d(Window2d g, float[] x, int xOff, float[] y, int yOff) { k.maxPool2d(g, x, xOff, y, yOff); }
        public void maxPool2dBackward(Window2d g, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
            k.maxPool2dBackward(g, x, xOff, dy, dyOff, dx, dxOff);
        }
        public void avgPool2d(Window2d g, float[] x, int xOff, float[] y, int yOff) { k.avgPool2d(g, x, xOff, y, yOff); }
        public void avgPool2dBackward(Window2d g, float[] dy, int dyOff, float[] dx, int dxOff) { k.avgPool2dBackward(g, dy, dyOff, dx, dxOff); }
    }

    record F64(DoubleKernels k) implements Ops<double[]> {
        public void gemm(boolean transA, boolean transB, int m, int n, int kk, double alpha, double[] a, int aOff,
                         int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            k.gemm(transA, transB, m, n, kk, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
        public void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda, double[] x,
                         int xOff, double beta, double[] y, int yOff) {
            k.gemv(transA, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        }
        public Object pack(boolean transB, int kk, int n, double[] b, int bOff, int ldb) {
            return k.pack(transB, kk, n, b, bOff, ldb);
        }
        public void gemm(boolean transA, int m, int n, int kk, double alpha, double[] a, int aOff, int lda, Object packed,
                         double beta, double[] c, int cOff, int ldc) {
            k.gemm(transA, m, n, kk, alpha, a, aOff, lda, (PackedDoubleMatrix) packed, beta, c, cOff, ldc);
        }
        public void add(int n, double[] x, int xOff, double[] y, int yOff, double[] o, int oOff) { k.add(n, x, xOff, y, yOff, o, oOff); }
        public void sub(int n, double[] x, int xOff, double[] y, int yOff, double[] o, int oOff) { k.sub(n, x, xOff, y, yOff, o, oOff); }
        public void mul(int n, double[] x, int xOff, double[] y, int yOff, double[] o, int oOff) { k.mul(n, x, xOff, y, yOff, o, oOff); }
        public void div(int n, double[] x, int xOff, double[] y, int yOff, double[] o, int oOff) { k.div(n, x, xOff, y, yOff, o, oOff); }
        public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) { k.axpy(n, alpha, x, xOff, y, yOff); }
        public void scale(int n, double alpha, double[] x, int xOff) { k.scale(n, alpha, x, xOff); }
        public void fill(int n, double value, double[] x, int xOff) { k.fill(n, value, x, xOff); }
        public void copy(int n, double[] s, int sOff, double[] d, int dOff) { k.copy(n, s, sOff, d, dOff); }
        public void addProduct(int n, double[] x, int xOff, double[] y, int yOff, double[] o, int oOff) { k.addProduct(n, x, xOff, y, yOff, o, oOff); }
        public void productSum(int n, double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, double[] d, int dOff,
                               double[] o, int oOff) {
            k.productSum(n, a, aOff, b, bOff, c, cOff, d, dOff, o, oOff);
        }
        public void lerp(int n, double[] t, int tOff, double[] a, int aOff, double[] b, int bOff, double[] o, int oOff) {
            k.lerp(n, t, tOff, a, aOff, b, bOff, o, oOff);
        }
        public double sum(int n, double[] x, int xOff) { return k.sum(n, x, xOff); }
        public double dot(int n, double[] x, int xOff, double[] y, int yOff) { return k.dot(n, x, xOff, y, yOff); }
        public double max(int n, double[] x, int xOff) { return k.max(n, x, xOff); }
        public double sumOfSquares(int n, double[] x, int xOff) { return k.sumOfSquares(n, x, xOff); }
        public void tanh(int n, double[] x, int xOff, double[] o, int oOff) { k.tanh(n, x, xOff, o, oOff); }
        public void sigmoid(int n, double[] x, int xOff, double[] o, int oOff) { k.sigmoid(n, x, xOff, o, oOff); }
        public void exp(int n, double[] x, int xOff, double[] o, int oOff) { k.exp(n, x, xOff, o, oOff); }
        public void log(int n, double[] x, int xOff, double[] o, int oOff) { k.log(n, x, xOff, o, oOff); }
        public void relu(int n, double[] x, int xOff, double[] o, int oOff) { k.relu(n, x, xOff, o, oOff); }
        public void tanhBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) { k.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff); }
        public void sigmoidBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) { k.sigmoidBackward(n, y, yOff, dy, dyOff, dx, dxOff); }
        public void reluBackward(int n, double[] y, int yOff, double[] dy, int dyOff, double[] dx, int dxOff) { k.reluBackward(n, y, yOff, dy, dyOff, dx, dxOff); }
        public void softmaxRows(int rows, int cols, double[] x, int xOff, int ldx, double[] o, int oOff, int ldo) { k.softmaxRows(rows, cols, x, xOff, ldx, o, oOff, ldo); }
        public void logSoftmaxRows(int rows, int cols, double[] x, int xOff, int ldx, double[] o, int oOff, int ldo) { k.logSoftmaxRows(rows, cols, x, xOff, ldx, o, oOff, ldo); }
        public void conv2d(Window2d g, int filters, double[] x, int xOff, double[] w, int wOff, double[] b, int bOff, double[] y, int yOff) {
            k.conv2d(g, filters, x, xOff, w, wOff, b, bOff, y, yOff);
        }
        public void conv2dBackwardInput(Window2d g, int filters, double[] dy, int dyOff, double[] w, int wOff, double[] dx, int dxOff) {
            k.conv2dBackwardInput(g, filters, dy, dyOff, w, wOff, dx, dxOff);
        }
        public void conv2dBackwardKernel(Window2d g, int filters, double[] x, int xOff, double[] dy, int dyOff, double[] dw, int dwOff) {
            k.conv2dBackwardKernel(g, filters, x, xOff, dy, dyOff, dw, dwOff);
        }
        public void maxPool2d(Window2d g, double[] x, int xOff, double[] y, int yOff) { k.maxPool2d(g, x, xOff, y, yOff); }
        public void maxPool2dBackward(Window2d g, double[] x, int xOff, double[] dy, int dyOff, double[] dx, int dxOff) {
            k.maxPool2dBackward(g, x, xOff, dy, dyOff, dx, dxOff);
        }
        public void avgPool2d(Window2d g, double[] x, int xOff, double[] y, int yOff) { k.avgPool2d(g, x, xOff, y, yOff); }
        public void avgPool2dBackward(Window2d g, double[] dy, int dyOff, double[] dx, int dxOff) { k.avgPool2dBackward(g, dy, dyOff, dx, dxOff); }
    }
}
