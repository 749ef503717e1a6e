package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import java.util.SplittableRandom;

/**
 * PyTorch's {@code nn.Dropout}: in training, zeroes each element with probability {@code p} and scales the
 * others by {@code 1 / (1 - p)} (inverted dropout, so evaluation needs no rescaling); in evaluation mode it
 * returns its input. The masks come from the layer's own seeded stream, so a run is reproducible.
 *
 * <p>Not thread-safe in training mode (the stream advances on each call).
 *
 * <pre>{@code
 * Dropout drop = new Dropout(0.2);
 * Tensor y = drop.forward(x);   // training mode: elements zeroed with probability 0.2, the rest scaled by 1.25
 * drop.eval();                  // from now on forward returns its input
 * }</pre>
 */
public final class Dropout extends Module {

    private final double p;
    private final SplittableRandom random;

    /** Dropout with probability {@code p}, masks drawn from seed 0. */
    public Dropout(double p) {
        this(p, 0);
    }

    /** Dropout with probability {@code p}, masks drawn from {@code seed}. */
    public Dropout(double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.random = new SplittableRandom(seed);
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    /** {@code x} with dropout applied in training mode; {@code x} itself in evaluation mode or when {@code p == 0}. */
    public Tensor forward(Tensor x) {
        return Ops.dropout(x, p, isTraining(), random);
    }

    @Override
    protected String describe() {
        return "p=" + p;
    }
}
