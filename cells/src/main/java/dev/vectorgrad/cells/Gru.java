package dev.vectorgrad.cells;

/**
 * PyTorch's {@code nn.GRU}: stacked, optionally bidirectional GRU over sequences.
 *
 * <pre>{@code
 * Gru gru = new Gru(1, 32, RecurrentOptions.defaults().withBatchFirst(true));   // nn.GRU(1, 32, batch_first=True)
 * Tensor y = gru.forward(x).output();        // x [B, T, 1]; y [B, T, 32]
 * }</pre>
 */
public final class Gru extends Recurrent {

    /** A GRU with PyTorch's default initialisation drawn from {@code options.seed()}. */
    public Gru(int inputSize, int hiddenSize, RecurrentOptions options) {
        super(CellType.GRU, inputSize, hiddenSize, options);
    }

    /**
     * An {@code Gru} over existing weights, one per layer and direction (index
     * {@code layer * directions + direction}): for shared weights, or to check gradients with
     * respect to them.
     */
    public Gru(RecurrentOptions options, java.util.List<CellWeights> weights) {
        super(options, weights);
        if (type() != CellType.GRU) {
            throw new IllegalArgumentException("Gru: the weights are for a " + type());
        }
    }
}
