package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * PyTorch's {@code nn.Linear}: {@code y = x W^T + b} with {@code weight [out, in]} and
 * {@code bias [out]}, over the last axis of an input of any rank.
 */
public final class Linear implements Layer {

    private final Tensor weight;
    private final Tensor bias;

    /**
     * A layer with PyTorch's default initialisation, {@code U(-1/sqrt(in), 1/sqrt(in))} for the
     * weight and the bias, drawn from {@code seed}.
     */
    public Linear(int inFeatures, int outFeatures, boolean bias, DType dtype, long seed) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + inFeatures
                    + ", out=" + outFeatures);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1 / Math.sqrt(inFeatures);
        this.weight = Tensor.zeros(dtype, outFeatures, inFeatures);
        Init.uniform(weight, bound, random);
        weight.requiresGrad(true);
        if (bias) {
            this.bias = Tensor.zeros(dtype, outFeatures);
            Init.uniform(this.bias, bound, random);
            this.bias.requiresGrad(true);
        } else {
            this.bias = null;
        }
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or {@code null} when built without one. */
    public Tensor bias() {
        return bias;
    }

    /** {@code x [..., in]} to {@code [..., out]}. */
    public Tensor forward(Tensor x) {
        int in = weight.dim(1);
        if (x.rank() == 0 || x.dim(-1) != in) {
            throw new IllegalArgumentException("Linear: input is " + Arrays.toString(x.shape())
                    + ", expected [..., " + in + "]");
        }
        int[] shape = x.shape();
        Tensor rows = x.rank() == 2 ? x : Shapes.reshape(x, -1, in);
        Tensor y = Ops.matmul(rows, weight, false, true);
        if (bias != null) {
            y = Ops.add(y, bias);
        }
        if (x.rank() != 2) {
            shape[shape.length - 1] = weight.dim(0);
            y = Shapes.reshape(y, shape);
        }
        return y;
    }

    @Override
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put("weight", weight);
        if (bias != null) {
            named.put("bias", bias);
        }
        return named;
    }
}
