package dev.vectorgrad.models.optimizers;

/**
 * Keras's {@code AdamW}: Adam ({@link BaseAdam}) with decoupled weight decay {@code w -= w * weight_decay * lr}
 * before each update; defaults learning rate 1e-3 and weight decay 0.004, the rest as {@link Adam}.
 */
public final class AdamW extends BaseAdam<AdamW> {

    /** Keras's defaults. */
    public AdamW() {
        this(1e-3);
    }

    /** Keras's defaults with this learning rate. */
    public AdamW(double learningRate) {
        this(defaults(learningRate, 0.004), DEFAULTS);
    }

    private AdamW(Common common, Settings settings) {
        super("AdamW", common, settings);
        if (common.weightDecay() == null) {
            throw new IllegalArgumentException("AdamW: weight_decay must be a number, got null");
        }
    }

    @Override
    AdamW copy(Common common, Settings settings) {
        return new AdamW(common, settings);
    }
}
