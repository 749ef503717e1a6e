package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Dropout(rate, seed)}: in training, inverted dropout (each element zeroed with probability
 * {@code rate}, the rest scaled by {@code 1 / (1 - rate)}, a fresh mask per call from the layer's seeded
 * generator); in evaluation ({@link #eval()}, Keras's {@code training=False}) the input itself. No weights.
 */
public final class Dropout extends KerasLayer {

    private final double rate;

    /** Dropout with the seed derived from the name (see {@link KerasLayer}). */
    public Dropout(double rate) {
        this(rate, null, null, DType.F32);
    }

    /** Dropout drawing its masks from {@code seed}. */
    public Dropout(double rate, long seed) {
        this(rate, seed, null, DType.F32);
    }

    /** Dropout with every option: {@code seed} and {@code name} may be null. */
    public Dropout(double rate, Long seed, String name, DType dtype) {
        super(name, dtype, seed);
        checkRate("Dropout", "rate", rate);
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    @Override
    public String className() {
        return "Dropout";
    }

    @Override
    public int[] outputShape(int[] shape) {
        return shape.clone();
    }

    @Override
    public long weightCount(int[] shape) {
        outputShape(shape);
        return 0;
    }

    @Override
    protected void makeWeights(int[] shape) {
        // No weights.
    }

    @Override
    Tensor forward(Tensor input, List<Tensor> weights) {
        return Ops.dropout(input, rate, isTraining(), random());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("rate", rate);
        c.put("seed", seed());
        c.put("noise_shape", null);
        return c;
    }

    @Override
    protected String describe() {
        return "rate=" + rate;
    }
}
