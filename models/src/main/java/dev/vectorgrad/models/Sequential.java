package dev.vectorgrad.models;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras {@code Sequential} model: a stack of {@link Layer}s, each feeding the next, that is also an
 * {@link Module} (its layers are its children under their Keras names, so {@link #stateDict()} holds
 * {@code dense.kernel}, {@code lstm_1.recurrent_kernel}, ...).
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new SimpleRNN(50, "relu", true), new SimpleRNN(50, "relu"), new Dense(1))
 *         .inputShape(10, 1);
 * model.compile("adam", "mse");
 * History history = model.fit(xTrain, yTrain, FitOptions.defaults().epochs(100).validationData(xTest, yTest));
 * List<Double> lossAndMetrics = model.evaluate(xTest, yTest);
 * Tensor predictions = model.predict(xTest);
 * }</pre>
 *
 * <p><b>Names.</b> A layer added without a name gets Keras's: its snake-case class name, then {@code _1},
 * {@code _2}, ... for later layers of the same class in this model ({@code dense}, {@code dense_1},
 * {@code simple_rnn}). Names are unique within a model.
 *
 * <p><b>Building.</b> Once the input shape is known (declared by {@link #inputShape(int...)}, or taken from the first
 * batch that {@link #call}, {@code fit}, {@code evaluate} or {@code predict} sees), every layer is built in turn
 * on the output shape of the one before, and each later {@link #add} builds its layer at once. A layer that cannot
 * take its input fails with the layer's position (from 0, as in {@code model.layers[i]}), its name and both shapes:
 * {@code layer 2 'dense': expects last dimension 50, got 64}. Shapes leave out the batch dimension; -1 is a size
 * known only from the data (Keras's {@code None}).
 *
 * <p>Not thread-safe.
 */
public class Sequential extends Module {

    private final String name;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private int[] inputShape;
    /** Output shape of each built layer (without the batch dimension). */
    private final List<int[]> outputShapes = new ArrayList<>();

    /** An empty model named {@code "sequential"}; add layers with {@link #add}. */
    public Sequential() {
        this("sequential");
    }

    /** A model of {@code layers}, added in order, named {@code "sequential"}. */
    public Sequential(Layer... layers) {
        this("sequential", layers);
    }

    /** A model named {@code name} (Keras's {@code name}) of {@code layers}. */
    public Sequential(String name, Layer... layers) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Sequential: the model name must be non-empty, got "
                    + (name == null ? "null" : "\"\""));
        }
        this.name = name;
        for (Layer layer : layers) {
            add(layer);
        }
    }

    /** The model's name ({@code "sequential"} unless given). */
    public final String name() {
        return name;
    }

    /** The layers in order (read-only view). */
    public final List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The layer named {@code layerName}. @throws IllegalArgumentException naming the layers there are */
    public final Layer layer(String layerName) {
        for (Layer l : layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException("Sequential '" + name + "' has no layer '" + layerName + "'; its layers are "
                + layerNames());
    }

    private List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (Layer l : layers) {
            names.add(l.name());
        }
        return names;
    }

    /**
     * Appends {@code layer}, naming it if it has no name, and builds it when the model's input shape is known.
     * Returns this model.
     *
     * @throws IllegalArgumentException if the name is taken, the layer is already in this model, or it cannot take
     *                                  the previous layer's output (naming its position, name and both shapes)
     */
    public Sequential add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential.add: layer " + layers.size() + " is null");
        }
        for (Layer l : layers) {
            if (l == layer) {
                throw new IllegalArgumentException("Sequential.add: " + layer.className() + " '" + layer.name()
                        + "' is already layer " + layers.indexOf(l) + " of this model");
            }
        }
        int position = layers.size();
        if (layer.name() == null) {
            layer.assignName(uniqueName(Naming.snakeCase(layer.className())));
        } else {
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).name().equals(layer.name())) {
                    throw new IllegalArgumentException("layer " + position + " '" + layer.name()
                            + "': the name is already used by layer " + i + "; layer names in a Sequential model must be unique");
                }
            }
        }
        if (inputShape != null) {
            int[] in = position == 0 ? inputShape : outputShapes.get(position - 1);
            outputShapes.add(buildLayer(position, layer, in));
        }
        layers.add(layer);
        registerModule(layer.name(), layer);
        return this;
    }

    private String uniqueName(String base) {
        while (true) {
            int n = nameCounters.merge(base, 1, Integer::sum) - 1;
            String candidate = n == 0 ? base : base + "_" + n;
            boolean taken = false;
            for (Layer l : layers) {
                taken |= l.name().equals(candidate);
            }
            if (!taken) {
                return candidate;
            }
        }
    }

    /**
     * Declares the shape of one input sample (Keras's {@code Input(shape=...)}), without the batch dimension; -1
     * for a size known only from the data (such as the number of time steps). Builds every layer added so far.
     * Returns this model.
     *
     * @throws IllegalArgumentException for an empty shape or a size below -1 or 0, or a layer that cannot take
     *                                  its input (naming its position, name and both shapes)
     * @throws IllegalStateException    if the model was already built for another shape
     */
    public Sequential inputShape(int... shape) {
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("Sequential '" + name + "': an input shape needs at least one dimension"
                    + " (the batch dimension is left out), got " + Arrays.toString(shape));
        }
        for (int d : shape) {
            if (d == 0 || d < -1) {
                throw new IllegalArgumentException("Sequential '" + name + "': input shape " + Arrays.toString(shape)
                        + " has a size " + d + "; sizes are positive, or -1 for one known only from the data");
            }
        }
        if (inputShape != null) {
            if (!Arrays.equals(inputShape, shape)) {
                throw new IllegalStateException("Sequential '" + name + "' is already built for input shape "
                        + Arrays.toString(inputShape) + ", cannot rebuild it for " + Arrays.toString(shape));
            }
            return this;
        }
        int[] in = shape.clone();
        List<int[]> shapes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            in = buildLayer(i, layers.get(i), in);
            shapes.add(in);
        }
        inputShape = shape.clone();
        outputShapes.addAll(shapes);
        return this;
    }

    /** Builds layer {@code position} for input {@code in} and returns its output shape, naming the layer in errors. */
    private static int[] buildLayer(int position, Layer layer, int[] in) {
        String where = "layer " + position + " '" + layer.name() + "': ";
        if (layer.isBuilt()) {
            int[] built = layer.inputShape();
            if (!Arrays.equals(built, in)) {
                if (built.length == in.length && Arrays.equals(built, 0, built.length - 1, in, 0, in.length - 1)) {
                    throw new IllegalArgumentException(where + "expects last dimension " + built[built.length - 1]
                            + ", got " + in[in.length - 1]);
                }
                throw new IllegalArgumentException(where + "expects input shape " + ModelSummary.shape(built)
                        + ", got " + ModelSummary.shape(in));
            }
        }
        try {
            int[] out = layer.outputShape(in.clone());
            layer.build(in.clone());
            return out;
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            String own = layer.className() + " '" + layer.name() + "': ";
            if (message.startsWith(own)) {
                message = message.substring(own.length());
            }
            throw new IllegalArgumentException(where + message, e);
        }
    }

    /** Whether the input shape is known and every layer is built. */
    public final boolean isBuilt() {
        return inputShape != null;
    }

    /** The declared or inferred shape of one input sample, or {@code null} before the model is built. */
    public final int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** The shape of one output sample (the last layer's), or {@code null} before the model is built or with no layers. */
    public final int[] outputShape() {
        return inputShape == null || layers.isEmpty() ? null : outputShapes.get(layers.size() - 1).clone();
    }

    /** Output shape of layer {@code i} without the batch dimension, or null when not built. */
    final int[] outputShapeOf(int i) {
        return inputShape == null ? null : outputShapes.get(i).clone();
    }

    /**
     * The model on a batch {@code [batch, ...inputShape]}, in the current mode ({@link #train(boolean)}), recorded
     * on the open tape when the weights require gradients. Builds the model from the batch's shape if it is not
     * built yet.
     *
     * @throws IllegalArgumentException if the batch does not match the input shape, naming the first layer
     * @throws IllegalStateException    if the model has no layers
     */
    public Tensor call(Tensor input) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("Sequential '" + name + "' has no layers; add some before calling it");
        }
        if (input.rank() < 2) {
            throw new IllegalArgumentException("layer 0 '" + layers.get(0).name() + "': expects a batch of samples"
                    + " [batch, ...], got a tensor of shape " + Arrays.toString(input.shape()));
        }
        int[] sample = Arrays.copyOfRange(input.shape(), 1, input.rank());
        if (inputShape == null) {
            inputShape(sample);
        } else {
            checkSampleShape(sample, "input");
        }
        Tensor x = input;
        for (Layer layer : layers) {
            x = layer.call(x);
        }
        return x;
    }

    /** Fails unless a sample of {@code sample}'s shape fits the declared input shape (-1 matching any size). */
    final void checkSampleShape(int[] sample, String what) {
        boolean fits = sample.length == inputShape.length;
        for (int d = 0; fits && d < sample.length; d++) {
            fits = inputShape[d] == -1 || inputShape[d] == sample[d];
        }
        if (!fits) {
            throw new IllegalArgumentException("layer 0 '" + layers.get(0).name() + "': expects input shape "
                    + ModelSummary.shape(inputShape) + ", got " + ModelSummary.shape(sample) + " (" + what + ")");
        }
    }

    /** The model's dtype: that of its first parameter, F32 when it has none. */
    final DType dtype() {
        for (Tensor p : namedParameters().values()) {
            return p.dtype();
        }
        return DType.F32;
    }

    /**
     * The layer table as Keras 3 prints it: name (type), output shape and parameter count per layer, then the
     * total, trainable and non-trainable counts with their sizes, and the optimizer's once it is built.
     */
    public String summary() {
        return ModelSummary.render(this);
    }

    /** The built optimizer's variables, for {@link #summary()}; empty before training. */
    List<Tensor> builtOptimizerVariables() {
        return List.of();
    }

    /** Runs the model on {@code x} with no tape, in evaluation mode, and puts the mode back. */
    final Tensor inferBatch(Tensor x) {
        boolean wasTraining = isTraining();
        train(false);
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            return call(x);
        } finally {
            train(wasTraining);
        }
    }

    @Override
    protected String describe() {
        return "name=" + name;
    }
}
