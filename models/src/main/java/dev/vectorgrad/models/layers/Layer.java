package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.nn.Module;
import java.util.Arrays;
import java.util.Map;

/**
 * A Keras layer: a {@link Module} that makes its weights when it first learns its input shape
 * ({@link #build}), maps a batch {@code [batch, ...inputShape]} to {@code [batch, ...outputShape]}
 * ({@link #call}), and describes itself in Keras's config vocabulary ({@link #className}, {@link #config}) so
 * that a whole model can be written and read back. Whether it is training (dropout) is the module's
 * {@link #isTraining()} flag.
 *
 * <p>Shapes here leave out the batch dimension; -1 stands for a size not known until data arrives (Keras's
 * {@code None}, such as the number of time steps).
 */
public abstract class Layer extends Module {

    private String name;
    private int[] inputShape;

    /** A layer named {@code name} (Keras's {@code name} argument), or named by its model when {@code null}. */
    protected Layer(String name) {
        this.name = name;
    }

    /** Keras's class name, e.g. {@code "Dense"}, {@code "LSTM"}; the {@code class_name} of its config. */
    public abstract String className();

    /** The layer's name in its model ({@code "dense"}, {@code "dense_1"}, ...), or {@code null} before it is given one. */
    public final String name() {
        return name;
    }

    /**
     * Gives the layer its name, once, unless it was named at construction (the model calls this when the layer is
     * added, with Keras's snake-case class name and counter).
     *
     * @throws IllegalStateException if the layer already has a different name
     */
    public final void assignName(String assigned) {
        if (name != null && !name.equals(assigned)) {
            throw new IllegalStateException(className() + " is already named '" + name + "', cannot rename it to '" + assigned + "'");
        }
        name = assigned;
    }

    /** Whether {@link #build} has run. */
    public final boolean isBuilt() {
        return inputShape != null;
    }

    /** The input shape it was built for (without the batch dimension), or {@code null} before {@link #build}. */
    public final int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /**
     * Makes the weights for inputs of {@code shape} (without the batch dimension). Runs once; a later call with
     * the same shape does nothing.
     *
     * @throws IllegalArgumentException if the shape does not suit this layer, or differs from the one it was built
     *                                  for, naming the layer and both shapes
     */
    public final void build(int[] shape) {
        if (inputShape != null) {
            if (!Arrays.equals(inputShape, shape)) {
                throw new IllegalArgumentException(describeForErrors() + ": was built for input shape "
                        + Arrays.toString(inputShape) + ", got " + Arrays.toString(shape));
            }
            return;
        }
        outputShape(shape);
        makeWeights(shape.clone());
        inputShape = shape.clone();
    }

    /** Creates and registers the weights for inputs of {@code shape}; called once by {@link #build}. */
    protected abstract void makeWeights(int[] shape);

    /**
     * How many weight elements {@link #build} makes for inputs of {@code shape} (Keras's {@code count_params()} of
     * the built layer), computed without making them: a model read from a file is checked against the weights the
     * file holds before any is allocated, so a config that claims huge layers cannot exhaust memory.
     *
     * @throws IllegalArgumentException if the layer cannot take that shape, as {@link #outputShape}
     * @throws ArithmeticException      if the count does not fit in a {@code long}
     */
    public abstract long weightCount(int[] shape);

    /**
     * The output shape for inputs of {@code shape}, both without the batch dimension.
     *
     * @throws IllegalArgumentException if the layer cannot take that shape, naming the layer, the expected and the
     *                                  actual shape
     */
    public abstract int[] outputShape(int[] shape);

    /**
     * The layer on a batch: {@code input} is {@code [batch, ...inputShape]}. Recorded on the open tape when its
     * inputs or weights require gradients.
     *
     * @throws IllegalStateException if the layer is not built
     * @throws IllegalArgumentException if the input does not have the shape it was built for
     */
    public abstract Tensor call(Tensor input);

    /** Keras's {@code config} of this layer: every constructor argument under its Keras name (JSON-ready values). */
    public abstract Map<String, Object> config();

    /** {@code "<className> '<name>'"}, for error messages. */
    protected final String describeForErrors() {
        return className() + " '" + (name == null ? "unnamed" : name) + "'";
    }
}
