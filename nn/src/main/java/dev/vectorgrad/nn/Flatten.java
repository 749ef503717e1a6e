package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * PyTorch's {@code nn.Flatten}: axes {@code startDim .. endDim} (negative counting from the end)
 * merged into one, elements in row-major order; the default {@code (1, -1)} turns images
 * {@code [N, C, H, W]} into {@code [N, C * H * W]} in channel, row, column order (PyTorch's, not
 * Keras's channels-last order). No parameters.
 */
public final class Flatten extends Module {

    private final int startDim;
    private final int endDim;

    /** PyTorch's defaults: {@code start_dim=1, end_dim=-1}. */
    public Flatten() {
        this(1, -1);
    }

    /** Merges axes {@code startDim .. endDim} (inclusive; negative counting from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    /**
     * x with the axes merged.
     *
     * @throws IllegalArgumentException if an axis is out of range for x, or the start comes after the end
     */
    public Tensor forward(Tensor x) {
        int rank = x.rank();
        int start = startDim < 0 ? startDim + rank : startDim;
        int end = endDim < 0 ? endDim + rank : endDim;
        if (start < 0 || end >= rank || start > end) { // so also start < rank and end >= 0
            throw new IllegalArgumentException("Flatten: start_dim " + startDim + " and end_dim " + endDim
                    + " do not name axes in order of the input " + Arrays.toString(x.shape()));
        }
        int[] shape = new int[rank - (end - start)];
        long merged = 1;
        for (int d = start; d <= end; d++) {
            merged *= x.dim(d);
        }
        if (merged > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Flatten: " + Arrays.toString(x.shape()) + " merges into " + merged
                    + " elements per row, more than an array holds");
        }
        for (int d = 0; d < start; d++) {
            shape[d] = x.dim(d);
        }
        shape[start] = (int) merged;
        for (int d = end + 1; d < rank; d++) {
            shape[d - (end - start)] = x.dim(d);
        }
        return Shapes.reshape(x, shape);
    }

    @Override
    protected String describe() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
