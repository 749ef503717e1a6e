package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;

/**
 * Keras's kernel layout to the cells' (PyTorch's) in one differentiable pass: {@code [in, k*units]} with column blocks
 * in Keras's gate order to {@code [k*units, in]} with row blocks in PyTorch's order. A tiled transpose over the raw
 * arrays, so that the per-call mapping of a recurrent layer's weights costs a copy of them and no more.
 */
final class KerasLayout {

    /** Tile edge of the transpose: 32 x 32 elements of both matrices stay in L1. */
    private static final int TILE = 32;

    private KerasLayout() {
    }

    /**
     * {@code out[j*units + u, i] = kernel[i, order[j]*units + u]}: the transpose of {@code kernel} with its column
     * blocks taken in {@code order} (identity for LSTM and SimpleRNN, {@code {1, 0, 2}} for GRU's {@code z, r, h} to
     * {@code r, z, n}). Its backward adds the upstream gradient back through the same map.
     */
    static Tensor toGateRows(Tensor kernel, int units, int[] order) {
        int in = kernel.dim(0);
        int width = kernel.dim(1);
        int[] source = new int[width];
        for (int r = 0; r < width; r++) {
            source[r] = order[r / units] * units + r % units;
        }
        Tensor out = Tensor.zeros(kernel.dtype(), width, in);
        map(kernel, out, source, in, width, false);
        return Tape.record("keras->cells layout", new Tensor[] {kernel}, out,
                (g, gi) -> map(gi[0], g[0], source, in, width, true));
    }

    /**
     * Without {@code back}: {@code rows[r, i] = cols[i, source[r]]}. With {@code back}:
     * {@code cols[i, source[r]] += rows[r, i]}.
     */
    private static void map(Tensor cols, Tensor rows, int[] source, int in, int width, boolean back) {
        boolean f32 = cols.dtype() == DType.F32;
        float[] cf = f32 ? cols.dataF32() : null;
        float[] rf = f32 ? rows.dataF32() : null;
        double[] cd = f32 ? null : cols.dataF64();
        double[] rd = f32 ? null : rows.dataF64();
        for (int i0 = 0; i0 < in; i0 += TILE) {
            int i1 = Math.min(in, i0 + TILE);
            for (int r0 = 0; r0 < width; r0 += TILE) {
                int r1 = Math.min(width, r0 + TILE);
                for (int r = r0; r < r1; r++) {
                    int c = source[r];
                    int rowBase = r * in;
                    for (int i = i0; i < i1; i++) {
                        int ci = i * width + c;
                        if (f32) {
                            if (back) {
                                cf[ci] += rf[rowBase + i];
                            } else {
                                rf[rowBase + i] = cf[ci];
                            }
                        } else if (back) {
                            cd[ci] += rd[rowBase + i];
                        } else {
                            rd[rowBase + i] = cd[ci];
                        }
                    }
                }
            }
        }
    }
}
