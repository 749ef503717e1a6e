package dev.vectorgrad.models.optimizers;

/**
 * Keras's {@code Adam} (learning rate 1e-3, beta_1 0.9, beta_2 0.999, epsilon 1e-7, no AMSGrad, no weight decay);
 * the update is described on {@link BaseAdam}. {@code new Adam().withWeightDecay(wd)} is Keras's
 * {@code Adam(weight_decay=wd)}, the same rule as {@link AdamW}.
 */
public final class Adam extends BaseAdam<Adam> {

    /** Keras's defaults. */
    public Adam() {
        this(1e-3);
    }

    /** Keras's defaults with this learning rate. */
    public Adam(double learningRate) {
        this(defaults(learningRate, null), DEFAULTS);
    }

    private Adam(Common common, Settings settings) {
        super("Adam", common, settings);
    }

    @Override
    Adam copy(Common common, Settings settings) {
        return new Adam(common, settings);
    }
}
