package dev.vectorgrad.models.layers;

/**
 * Keras's {@code SimpleRNN}: {@code h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)}, weights
 * {@code kernel [in, units]}, {@code recurrent_kernel [units, units]}, {@code bias [units]}. Runs fused for
 * {@code tanh} (the default) and {@code relu}; see {@link RecurrentLayer} for the shared arguments and semantics.
 *
 * <pre>{@code
 * new SimpleRNN(50);
 * SimpleRNN.builder(50).activation("relu").returnSequences(true).build();
 * }</pre>
 */
public final class SimpleRNN extends RecurrentLayer {

    /** Keras's {@code SimpleRNN(units)} with every default. */
    public SimpleRNN(int units) {
        this(builder(units));
    }

    private SimpleRNN(Builder b) {
        super(Kind.SIMPLE_RNN, b);
    }

    /** Options for a {@code SimpleRNN} of {@code units}; Keras's defaults until set. */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    @Override
    public String className() {
        return "SimpleRNN";
    }

    @Override
    RecurrentLayer withDirection(boolean backwards, String name, Long seed) {
        return builder(units()).activation(activation()).useBias(useBias()).returnSequences(returnSequences())
                .returnState(returnState()).goBackwards(backwards).dropout(dropout()).name(name).dtype(dtype())
                .seed(seed).build();
    }

    /** Options of a {@link SimpleRNN}. */
    public static final class Builder extends RecurrentLayer.Builder<Builder, SimpleRNN> {
        private Builder(int units) {
            super(units);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public SimpleRNN build() {
            return new SimpleRNN(this);
        }
    }
}
