package dev.vectorgrad.models.layers;

/**
 * Keras's {@code GRU}, Keras 3's equations with {@code a = activation}, {@code s = recurrent_activation}, column blocks
 * {@code z, r, h}, {@code x = x_t @ kernel + b_in} and the previous state {@code h}:
 * {@code z = s(x_z + (h R + b_rec)_z)}, {@code r = s(x_r + (h R + b_rec)_r)}, then
 * <ul>
 *   <li>{@code reset_after=true} (the default): {@code hh = a(x_h + r (h R_h + b_rec,h))}, with {@code bias [2, 3 units]}
 *       (row 0 {@code b_in}, row 1 {@code b_rec});</li>
 *   <li>{@code reset_after=false}: {@code hh = a(x_h + (r h) R_h)}, with {@code bias [3 units]} ({@code b_in} only);</li>
 * </ul>
 * and {@code h' = z h + (1 - z) hh}. Weights {@code kernel [in, 3 units]}, {@code recurrent_kernel [units, 3 units]}.
 * Runs fused for reset-after with {@code tanh}/{@code sigmoid} (the defaults): it is then PyTorch's GRU with blocks
 * {@code z, r} swapped and the kernels transposed; reset-before runs composed. See {@link RecurrentLayer}.
 *
 * <pre>{@code
 * new GRU(32);
 * GRU.builder(32).resetAfter(false).returnSequences(true).build();
 * }</pre>
 */
public final class GRU extends RecurrentLayer {

    /** Keras's {@code GRU(units)} with every default. */
    public GRU(int units) {
        this(builder(units));
    }

    private GRU(Builder b) {
        super(Kind.GRU, b);
    }

    /** Options for a {@code GRU} of {@code units}; Keras's defaults until set. */
    public static Builder builder(int units) {
        return new Builder(units);
    }

    @Override
    public String className() {
        return "GRU";
    }

    /** Keras's {@code reset_after}. */
    public boolean isResetAfter() {
        return resetAfter();
    }

    @Override
    RecurrentLayer withDirection(boolean backwards, String name, Long seed) {
        return builder(units()).activation(activation()).recurrentActivation(recurrentActivation())
                .resetAfter(resetAfter()).useBias(useBias()).returnSequences(returnSequences())
                .returnState(returnState()).goBackwards(backwards).dropout(dropout()).name(name).dtype(dtype())
                .seed(seed).build();
    }

    /** Options of a {@link GRU}. */
    public static final class Builder extends RecurrentLayer.Builder<Builder, GRU> {
        private Builder(int units) {
            super(units);
        }

        /** Keras's {@code recurrent_activation}, the gates' (default {@code "sigmoid"}). */
        public Builder recurrentActivation(String value) {
            recurrentActivation = value;
            return this;
        }

        /** Keras's {@code reset_after} (default true, Keras 2.4+ and 3). */
        public Builder resetAfter(boolean value) {
            resetAfter = value;
            return this;
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public GRU build() {
            return new GRU(this);
        }
    }
}
