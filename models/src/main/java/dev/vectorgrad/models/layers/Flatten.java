package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Flatten}: {@code [batch, d1, ..., dk]} to {@code [batch, d1 * ... * dk]}, the elements in row-major
 * order (for channels-last images: height, then width, then channel, as Keras's default {@code data_format}). Every
 * size must be known (a -1 is refused: the output size would be unknown). No weights; runs on
 * {@link Shapes#flatten}.
 */
public final class Flatten extends KerasLayer {

    /** An F32 flatten layer, named by its model. */
    public Flatten() {
        this(null, DType.F32);
    }

    /** A flatten layer with a name ({@code null}: named by its model) and a dtype. */
    public Flatten(String name, DType dtype) {
        super(name, dtype, null);
    }

    @Override
    public String className() {
        return "Flatten";
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException(describeForErrors() + ": expects input [batch, d1, ...] with at least one"
                    + " dimension besides the batch, got " + batchShape(shape));
        }
        long features = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException(describeForErrors() + ": every input size must be known to flatten,"
                        + " got " + batchShape(shape));
            }
            features = Math.multiplyExact(features, d);
            if (features > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(describeForErrors() + ": input " + batchShape(shape)
                        + " has more features per sample than an array holds");
            }
        }
        return new int[] {(int) features};
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
        return Shapes.flatten(input);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = baseConfig();
        c.put("data_format", "channels_last");
        return c;
    }

    @Override
    protected String describe() {
        return isBuilt() ? "input=" + batchShape(inputShape()) : "";
    }
}
