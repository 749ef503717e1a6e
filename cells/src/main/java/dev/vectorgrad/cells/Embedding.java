package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import java.util.Map;

/** PyTorch's {@code nn.Embedding}: a table {@code weight [count, dim]} looked up by index, initialised {@code N(0, 1)}. */
public final class Embedding implements Layer {

    private final Tensor weight;

    public Embedding(int count, int dim, DType dtype, long seed) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: sizes must be positive, got count=" + count + ", dim=" + dim);
        }
        this.weight = Tensor.normal(dtype, 0, 1, seed, count, dim).requiresGrad(true);
    }

    public Tensor weight() {
        return weight;
    }

    /** Rows for {@code indices}, as {@code [indices.length, dim]}. */
    public Tensor forward(int[] indices) {
        return Ops.embedding(weight, indices);
    }

    @Override
    public Map<String, Tensor> namedParameters() {
        return Map.of("weight", weight);
    }
}
