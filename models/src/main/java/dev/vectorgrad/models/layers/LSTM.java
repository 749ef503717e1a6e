package dev.vectorgrad.models.layers;

/**
 * Keras's {@code LSTM}, Keras 3's equations with {@code a = activation}, {@code s = recurrent_activation} and
 * column blocks {@code i, f, c, o} of {@code z = x_t @ kernel + h_{t-1} @ recurrent_kernel + bias}:
 * {@code i = s(z_i), f = s(z_f), o = s(z_o), c_t = f c_{t-1} + i a(z_c), h_t = o a(c_t)} ({@code activation} applies
 * to both the candidate and the output). Weights {@code kernel [in, 4 units]}, {@code recurrent_kernel
 * [units, 4 units]} (orthogonal), {@code bias [4 units]} (zeros, forget block 1 with {@code unitForgetBias}, the
 * default). Runs fused for {@code tanh}/{@code sigmoid} (the defaults): it is then PyTorch's LSTM with the kernels
 * transposed and {@code bias_hh = 0}. See {@link RecurrentLayer} for the shared arguments and semantics.
 *
 * <pre>{@code
 * new LSTM(50);
 * LSTM.builder(50).returnSequences(true).dropout(0.2).build();
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {

    /** Keras's {@code LSTM(units)} with every default. */
    public LSTM(int units) {
        this(builder(units));
    }

    private LSTM(Builder b) {
        super(Kind.LSTM, b);
    }

    /** Options for an {@code LSTM} of {@code units}; Keras's defaults until set. */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    @Override
    public String className() {
        return "LSTM";
    }

    @Override
    RecurrentLayer withDirection(boolean backwards, String name, Long seed) {
        return builder(units()).activation(activation()).recurrentActivation(recurrentActivation())
                .unitForgetBias(unitForgetBias()).useBias(useBias()).returnSequences(returnSequences())
                .returnState(returnState()).goBackwards(backwards).dropout(dropout()).name(name).dtype(dtype())
                .seed(seed).build();
    }

    /** Options of an {@link LSTM}. */
    public static final class Builder extends RecurrentLayer.Builder<Builder, LSTM> {
        private Builder(int units) {
            super(units);
        }

        /** Keras's {@code recurrent_activation}, the gates' (default {@code "sigmoid"}). */
        public Builder recurrentActivation(String value) {
            recurrentActivation = value;
            return this;
        }

        /** Keras's {@code unit_forget_bias}: the forget block of the bias starts at 1 (default true). */
        public Builder unitForgetBias(boolean value) {
            unitForgetBias = value;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public LSTM build() {
            return new LSTM(this);
        }
    }
}
