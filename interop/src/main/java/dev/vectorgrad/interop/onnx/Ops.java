package dev.vectorgrad.interop.onnx;

import dev.vectorgrad.interop.onnx.OnnxTensor.ElementType;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import java.util.Arrays;

/** The non-recurrent operators' computations, over flat row-major arrays; shapes are checked here. */
final class Ops {

    static final FloatKernels K = Kernels.f32();

    private Ops() {
    }

    // ---- shapes ---------------------------------------------------------------------------------

    /** Element count of an output shape, refused above {@code cap} (OnnxLimits.maxTensorElements). */
    static int elements(int[] shape, long cap) {
        long n = OnnxTensor.sizeOf(shape);
        if (n > cap) {
            throw new IllegalArgumentException("output shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than the limit of " + cap + " (OnnxLimits.maxTensorElements)");
        }
        return (int) n;
    }

    static float[] floats(OnnxTensor t, String what) {
        if (t == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (t.type() != ElementType.FLOAT) {
            throw new IllegalArgumentException(what + " must be FLOAT, got " + t.type());
        }
        return t.f();
    }

    static long[] ints(OnnxTensor t, String what) {
        if (t == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (!t.type().integral()) {
            throw new IllegalArgumentException(what + " must be an integer tensor, got " + t.type());
        }
        return t.l();
    }

    static int axis(long axis, int rank, String what) {
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException(what + " " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    static int toDim(long v, String what) {
        if (v < 0 || v > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + ": dimension " + v + " is negative or too large");
        }
        return (int) v;
    }

    /** Multidirectional (numpy) broadcast of two shapes. */
    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (dimension " + i + " of the result: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides of {@code shape} aligned to the right of {@code out}, 0 where a dimension is broadcast. */
    static int[] broadcastStrides(int[] shape, int[] out) {
        int r = out.length;
        int[] s = new int[r];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i + r - shape.length] = shape[i] == 1 ? 0 : stride;
            stride *= shape[i];
        }
        return s;
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= shape[i];
        }
        return s;
    }

    /**
     * Walks the elements of a result of {@code shape} in row-major order, giving for each the index of the element
     * of an operand that it reads, the operand seen through {@code strides}: 0 along a broadcast axis
     * ({@link #broadcastStrides}), permuted for a transpose.
     */
    static final class StridedWalk {
        private final int[] shape;
        private final int[] strides;
        private final int[] idx;
        private int at;

        StridedWalk(int[] strides, int[] shape) {
            this.shape = shape;
            this.strides = strides;
            this.idx = new int[shape.length];
        }

        /** The walk over {@code operand} broadcast to {@code shape}. */
        static StridedWalk broadcast(int[] operand, int[] shape) {
            return new StridedWalk(broadcastStrides(operand, shape), shape);
        }

        /** The operand's index for the current element of the result. */
        int at() {
            return at;
        }

        /** Moves to the next element of the result. */
        void next() {
            for (int d = shape.length - 1; d >= 0; d--) {
                at += strides[d];
                if (++idx[d] < shape[d]) {
                    return;
                }
                at -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    // ---- element-wise -----------------------------------------------------------------------------

    enum Binary { ADD, SUB, MUL, DIV }

    static OnnxTensor binary(Binary op, OnnxTensor a, OnnxTensor b, long cap) {
        if (a.type() != b.type()) {
            throw new IllegalArgumentException("operands have different types: " + a.type() + " and " + b.type());
        }
        int[] shape = broadcast(a.shapeRef(), b.shapeRef());
        int n = elements(shape, cap);
        if (a.type() == ElementType.FLOAT) {
            float[] x = a.f();
            float[] y = b.f();
            float[] out = new float[n];
            if (Arrays.equals(a.shapeRef(), b.shapeRef())) {
                switch (op) {
                    case ADD -> K.add(n, x, 0, y, 0, out, 0);
                    case SUB -> K.sub(n, x, 0, y, 0, out, 0);
                    case MUL -> K.mul(n, x, 0, y, 0, out, 0);
                    case DIV -> K.div(n, x, 0, y, 0, out, 0);
                }
                return OnnxTensor.wrapFloats(out, shape);
            }
            StridedWalk wa = StridedWalk.broadcast(a.shapeRef(), shape);
            StridedWalk wb = StridedWalk.broadcast(b.shapeRef(), shape);
            for (int k = 0; k < n; k++) {
                float u = x[wa.at()];
                float v = y[wb.at()];
                out[k] = switch (op) {
                    case ADD -> u + v;
                    case SUB -> u - v;
                    case MUL -> u * v;
                    case DIV -> u / v;
                };
                wa.next();
                wb.next();
            }
            return OnnxTensor.wrapFloats(out, shape);
        }
        if (a.type() != ElementType.INT64 && a.type() != ElementType.INT32) {
            throw new IllegalArgumentException("arithmetic on " + a.type() + " is not supported (FLOAT, INT32, INT64)");
        }
        long[] x = a.l();
        long[] y = b.l();
        long[] out = new long[n];
        StridedWalk wa = StridedWalk.broadcast(a.shapeRef(), shape);
        StridedWalk wb = StridedWalk.broadcast(b.shapeRef(), shape);
        for (int k = 0; k < n; k++) {
            long u = x[wa.at()];
            long v = y[wb.at()];
            if (op == Binary.DIV && v == 0) {
                throw new IllegalArgumentException("integer division by zero");
            }
            long r = switch (op) {
                case ADD -> u + v;
                case SUB -> u - v;
                case MUL -> u * v;
                case DIV -> u / v;
            };
            out[k] = a.type() == ElementType.INT32 ? (int) r : r;
            wa.next();
            wb.next();
        }
        return OnnxTensor.wrapLongs(a.type(), out, shape);
    }

    /** Copies {@code t} broadcast to {@code shape} (which must be its broadcast with something). */
    static OnnxTensor broadcastTo(OnnxTensor t, int[] shape, long cap) {
        int n = elements(shape, cap);
        StridedWalk w = StridedWalk.broadcast(t.shapeRef(), shape);
        float[] fo = t.type() == ElementType.FLOAT ? new float[n] : null;
        long[] lo = t.type().integral() ? new long[n] : null;
        double[] dO = t.type() == ElementType.DOUBLE ? new double[n] : null;
        double[] ds = dO == null ? null : t.d();
        for (int k = 0; k < n; k++) {
            int i = w.at();
            if (fo != null) {
                fo[k] = t.f()[i];
            } else if (lo != null) {
                lo[k] = t.l()[i];
            } else {
                dO[k] = ds[i];
            }
            w.next();
        }
        return fo != null ? OnnxTensor.wrapFloats(fo, shape.clone())
                : lo != null ? OnnxTensor.wrapLongs(t.type(), lo, shape.clone())
                : OnnxTensor.wrapDoubles(dO, shape.clone());
    }

    enum Unary { SIGMOID, TANH, RELU }

    static OnnxTensor unary(Unary op, OnnxTensor x) {
        float[] in = floats(x, "input");
        float[] out = new float[in.length];
        switch (op) {
            case SIGMOID -> K.sigmoid(in.length, in, 0, out, 0);
            case TANH -> K.tanh(in.length, in, 0, out, 0);
            case RELU -> K.relu(in.length, in, 0, out, 0);
        }
        return OnnxTensor.wrapFloats(out, x.shapeRef());
    }

    /** The product of {@code shape[from..to)}: the elements of the outer or inner block around an axis. */
    static int product(int[] shape, int from, int to) {
        int n = 1;
        for (int d = from; d < to; d++) {
            n *= shape[d];
        }
        return n;
    }

    /** Softmax or log-softmax along one axis (the opset-13 definition). */
    static OnnxTensor softmax(OnnxTensor x, long axisAttr, boolean log) {
        float[] in = floats(x, "input");
        int[] shape = x.shapeRef();
        int axis = axis(axisAttr, shape.length, "axis");
        int len = shape[axis];
        int inner = product(shape, axis + 1, shape.length);
        int outer = len == 0 || inner == 0 ? 0 : in.length / (len * inner);
        float[] out = new float[in.length];
        if (inner == 1) {
            if (log) {
                K.logSoftmaxRows(outer, len, in, 0, len, out, 0, len);
            } else {
                K.softmaxRows(outer, len, in, 0, len, out, 0, len);
            }
            return OnnxTensor.wrapFloats(out, shape);
        }
        float[] row = new float[len];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * len * inner + j;
                for (int k = 0; k < len; k++) {
                    row[k] = in[base + k * inner];
                }
                if (log) {
                    K.logSoftmaxRows(1, len, row, 0, len, row, 0, len);
                } else {
                    K.softmaxRows(1, len, row, 0, len, row, 0, len);
                }
                for (int k = 0; k < len; k++) {
                    out[base + k * inner] = row[k];
                }
            }
        }
        return OnnxTensor.wrapFloats(out, shape);
    }

    // ---- linear algebra -------------------------------------------------------------------------

    /** Gemm: {@code alpha * op(A) op(B) + beta * C}, C broadcast to [M, N]. */
    static OnnxTensor gemm(OnnxTensor a, OnnxTensor b, OnnxTensor c, boolean transA, boolean transB, float alpha,
                           float beta, long cap) {
        float[] x = floats(a, "A");
        float[] y = floats(b, "B");
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("A and B must be matrices, got " + Arrays.toString(a.shapeRef())
                    + " and " + Arrays.toString(b.shapeRef()));
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("op(A) is " + m + "x" + k + ", op(B) is " + kb + "x" + n
                    + ": inner dimensions " + k + " != " + kb);
        }
        int[] shape = {m, n};
        float[] out;
        float betaUsed = 0;
        if (c != null) {
            floats(c, "C");
            if (!Arrays.equals(broadcast(c.shapeRef(), shape), shape)) {
                throw new IllegalArgumentException("C " + Arrays.toString(c.shapeRef()) + " does not broadcast to "
                        + Arrays.toString(shape));
            }
            out = broadcastTo(c, shape, cap).f();
            betaUsed = beta;
        } else {
            out = new float[elements(shape, cap)];
        }
        K.gemm(transA, transB, m, n, k, alpha, x, 0, a.dim(1), y, 0, b.dim(1), betaUsed, out, 0, n);
        return OnnxTensor.wrapFloats(out, shape);
    }

    /** MatMul with numpy semantics: 1-D operands promoted, batch dimensions broadcast. */
    static OnnxTensor matmul(OnnxTensor a, OnnxTensor b, long cap) {
        float[] x = floats(a, "A");
        float[] y = floats(b, "B");
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("MatMul operands must have rank >= 1");
        }
        int[] as = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.shapeRef();
        int[] bs = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.shapeRef();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("A is " + Arrays.toString(a.shapeRef()) + ", B is "
                    + Arrays.toString(b.shapeRef()) + ": inner dimensions " + k + " != " + bs[bs.length - 2]);
        }
        int[] batchA = Arrays.copyOf(as, as.length - 2);
        int[] batchB = Arrays.copyOf(bs, bs.length - 2);
        int[] batch = broadcast(batchA, batchB);
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = n;
        int size = elements(full, cap);
        float[] out = new float[size];
        int batches = (int) OnnxTensor.sizeOf(batch);
        if (batchB.length == 0 || OnnxTensor.sizeOf(batchB) == 1 && Arrays.equals(batch, batchA)) {
            // B is one matrix: all of A's rows in one GEMM
            K.gemm(false, false, batches * m, n, k, 1f, x, 0, k, y, 0, n, 0f, out, 0, n);
        } else {
            StridedWalk wa = StridedWalk.broadcast(batchA, batch);
            StridedWalk wb = StridedWalk.broadcast(batchB, batch);
            for (int p = 0; p < batches; p++) {
                K.gemm(false, false, m, n, k, 1f, x, wa.at() * m * k, k, y, wb.at() * k * n, n, 0f, out, p * m * n,
                        n);
                wa.next();
                wb.next();
            }
        }
        int[] shape;
        if (a.rank() == 1 && b.rank() == 1) {
            shape = batch;
        } else if (a.rank() == 1) {
            shape = Arrays.copyOf(batch, batch.length + 1);
            shape[batch.length] = n;
        } else if (b.rank() == 1) {
            shape = Arrays.copyOf(batch, batch.length + 1);
            shape[batch.length] = m;
        } else {
            shape = full;
        }
        return OnnxTensor.wrapFloats(out, shape);
    }

    // ---- data movement --------------------------------------------------------------------------

    /** A tensor of {@code src}'s type holding {@code src}'s elements at {@code positions} (row-major), shaped. */
    private static OnnxTensor pick(OnnxTensor src, int[] positions, int[] shape) {
        int n = positions.length;
        switch (src.type()) {
            case FLOAT -> {
                float[] s = src.f();
                float[] o = new float[n];
                for (int i = 0; i < n; i++) {
                    o[i] = s[positions[i]];
                }
                return OnnxTensor.wrapFloats(o, shape);
            }
            case DOUBLE -> {
                double[] s = src.d();
                double[] o = new double[n];
                for (int i = 0; i < n; i++) {
                    o[i] = s[positions[i]];
                }
                return OnnxTensor.wrapDoubles(o, shape);
            }
            default -> {
                long[] s = src.l();
                long[] o = new long[n];
                for (int i = 0; i < n; i++) {
                    o[i] = s[positions[i]];
                }
                return OnnxTensor.wrapLongs(src.type(), o, shape);
            }
        }
    }

    static OnnxTensor transpose(OnnxTensor x, int[] perm, long cap) {
        int[] in = x.shapeRef();
        int r = in.length;
        if (perm == null) {
            perm = new int[r];
            for (int i = 0; i < r; i++) {
                perm[i] = r - 1 - i;
            }
        }
        if (perm.length != r) {
            throw new IllegalArgumentException("perm " + Arrays.toString(perm) + " has " + perm.length
                    + " entries for an input of rank " + r);
        }
        boolean[] seen = new boolean[r];
        int[] shape = new int[r];
        for (int i = 0; i < r; i++) {
            if (perm[i] < 0 || perm[i] >= r || seen[perm[i]]) {
                throw new IllegalArgumentException("perm " + Arrays.toString(perm) + " is not a permutation of 0.."
                        + (r - 1));
            }
            seen[perm[i]] = true;
            shape[i] = in[perm[i]];
        }
        int n = elements(shape, cap);
        int[] st = strides(in);
        int[] s = new int[r];
        for (int i = 0; i < r; i++) {
            s[i] = st[perm[i]];
        }
        int[] pos = new int[n];
        StridedWalk w = new StridedWalk(s, shape);
        for (int k = 0; k < n; k++) {
            pos[k] = w.at();
            w.next();
        }
        return pick(x, pos, shape);
    }

    static OnnxTensor reshape(OnnxTensor x, OnnxTensor shapeT, boolean allowZero) {
        long[] req = ints(shapeT, "shape");
        if (shapeT.rank() != 1) {
            throw new IllegalArgumentException("shape must be 1-D, got " + Arrays.toString(shapeT.shapeRef()));
        }
        int[] in = x.shapeRef();
        int[] shape = new int[req.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < req.length; i++) {
            long v = req[i];
            if (v == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(req) + " has two -1 entries");
                }
                infer = i;
                continue;
            }
            if (v == 0 && !allowZero) {
                if (i >= in.length) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(req) + " copies dimension " + i
                            + " of an input of rank " + in.length);
                }
                v = in[i];
            }
            shape[i] = toDim(v, "Reshape shape " + Arrays.toString(req));
            known *= shape[i];
            if (known > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(req) + " is too large");
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new IllegalArgumentException("cannot infer the -1 in " + Arrays.toString(req) + " for "
                        + x.size() + " elements");
            }
            shape[infer] = (int) (x.size() / known);
        }
        if (OnnxTensor.sizeOf(shape) != x.size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(in) + " (" + x.size()
                    + " elements) to " + Arrays.toString(shape));
        }
        return withShape(x, shape);
    }

    /** The same data with another shape of the same size. */
    static OnnxTensor withShape(OnnxTensor x, int[] shape) {
        return switch (x.type()) {
            case FLOAT -> OnnxTensor.wrapFloats(x.f(), shape);
            case DOUBLE -> OnnxTensor.wrapDoubles(x.d(), shape);
            default -> OnnxTensor.wrapLongs(x.type(), x.l(), shape);
        };
    }

    static OnnxTensor squeeze(OnnxTensor x, OnnxTensor axesT) {
        int[] in = x.shapeRef();
        boolean[] drop = new boolean[in.length];
        if (axesT == null) {
            for (int i = 0; i < in.length; i++) {
                drop[i] = in[i] == 1;
            }
        } else {
            for (long a : ints(axesT, "axes")) {
                int ax = axis(a, in.length, "Squeeze axis");
                if (in[ax] != 1) {
                    throw new IllegalArgumentException("cannot squeeze axis " + a + " of shape "
                            + Arrays.toString(in) + ": size " + in[ax] + ", not 1");
                }
                drop[ax] = true;
            }
        }
        int[] shape = new int[in.length];
        int r = 0;
        for (int i = 0; i < in.length; i++) {
            if (!drop[i]) {
                shape[r++] = in[i];
            }
        }
        return withShape(x, Arrays.copyOf(shape, r));
    }

    static OnnxTensor unsqueeze(OnnxTensor x, OnnxTensor axesT) {
        long[] axes = ints(axesT, "axes");
        int[] in = x.shapeRef();
        int r = in.length + axes.length;
        boolean[] inserted = new boolean[r];
        for (long a : axes) {
            int ax = axis(a, r, "Unsqueeze axis");
            if (inserted[ax]) {
                throw new IllegalArgumentException("Unsqueeze axes " + Arrays.toString(axes) + " repeat " + ax);
            }
            inserted[ax] = true;
        }
        int[] shape = new int[r];
        int j = 0;
        for (int i = 0; i < r; i++) {
            shape[i] = inserted[i] ? 1 : in[j++];
        }
        return withShape(x, shape);
    }

    static OnnxTensor concat(OnnxTensor[] xs, long axisAttr, long cap) {
        OnnxTensor first = xs[0];
        int rank = first.rank();
        int axis = axis(axisAttr, rank, "Concat axis");
        int[] shape = first.shape();
        shape[axis] = 0;
        for (OnnxTensor t : xs) {
            if (t.type() != first.type() || t.rank() != rank) {
                throw new IllegalArgumentException("Concat inputs differ in type or rank: " + first + " and " + t);
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && t.dim(d) != first.dim(d)) {
                    throw new IllegalArgumentException("Concat inputs " + Arrays.toString(first.shapeRef()) + " and "
                            + Arrays.toString(t.shapeRef()) + " differ outside axis " + axis);
                }
            }
            shape[axis] += t.dim(axis);
            if (shape[axis] < 0) {
                throw new IllegalArgumentException("Concat result too large");
            }
        }
        int n = elements(shape, cap);
        int outer = product(shape, 0, axis);
        // each input contributes a contiguous block of every outer row: element positions in input order
        OnnxTensor joined = switch (first.type()) {
            case FLOAT -> OnnxTensor.wrapFloats(new float[n], shape);
            case DOUBLE -> OnnxTensor.wrapDoubles(new double[n], shape);
            default -> OnnxTensor.wrapLongs(first.type(), new long[n], shape);
        };
        int rowOut = outer == 0 ? 0 : n / outer;
        int col = 0;
        for (OnnxTensor t : xs) {
            int block = outer == 0 ? 0 : t.size() / outer;
            for (int o = 0; o < outer; o++) {
                copy(t, o * block, joined, o * rowOut + col, block);
            }
            col += block;
        }
        return joined;
    }

    private static void copy(OnnxTensor src, int from, OnnxTensor dst, int to, int n) {
        switch (src.type()) {
            case FLOAT -> System.arraycopy(src.f(), from, dst.f(), to, n);
            case DOUBLE -> System.arraycopy(src.d(), from, dst.d(), to, n);
            default -> System.arraycopy(src.l(), from, dst.l(), to, n);
        }
    }

    static OnnxTensor gather(OnnxTensor data, OnnxTensor indices, long axisAttr, long cap) {
        long[] idx = ints(indices, "indices");
        int[] ds = data.shapeRef();
        if (ds.length == 0) {
            throw new IllegalArgumentException("Gather data must have rank >= 1");
        }
        int axis = axis(axisAttr, ds.length, "Gather axis");
        int[] is = indices.shapeRef();
        int[] shape = new int[ds.length - 1 + is.length];
        System.arraycopy(ds, 0, shape, 0, axis);
        System.arraycopy(is, 0, shape, axis, is.length);
        System.arraycopy(ds, axis + 1, shape, axis + is.length, ds.length - axis - 1);
        int n = elements(shape, cap);
        int outer = product(ds, 0, axis);
        int inner = product(ds, axis + 1, ds.length);
        int len = ds[axis];
        int[] pos = new int[n];
        int p = 0;
        for (int o = 0; o < outer; o++) {
            for (long raw : idx) {
                if (raw < -len || raw >= len) {
                    throw new IllegalArgumentException("Gather index " + raw + " is out of range for axis " + axis
                            + " of size " + len);
                }
                int j = (int) (raw < 0 ? raw + len : raw);
                int base = (o * len + j) * inner;
                for (int i = 0; i < inner; i++) {
                    pos[p++] = base + i;
                }
            }
        }
        return pick(data, pos, shape);
    }

    static OnnxTensor slice(OnnxTensor x, OnnxTensor startsT, OnnxTensor endsT, OnnxTensor axesT,
                            OnnxTensor stepsT, long cap) {
        long[] starts = ints(startsT, "starts");
        long[] ends = ints(endsT, "ends");
        int[] in = x.shapeRef();
        int r = in.length;
        if (ends.length != starts.length) {
            throw new IllegalArgumentException("starts has " + starts.length + " entries, ends " + ends.length);
        }
        long[] axes = axesT == null ? null : ints(axesT, "axes");
        long[] steps = stepsT == null ? null : ints(stepsT, "steps");
        if (axes != null && axes.length != starts.length || steps != null && steps.length != starts.length) {
            throw new IllegalArgumentException("starts, ends, axes and steps differ in length");
        }
        int[] begin = new int[r];
        int[] step = new int[r];
        int[] shape = in.clone();
        Arrays.fill(step, 1);
        boolean[] seen = new boolean[r];
        for (int i = 0; i < starts.length; i++) {
            int ax = axes == null ? axis(i, r, "Slice axis") : axis(axes[i], r, "Slice axis");
            if (seen[ax]) {
                throw new IllegalArgumentException("Slice axis " + ax + " given twice");
            }
            seen[ax] = true;
            long st = steps == null ? 1 : steps[i];
            if (st == 0 || st == Long.MIN_VALUE || Math.abs(st) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Slice step " + st + " is 0 or out of range");
            }
            long dim = in[ax];
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long count;
            if (st > 0) {
                s = Math.max(0, Math.min(s, dim));
                e = Math.max(0, Math.min(e, dim));
                count = e > s ? (e - s + st - 1) / st : 0;
            } else {
                s = Math.max(-1, Math.min(s, dim - 1));
                e = Math.max(-1, Math.min(e, dim - 1));
                count = s > e ? (s - e + (-st) - 1) / (-st) : 0;
            }
            begin[ax] = (int) Math.max(s, 0);
            step[ax] = (int) st;
            shape[ax] = (int) count;
        }
        int n = elements(shape, cap);
        int[] st = strides(in);
        int[] pos = new int[n];
        int[] idx = new int[r];
        for (int k = 0; k < n; k++) {
            int p = 0;
            for (int d = 0; d < r; d++) {
                p += (begin[d] + idx[d] * step[d]) * st[d];
            }
            pos[k] = p;
            for (int d = r - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return pick(x, pos, shape);
    }

    static OnnxTensor shapeOf(OnnxTensor x, long startAttr, long endAttr) {
        int r = x.rank();
        long s = startAttr < 0 ? startAttr + r : startAttr;
        long e = endAttr < 0 ? endAttr + r : endAttr;
        s = Math.max(0, Math.min(s, r));
        e = Math.max(0, Math.min(e, r));
        int n = (int) Math.max(0, e - s);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = x.dim((int) s + i);
        }
        return OnnxTensor.wrapLongs(ElementType.INT64, out, new int[] {n});
    }

    static int[] dims(OnnxTensor shapeT, String what) {
        long[] v = ints(shapeT, what);
        if (shapeT.rank() != 1) {
            throw new IllegalArgumentException(what + " must be 1-D, got " + Arrays.toString(shapeT.shapeRef()));
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = toDim(v[i], what + " " + Arrays.toString(v));
        }
        return out;
    }

    static OnnxTensor expand(OnnxTensor x, OnnxTensor shapeT, long cap) {
        int[] shape = broadcast(x.shapeRef(), dims(shapeT, "Expand shape"));
        return broadcastTo(x, shape, cap);
    }

    static OnnxTensor constantOfShape(OnnxTensor shapeT, OnnxTensor value, long cap) {
        int[] shape = dims(shapeT, "ConstantOfShape shape");
        return broadcastTo(value == null ? OnnxTensor.wrapFloats(new float[1], new int[0])
                : withShape(value, new int[0]), shape, cap);
    }

    static OnnxTensor cast(OnnxTensor x, ElementType to) {
        int n = x.size();
        return switch (to) {
            case FLOAT -> {
                float[] o = new float[n];
                for (int i = 0; i < n; i++) {
                    o[i] = (float) x.getDouble(i);
                }
                yield OnnxTensor.wrapFloats(o, x.shapeRef());
            }
            case DOUBLE -> {
                double[] o = new double[n];
                for (int i = 0; i < n; i++) {
                    o[i] = x.getDouble(i);
                }
                yield OnnxTensor.wrapDoubles(o, x.shapeRef());
            }
            default -> {
                long[] o = new long[n];
                for (int i = 0; i < n; i++) {
                    if (x.type().integral()) {
                        long v = x.l()[i];
                        o[i] = to == ElementType.BOOL ? (v != 0 ? 1 : 0) : to == ElementType.INT32 ? (int) v : v;
                    } else {
                        double v = x.getDouble(i);
                        o[i] = to == ElementType.BOOL ? (v != 0 ? 1 : 0) : to == ElementType.INT32 ? (int) v : (long) v;
                    }
                }
                yield OnnxTensor.wrapLongs(to, o, x.shapeRef());
            }
        };
    }
}
