package dev.vectorgrad.autograd;

import dev.vectorgrad.autograd.internal.Compute;
import java.util.Arrays;

/**
 * Differentiable shape ops: reshape, flatten, transpose, permute, concatenation, split and slice. Each returns a
 * new tensor (no views share storage), so changing one tensor never changes another.
 */
public final class Shapes {

    private Shapes() {
    }

    /**
     * The same elements in row-major order under a new shape; one dimension may be {@code -1}
     * and is then inferred. The result shares {@code x}'s element array, as a view does in PyTorch: nothing is
     * copied, and writing into the {@code dataF32()}/{@code dataF64()} of either changes both (ops never write
     * into their inputs or outputs after recording; only code that edits arrays by hand can see it). Gradients do
     * not share: the result's gradient is added into {@code x}'s in the backward pass.
     */
    public static Tensor reshape(Tensor x, int... shape) {
        int[] s = shape.clone();
        int infer = -1;
        long known = 1;
        for (int d = 0; d < s.length; d++) {
            if (s[d] == -1 && infer < 0) {
                infer = d;
            } else if (s[d] < 0) {
                throw new IllegalArgumentException("reshape: bad target shape " + Arrays.toString(shape)
                        + " (one -1 at most, no other negative sizes)");
            } else {
                known *= s[d];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot infer -1 in " + Arrays.toString(shape)
                        + " for " + x.size() + " elements of " + Arrays.toString(x.shape()));
            }
            s[infer] = (int) (x.size() / known);
            known *= s[infer];
        }
        if (known != x.size()) {
            throw new IllegalArgumentException("reshape: " + Arrays.toString(x.shape()) + " has " + x.size()
                    + " elements, target " + Arrays.toString(shape) + " has " + known);
        }
        Tensor out = x.sharingElements(s);
        Compute c = Compute.of(x.dtype());
        return Tape.record("reshape", new Tensor[] {x}, out, (g, gi) -> c.add(x.size(), gi[0], 0, g[0], 0, gi[0], 0));
    }

    /**
     * Keras's {@code Flatten}: {@code [batch, d1, d2, ...]} to {@code [batch, d1 * d2 * ...]}, the
     * elements in row-major order (for channels-last images: height, then width, then channel). A
     * tensor of rank 1 becomes {@code [batch, 1]}.
     *
     * @throws IllegalArgumentException for a scalar (rank 0), or more than {@code Integer.MAX_VALUE}
     *                                  features per row (possible only with an empty batch)
     */
    public static Tensor flatten(Tensor x) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("flatten: needs a batch axis, got a scalar");
        }
        long features = 1;
        for (int d = 1; d < x.rank(); d++) {
            features *= x.dim(d);
            if (features > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("flatten: " + Arrays.toString(x.shape())
                        + " has more features per row than an array holds");
            }
        }
        return reshape(x, x.dim(0), (int) features);
    }

    /** Transpose of a matrix. */
    public static Tensor transpose(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("transpose: needs a matrix, got " + Arrays.toString(x.shape())
                    + "; use transpose(x, axis0, axis1) for other ranks");
        }
        return transpose(x, 0, 1);
    }

    /** Swaps two axes (e.g. {@code [time, batch, features]} to batch-first). */
    public static Tensor transpose(Tensor x, int axis0, int axis1) {
        int a0 = x.axis(axis0);
        int a1 = x.axis(axis1);
        int[] outShape = x.shape();
        outShape[a0] = x.dim(a1);
        outShape[a1] = x.dim(a0);
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        swapAxes(x, out, a0, a1, false);
        return Tape.record("transpose", new Tensor[] {x}, out, (g, gi) -> swapAxes(g[0], gi[0], a0, a1, true));
    }

    /**
     * The axes of x reordered, as PyTorch's {@code permute}: axis {@code d} of the result is axis
     * {@code axes[d]} of x (negative axes count from the end), so {@code permute(x, 0, 2, 3, 1)} turns
     * images {@code [N, C, H, W]} into {@code [N, H, W, C]}. One copy, one tape node.
     *
     * @throws IllegalArgumentException if {@code axes} is not a permutation of x's axes
     */
    public static Tensor permute(Tensor x, int... axes) {
        int rank = x.rank();
        if (axes.length != rank) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(x.shape()) + " has " + rank
                    + " axes, but the order " + Arrays.toString(axes) + " names " + axes.length);
        }
        int[] order = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int d = 0; d < rank; d++) {
            if (axes[d] < -rank || axes[d] >= rank || seen[x.axis(axes[d])]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(axes)
                        + " is not an order of the axes of " + Arrays.toString(x.shape()));
            }
            order[d] = x.axis(axes[d]);
            seen[order[d]] = true;
        }
        int[] outShape = new int[rank];
        int[] srcStride = strides(x.shape());
        int[] stride = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = x.dim(order[d]);
            stride[d] = srcStride[order[d]];
        }
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        walkPermuted(x, out, stride, false);
        return Tape.record("permute", new Tensor[] {x}, out, (g, gi) -> walkPermuted(gi[0], g[0], stride, true));
    }

    /**
     * Walks {@code b} in row-major order with {@code a}'s element at {@code stride} per axis of b:
     * {@code b[i] = a[at]}, or with {@code backward} {@code a[at] += b[i]}.
     */
    private static void walkPermuted(Tensor a, Tensor b, int[] stride, boolean backward) {
        int[] shape = b.shape();
        int rank = shape.length;
        int last = rank - 1;
        int inner = rank == 0 ? 1 : shape[last];
        int innerStride = rank == 0 ? 0 : stride[last];
        int[] index = new int[rank];
        int from = 0;
        boolean f32 = a.dtype() == DType.F32;
        for (int i = 0; i < b.size(); i += inner) {
            if (f32) {
                float[] av = a.dataF32();
                float[] bv = b.dataF32();
                for (int j = 0, at = from; j < inner; j++, at += innerStride) {
                    if (backward) {
                        av[at] += bv[i + j];
                    } else {
                        bv[i + j] = av[at];
                    }
                }
            } else {
                double[] av = a.dataF64();
                double[] bv = b.dataF64();
                for (int j = 0, at = from; j < inner; j++, at += innerStride) {
                    if (backward) {
                        av[at] += bv[i + j];
                    } else {
                        bv[i + j] = av[at];
                    }
                }
            }
            for (int d = last - 1; d >= 0; d--) {
                index[d]++;
                from += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                from -= stride[d] * index[d];
                index[d] = 0;
            }
        }
    }

    /** Writes (or adds, with {@code accumulate}) {@code src} with axes a0 and a1 swapped into {@code dst}. */
    private static void swapAxes(Tensor src, Tensor dst, int a0, int a1, boolean accumulate) {
        int[] shape = dst.shape();
        int rank = shape.length;
        int[] srcStride = strides(src.shape());
        int[] stride = new int[rank];
        for (int d = 0; d < rank; d++) {
            stride[d] = srcStride[d == a0 ? a1 : d == a1 ? a0 : d];
        }
        int[] index = new int[rank];
        int from = 0;
        for (int i = 0; i < dst.size(); i++) {
            double v = src.get(from);
            dst.set(i, accumulate ? dst.get(i) + v : v);
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                from += stride[d];
                if (index[d] < shape[d]) {
                    break;
                }
                from -= stride[d] * index[d];
                index[d] = 0;
            }
        }
    }

    private static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /** Concatenation along {@code axis}; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = parts[0];
        int ax = first.axis(axis);
        int[] shape = first.shape();
        int total = 0;
        for (Tensor p : parts) {
            Ops.sameDType("concat", first, p);
            int[] s = p.shape();
            boolean ok = s.length == shape.length;
            for (int d = 0; ok && d < s.length; d++) {
                ok = d == ax || s[d] == shape[d];
            }
            if (!ok) {
                throw new IllegalArgumentException("concat: shapes " + Arrays.toString(shape) + " and " + Arrays.toString(s)
                        + " differ outside axis " + ax);
            }
            total += s[ax];
        }
        int[] outShape = shape.clone();
        outShape[ax] = total;
        Tensor out = Tensor.zeros(first.dtype(), outShape);
        int inner = innerSize(outShape, ax);
        int outer = outerSize(outShape, ax);
        Compute c = Compute.of(first.dtype());
        int[] starts = new int[parts.length];
        for (int i = 0, start = 0; i < parts.length; start += parts[i].dim(ax), i++) {
            starts[i] = start;
            blocks(c, false, parts[i].dim(ax), outer, inner, parts[i], 0, parts[i].dim(ax), out, start, total);
        }
        Tensor[] inputs = parts.clone();
        int outLen = total;
        return Tape.record("concat", inputs, out, (g, gi) -> {
            for (int i = 0; i < inputs.length; i++) {
                if (gi[i] != null) {
                    int rows = inputs[i].dim(ax);
                    blocks(c, true, rows, outer, inner, g[0], starts[i], outLen, gi[i], 0, rows);
                }
            }
        });
    }

    /** Splits along {@code axis} into consecutive parts of the given sizes, which must add up to the axis length. */
    public static Tensor[] split(Tensor x, int axis, int... sizes) {
        int ax = x.axis(axis);
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            }
            sum += s;
        }
        if (sum != x.dim(ax)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + sum
                    + " but axis " + ax + " of " + Arrays.toString(x.shape()) + " has length " + x.dim(ax));
        }
        Tensor[] out = new Tensor[sizes.length];
        for (int i = 0, start = 0; i < sizes.length; start += sizes[i], i++) {
            out[i] = slice(x, ax, start, start + sizes[i]);
        }
        return out;
    }

    /** Elements {@code [start, end)} along {@code axis}. */
    public static Tensor slice(Tensor x, int axis, int start, int end) {
        int ax = x.axis(axis);
        int len = x.dim(ax);
        if (start < 0 || end > len || start > end) {
            throw new IndexOutOfBoundsException("slice: range [" + start + ", " + end + ") is outside axis " + ax
                    + " of " + Arrays.toString(x.shape()) + " (length " + len + ")");
        }
        int[] outShape = x.shape();
        outShape[ax] = end - start;
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        int inner = innerSize(outShape, ax);
        int outer = outerSize(outShape, ax);
        Compute c = Compute.of(x.dtype());
        blocks(c, false, end - start, outer, inner, x, start, len, out, 0, end - start);
        return Tape.record("slice", new Tensor[] {x}, out,
                (g, gi) -> blocks(c, true, end - start, outer, inner, g[0], 0, end - start, gi[0], start, len));
    }

    /**
     * Copies (or adds, with {@code add}) {@code rows} consecutive positions along the axis, in
     * each of {@code outer} blocks, from {@code src} starting at {@code srcStart} (axis length
     * {@code srcLen}) to {@code dst} starting at {@code dstStart} (axis length {@code dstLen}).
     */
    private static void blocks(Compute c, boolean add, int rows, int outer, int inner,
                               Tensor src, int srcStart, int srcLen, Tensor dst, int dstStart, int dstLen) {
        int n = rows * inner;
        for (int o = 0; o < outer; o++) {
            int from = (o * srcLen + srcStart) * inner;
            int to = (o * dstLen + dstStart) * inner;
            if (add) {
                c.add(n, dst, to, src, from, dst, to);
            } else {
                c.copy(n, src, from, dst, to);
            }
        }
    }

    private static int innerSize(int[] shape, int axis) {
        int n = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            n *= shape[d];
        }
        return n;
    }

    private static int outerSize(int[] shape, int axis) {
        int n = 1;
        for (int d = 0; d < axis; d++) {
            n *= shape[d];
        }
        return n;
    }
}
