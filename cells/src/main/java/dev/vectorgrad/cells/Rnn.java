package dev.vectorgrad.cells;

/**
 * PyTorch's {@code nn.RNN}: stacked, optionally bidirectional Elman RNN (tanh or relu) over sequences.
 *
 * <pre>{@code
 * Rnn rnn = new Rnn(16, 64, Nonlinearity.RELU, RecurrentOptions.defaults().withBidirectional(true));
 * Tensor y = rnn.forward(x).output();        // x [T, B, 16]; y [T, B, 128], both directions
 * }</pre>
 */
public final class Rnn extends Recurrent {

    /** A tanh RNN (PyTorch's default) with PyTorch's default initialisation drawn from {@code options.seed()}. */
    public Rnn(int inputSize, int hiddenSize, RecurrentOptions options) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, options);
    }

    /** An RNN with the given nonlinearity and PyTorch's default initialisation drawn from {@code options.seed()}. */
    public Rnn(int inputSize, int hiddenSize, Nonlinearity nonlinearity, RecurrentOptions options) {
        super(nonlinearity.cellType(), inputSize, hiddenSize, options);
    }

    /** An RNN over existing weights (RNN_TANH or RNN_RELU), one per layer and direction. */
    public Rnn(RecurrentOptions options, java.util.List<CellWeights> weights) {
        super(options, weights);
        if (type() != CellType.RNN_TANH && type() != CellType.RNN_RELU) {
            throw new IllegalArgumentException("Rnn: the weights are for a " + type());
        }
    }
}
