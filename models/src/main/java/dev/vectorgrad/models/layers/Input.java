package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Input(shape)} (class name {@code InputLayer}): declares the shape of a model's inputs without the
 * batch dimension, -1 for a size known only when data arrives (Keras's {@code None}, e.g. the number of steps):
 * {@code new Input(50, 1)}, {@code new Input(-1, 8)}. As a layer it passes its input through, checking the shape.
 */
public final class Input extends KerasLayer {

    private final int[] shape;

    /** An F32 input of {@code shape}. */
    public Input(int... shape) {
        this(null, DType.F32, shape);
    }

    /** An input with a name ({@code null}: named by its model) and a dtype. */
    public Input(String name, DType dtype, int... shape) {
        super(name, dtype, null);
        for (int d : shape) {
            if (d <= 0 && d != -1) {
                throw new IllegalArgumentException("Input: dimensions must be positive or -1 (None), got "
                        + Arrays.toString(shape));
            }
        }
        this.shape = shape.clone();
    }

    /** The declared shape, without the batch dimension. */
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String className() {
        return "InputLayer";
    }

    @Override
    public int[] outputShape(int[] given) {
        boolean ok = given.length == shape.length;
        for (int d = 0; ok && d < shape.length; d++) {
            ok = shape[d] == -1 || shape[d] == given[d];
        }
        if (!ok) {
            throw new IllegalArgumentException(describeForErrors() + ": declares input " + batchShape(shape) + ", got "
                    + batchShape(given));
        }
        return given.clone();
    }

    @Override
    public long weightCount(int[] given) {
        outputShape(given);
        return 0;
    }

    @Override
    protected void makeWeights(int[] given) {
        // No weights.
    }

    @Override
    void checkInput(Tensor input) {
        int[] s = input.shape();
        boolean ok = s.length == shape.length + 1;
        for (int d = 0; ok && d < shape.length; d++) {
            ok = shape[d] == -1 || shape[d] == s[d + 1];
        }
        if (!ok) {
            throw new IllegalArgumentException(describeForErrors() + ": declares input " + batchShape(shape) + ", got "
                    + Arrays.toString(s));
        }
    }

    @Override
    Tensor forward(Tensor input, List<Tensor> weights) {
        return input;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.remove("trainable");
        List<Object> batchShape = new ArrayList<>();
        batchShape.add(null);
        for (int d : shape) {
            batchShape.add(d == -1 ? null : d);
        }
        c.put("batch_shape", batchShape);
        c.put("sparse", false);
        return c;
    }

    @Override
    protected String describe() {
        return batchShape(shape);
    }
}
