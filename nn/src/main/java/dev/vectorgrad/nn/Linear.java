package dev.vectorgrad.nn;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * PyTorch's {@code nn.Linear}: {@code y = x W^T + b} with {@code weight [out, in]} and
 * {@code bias [out]}, over the last axis of an input of any rank.
 *
 * <pre>{@code
 * Linear head = new Linear(256, 10);          // weight [10, 256], bias [10], PyTorch's initialisation
 * Tensor logits = head.forward(features);     // [..., 256] to [..., 10]
 * }</pre>
 */
public final class Linear extends Module {

    private final Tensor weight;
    private final Tensor bias;

    /** A layer with a bias, F32, PyTorch's default initialisation drawn from seed 0. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, LinearOptions.defaults());
    }

    /**
     * A layer with PyTorch's default initialisation, {@code U(-1/sqrt(in), 1/sqrt(in))} for the
     * weight and the bias, drawn from {@code options.seed()}.
     */
    public Linear(int inFeatures, int outFeatures, LinearOptions options) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + inFeatures
                    + ", out=" + outFeatures);
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        double bound = 1 / Math.sqrt(inFeatures);
        this.weight = registerParameter("weight", Tensor.zeros(options.dtype(), outFeatures, inFeatures));
        Init.uniform(weight, bound, random);
        weight.requiresGrad(true);
        if (options.bias()) {
            this.bias = registerParameter("bias", Tensor.zeros(options.dtype(), outFeatures));
            Init.uniform(this.bias, bound, random);
            this.bias.requiresGrad(true);
        } else {
            this.bias = null;
        }
    }

    /** The weight {@code [out, in]}, a parameter (PyTorch's {@code weight}). */
    public Tensor weight() {
        return weight;
    }

    /** The bias, or {@code null} when built without one. */
    public Tensor bias() {
        return bias;
    }

    /** {@code x [..., in]} to {@code [..., out]}. */
    public Tensor forward(Tensor x) {
        return apply(x, weight, bias);
    }

    /**
     * The function a {@code Linear} layer computes, over given weights (PyTorch's {@code F.linear}):
     * {@code x [..., in]} times {@code weight [out, in]} transposed, plus {@code bias [out]} when it is
     * not null, to {@code [..., out]}. For shared weights and gradient checks.
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("Linear: weight is " + Arrays.toString(weight.shape())
                    + ", expected [out, in]");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
            throw new IllegalArgumentException("Linear: bias is " + Arrays.toString(bias.shape())
                    + ", expected [" + weight.dim(0) + "]");
        }
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
    protected String describe() {
        return "in=" + weight.dim(1) + ", out=" + weight.dim(0) + ", bias=" + (bias != null);
    }
}
