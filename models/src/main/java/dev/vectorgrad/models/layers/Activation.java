package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

/** Keras's {@code Activation(name)}: applies a Keras activation ({@link Activations}) to its input; no weights. */
public final class Activation extends KerasLayer {

    private final String activation;

    /** {@code new Activation("relu")}. */
    public Activation(String activation) {
        this(activation, null, DType.F32);
    }

    /** An activation layer with a name ({@code null}: named by its model) and a dtype. */
    public Activation(String activation, String name, DType dtype) {
        super(name, dtype, null);
        this.activation = Activations.canonical(activation);
    }

    /** The canonical Keras activation name. */
    public String activation() {
        return activation;
    }

    @Override
    public String className() {
        return "Activation";
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (shape.length == 0 && activation.equals("softmax")) {
            throw new IllegalArgumentException(describeForErrors() + ": softmax needs a features axis, got input "
                    + batchShape(shape));
        }
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
        return Activations.apply(activation, input);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("activation", activation);
        return c;
    }

    @Override
    protected String describe() {
        return activation;
    }
}
