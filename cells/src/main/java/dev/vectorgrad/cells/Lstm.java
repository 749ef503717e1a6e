package dev.vectorgrad.cells;

/**
 * PyTorch's {@code nn.LSTM}: stacked, optionally bidirectional LSTM over sequences.
 *
 * <pre>{@code
 * Lstm lstm = new Lstm(128, 256, RecurrentOptions.defaults().withLayers(2));   // nn.LSTM(128, 256, num_layers=2)
 * SequenceOutput out = lstm.forward(x);      // x [T, B, 128]; out.output() [T, B, 256]
 * Tensor hN = out.state().h();               // [2, B, 256]; out.state().c() likewise
 * }</pre>
 */
public final class Lstm extends Recurrent {

    /** An LSTM with PyTorch's default initialisation drawn from {@code options.seed()}. */
    public Lstm(int inputSize, int hiddenSize, RecurrentOptions options) {
        super(CellType.LSTM, inputSize, hiddenSize, options);
    }

    /**
     * An {@code Lstm} over existing weights, one per layer and direction (index
     * {@code layer * directions + direction}): for shared weights, or to check gradients with
     * respect to them.
     */
    public Lstm(RecurrentOptions options, java.util.List<CellWeights> weights) {
        super(options, weights);
        if (type() != CellType.LSTM) {
            throw new IllegalArgumentException("Lstm: the weights are for a " + type());
        }
    }
}
