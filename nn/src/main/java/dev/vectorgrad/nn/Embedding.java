package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;

/**
 * PyTorch's {@code nn.Embedding}: a table {@code weight [count, dim]} looked up by index, initialised {@code N(0, 1)}.
 *
 * <pre>{@code
 * Embedding embed = new Embedding(vocabulary, 64);
 * Tensor rows = embed.forward(new int[] {5, 17, 5});   // [3, 64]
 * }</pre>
 */
public final class Embedding extends Module {

    private final Tensor weight;

    /** A table of {@code count} rows of {@code dim} values, F32, drawn from seed 0. */
    public Embedding(int count, int dim) {
        this(count, dim, EmbeddingOptions.defaults());
    }

    /** A table of {@code count} rows of {@code dim} values, drawn {@code N(0, 1)} from {@code options.seed()}. */
    public Embedding(int count, int dim, EmbeddingOptions options) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got count=" + count + ", dim=" + dim);
        }
        this.weight = registerParameter("weight",
                Tensor.normal(options.dtype(), 0, 1, options.seed(), count, dim).requiresGrad(true));
    }

    /** The table {@code weight [count, dim]}, a parameter (PyTorch's {@code weight}). */
    public Tensor weight() {
        return weight;
    }

    /** Rows for {@code indices}, as {@code [indices.length, dim]}. */
    public Tensor forward(int[] indices) {
        return Ops.embedding(weight, indices);
    }

    @Override
    protected String describe() {
        return weight.dim(0) + ", " + weight.dim(1);
    }
}
