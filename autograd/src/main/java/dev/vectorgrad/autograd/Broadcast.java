package dev.vectorgrad.autograd;

import dev.vectorgrad.autograd.internal.Compute;
import java.util.Arrays;

/**
 * NumPy broadcasting of two shapes, laid out for row-wise kernel calls: the output is
 * {@code rows} rows of {@code len} elements (its last dimension), and each operand supplies, per
 * output row, the offset of its matching row. An operand whose last dimension is broadcast
 * (size 1) is first expanded along it, so every kernel call sees full rows.
 */
final class Broadcast {

    final int[] shape;
    final int rows;
    final int len;
    private final Operand a;
    private final Operand b;

    /** Where one operand's rows are, per output row. */
    private record Operand(int[] offsets, boolean expandLast) {
    }

    private Broadcast(int[] shape, int rows, int len, Operand a, Operand b) {
        this.shape = shape;
        this.rows = rows;
        this.len = len;
        this.a = a;
        this.b = b;
    }

    static Broadcast of(String op, Tensor x, Tensor y) {
        int[] sa = x.shape();
        int[] sb = y.shape();
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + x.dtype() + " " + Arrays.toString(sa)
                    + " and " + y.dtype() + " " + Arrays.toString(sb));
        }
        if (Arrays.equals(sa, sb)) {
            int n = x.size();
            Operand same = new Operand(new int[] {0}, false);
            return new Broadcast(sa, n == 0 ? 0 : 1, n, same, same);
        }
        int r = Math.max(sa.length, sb.length);
        int[] pa = pad(sa, r);
        int[] pb = pad(sb, r);
        int[] out = new int[r];
        for (int d = 0; d < r; d++) {
            if (pa[d] != pb[d] && pa[d] != 1 && pb[d] != 1) {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(sa) + " and " + Arrays.toString(sb)
                        + " do not broadcast (dimension " + d + " of the aligned shapes: " + pa[d] + " vs " + pb[d] + ")");
            }
            out[d] = Math.max(pa[d], pb[d]);
        }
        int len = r == 0 ? 1 : out[r - 1];
        int size = Tensor.sizeOf(out);
        int rows = len == 0 ? 0 : size / len;
        return new Broadcast(out, rows, len, operand(pa, out, rows, len), operand(pb, out, rows, len));
    }

    private static int[] pad(int[] s, int r) {
        int[] p = new int[r];
        Arrays.fill(p, 1);
        System.arraycopy(s, 0, p, r - s.length, s.length);
        return p;
    }

    /** Offsets (in the operand, after expansion of its last dimension if needed) of each output row. */
    private static Operand operand(int[] p, int[] out, int rows, int len) {
        int r = out.length;
        boolean expand = r > 0 && p[r - 1] == 1 && len != 1;
        int rowLen = r == 0 ? 1 : (expand ? len : p[r - 1]);
        // Row strides of the (expanded) operand over the leading r-1 dimensions; 0 where broadcast.
        int[] stride = new int[Math.max(r - 1, 0)];
        int s = rowLen;
        for (int d = r - 2; d >= 0; d--) {
            stride[d] = p[d] == 1 ? 0 : s;
            s *= p[d];
        }
        int[] offsets = new int[rows];
        int[] index = new int[stride.length];
        int off = 0;
        for (int q = 0; q < rows; q++) {
            offsets[q] = off;
            for (int d = stride.length - 1; d >= 0; d--) {
                index[d]++;
                off += stride[d];
                if (index[d] < out[d]) {
                    break;
                }
                off -= stride[d] * index[d];
                index[d] = 0;
            }
        }
        return new Operand(offsets, expand);
    }

    /** The first operand, ready for row-wise use. */
    Tensor rowsOfA(Tensor x) {
        return a.expandLast ? expandLast(x) : x;
    }

    Tensor rowsOfB(Tensor y) {
        return b.expandLast ? expandLast(y) : y;
    }

    int offsetA(int row) {
        return a.offsets[row];
    }

    int offsetB(int row) {
        return b.offsets[row];
    }

    private Tensor expandLast(Tensor t) {
        Tensor e = Tensor.zeros(t.dtype(), t.size(), len);
        Compute c = Compute.of(t.dtype());
        for (int i = 0; i < t.size(); i++) {
            c.fill(len, t.get(i), e, i * len);
        }
        return e;
    }

    /** Adds an output-shaped tensor into the first operand's gradient, summing over broadcast dimensions. */
    void reduceIntoA(Tensor full, Tensor gradA) {
        reduceInto(full, gradA, a);
    }

    void reduceIntoB(Tensor full, Tensor gradB) {
        reduceInto(full, gradB, b);
    }

    private void reduceInto(Tensor full, Tensor grad, Operand o) {
        Compute c = Compute.of(full.dtype());
        for (int q = 0; q < rows; q++) {
            if (o.expandLast) {
                int at = o.offsets[q] / len;
                grad.set(at, grad.get(at) + c.sum(len, full, q * len));
            } else {
                c.add(len, grad, o.offsets[q], full, q * len, grad, o.offsets[q]);
            }
        }
    }
}
