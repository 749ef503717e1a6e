package dev.vectorgrad.models;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import dev.vectorgrad.autograd.check.Report;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import dev.vectorgrad.models.callbacks.Callback;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.callbacks.ProgbarLogger;
import dev.vectorgrad.models.callbacks.TrainingModel;
import dev.vectorgrad.models.callbacks.TrainingParams;
import dev.vectorgrad.models.data.ArrayDataset;
import dev.vectorgrad.models.data.Batch;
import dev.vectorgrad.models.data.Dataset;
import dev.vectorgrad.models.data.Tensors;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.layers.Layers;
import dev.vectorgrad.models.layers.TimeDistributed;
import dev.vectorgrad.models.losses.Loss;
import dev.vectorgrad.models.losses.Losses;
import dev.vectorgrad.models.metrics.Metric;
import dev.vectorgrad.models.metrics.Metrics;
import dev.vectorgrad.models.optimizers.Optimizer;
import dev.vectorgrad.models.optimizers.Optimizers;
import dev.vectorgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras {@code Sequential} model: a stack of {@link Layer}s, each feeding the next, that is also a
 * {@link Module} (its layers are its children under their Keras names, so {@link #stateDict()} holds
 * {@code dense.kernel}, {@code lstm_1.recurrent_kernel}, ...).
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *         new Input(10, 1),
 *         SimpleRNN.builder(50).activation("relu").returnSequences(true).build(),
 *         SimpleRNN.builder(50).activation("relu").build(),
 *         new Dense(1));
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
 * <p><b>Files.</b> {@link #save(Path)} writes the whole model as one safetensors file: the weights under their
 * {@link #stateDict()} names, and in the file's metadata the architecture in Keras's config vocabulary, the compile
 * settings and the optimizer's state; {@link #loadModel(Path)} reads it back (a static {@code load(Path)} cannot
 * exist beside {@link Module#load(Path)}, which loads weights into an existing module). {@link #saveWeights} and
 * {@link #loadWeights} move the weights alone.
 *
 * <p>Not thread-safe.
 */
public class Sequential extends Module implements TrainingModel {

    private final String name;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private int[] inputShape;
    /** Output shape of each built layer (without the batch dimension). */
    private final List<int[]> outputShapes = new ArrayList<>();

    private Optimizer optimizer;
    /** What compile was given for the loss: a name or a {@link Loss}. */
    private Object lossSpec;
    /** The loss, resolved from its spec once the shapes of targets and predictions are known. */
    private Loss loss;
    /** What compile was given for each metric: a name or a {@link Metric}. */
    private final List<Object> metricSpecs = new ArrayList<>();
    /** The metrics, resolved from their specs once the shapes of targets and predictions are known. */
    private List<Metric> metrics;
    /** The trainable parameters the optimizer is bound to, once it is built. */
    private List<Tensor> trainable;
    private boolean stopRequested;

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
     * An {@link Input} first declares the input shape instead (as Keras, it is not one of {@link #layers()}).
     * Returns this model.
     *
     * @throws IllegalArgumentException if the name is taken, the layer is already in this model, it cannot take
     *                                  the previous layer's output (naming its position, name and both shapes), or
     *                                  it follows an {@link Embedding} with {@code maskZero} (masks are not consumed
     *                                  yet: running on would silently differ from Keras)
     */
    public Sequential add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential.add: layer " + layers.size() + " is null");
        }
        if (layer instanceof Input input) {
            if (!layers.isEmpty() || inputShape != null) {
                throw new IllegalArgumentException("Sequential.add: an Input declares the model's input and must come"
                        + " first, before any layer; the model already has " + layers.size() + " layers"
                        + (inputShape != null ? " and input shape " + Arrays.toString(inputShape) : ""));
            }
            return inputShape(input.shape());
        }
        for (Layer l : layers) {
            if (l == layer) {
                throw new IllegalArgumentException("Sequential.add: " + layer.className() + " '" + layer.name()
                        + "' is already layer " + layers.indexOf(l) + " of this model");
            }
        }
        int position = layers.size();
        if (layer.name() == null) {
            layer.assignName(uniqueName(Layers.snakeCase(layer.className())));
        } else {
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).name().equals(layer.name())) {
                    throw new IllegalArgumentException("layer " + position + " '" + layer.name()
                            + "': the name is already used by layer " + i + "; layer names in a Sequential model must be unique");
                }
            }
        }
        if (layer instanceof TimeDistributed wrapper && wrapper.layer().name() == null) {
            // Keras names the wrapped layer by its own class's counter: conv2d, then conv2d_1 in the next wrapper.
            wrapper.layer().assignName(uniqueName(Layers.snakeCase(wrapper.layer().className())));
        }
        for (int i = 0; i < position; i++) {
            if (layers.get(i) instanceof Embedding e && e.maskZero()) {
                throw new IllegalArgumentException("layer " + position + " '" + layer.name() + "': follows layer " + i
                        + " '" + e.name() + "', an Embedding with mask_zero=true. Keras would skip the masked steps (id 0)"
                        + " in recurrent layers and leave them out of the loss; vectorgrad's layers do not consume masks"
                        + " yet and would treat the padding as data, giving other results. Build the Embedding with"
                        + " maskZero(false): padding is then data, as in a Keras model without mask_zero");
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
        return trainable == null ? List.of() : optimizer.variables();
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

    // ---- compile -----------------------------------------------------------------------------

    /**
     * Configures training with objects: the optimizer, the loss and the metrics (Keras's {@code compile}). Forgets
     * any earlier compile, including the optimizer's state. Returns this model.
     */
    public Sequential compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        if (optimizer == null || loss == null) {
            throw new IllegalArgumentException("compile: the optimizer and the loss are required, got optimizer "
                    + optimizer + " and loss " + loss);
        }
        List<Object> specs = new ArrayList<>();
        for (Metric m : metrics) {
            if (m == null) {
                throw new IllegalArgumentException("compile: metric " + specs.size() + " is null");
            }
            specs.add(m);
        }
        this.lossSpec = loss;
        setCompiled(optimizer, loss, specs);
        return this;
    }

    /**
     * Configures training as Keras's {@code compile(optimizer, loss, metrics)}: each argument is a name or an object.
     * The optimizer is an {@link Optimizer} or a name {@code Optimizers.get} knows ({@code "adam"}, {@code "sgd"},
     * {@code "rmsprop"}, ...); the loss a {@link Loss} or a name ({@code "mse"},
     * {@code "sparse_categorical_crossentropy"}, ...; {@code "crossentropy"} picks its variant from the shapes, as
     * Keras does); each metric a {@link Metric} or a name ({@code "accuracy"} picks its variant from the shapes of
     * the first data seen). Forgets any earlier compile, including the optimizer's state. Returns this model.
     *
     * @throws IllegalArgumentException for an unknown name or a value of another type, naming it
     */
    public Sequential compile(Object optimizer, Object loss, Object... metrics) {
        Optimizer opt;
        if (optimizer instanceof Optimizer o) {
            opt = o;
        } else if (optimizer instanceof String n) {
            opt = Optimizers.get(n);
        } else {
            throw new IllegalArgumentException("compile: optimizer must be an Optimizer or a name, got " + optimizer);
        }
        if (!(loss instanceof Loss) && !(loss instanceof String)) {
            throw new IllegalArgumentException("compile: loss must be a Loss or a name, got " + loss);
        }
        if (loss instanceof String n) {
            String lower = n.toLowerCase(java.util.Locale.ROOT);
            if (!lower.equals("crossentropy") && !lower.equals("ce")) {
                Losses.get(n); // fails now for an unknown name
            }
        }
        List<Object> specs = new ArrayList<>();
        for (Object m : metrics) {
            if (!(m instanceof Metric) && !(m instanceof String)) {
                throw new IllegalArgumentException("compile: metric " + specs.size() + " must be a Metric or a name, got " + m);
            }
            specs.add(m);
        }
        this.lossSpec = loss;
        setCompiled(opt, loss instanceof Loss l ? l : null, specs);
        return this;
    }

    /** {@link #compile(Object, Object, Object...)} with Keras's default optimizer, {@code "rmsprop"}. */
    public Sequential compile(Object loss) {
        return compile("rmsprop", loss);
    }

    private void setCompiled(Optimizer optimizer, Loss loss, List<Object> specs) {
        this.optimizer = optimizer;
        this.loss = loss;
        this.metricSpecs.clear();
        this.metricSpecs.addAll(specs);
        this.metrics = null;
        this.trainable = null;
    }

    /** Whether {@link #compile} has run. */
    public final boolean isCompiled() {
        return optimizer != null;
    }

    /** The compiled optimizer, or {@code null} before {@link #compile}. */
    @Override
    public final Optimizer optimizer() {
        return optimizer;
    }

    /** The compiled loss, or {@code null} before {@link #compile} (and, for a name, before the first data is seen). */
    public final Loss loss() {
        return loss;
    }

    private void requireCompiled(String method) {
        if (!isCompiled()) {
            throw new IllegalStateException(method + ": Sequential '" + name + "' is not compiled; call compile(optimizer,"
                    + " loss, metrics...) first");
        }
    }

    /** Binds the optimizer to the trainable parameters once the model is built. */
    private void buildOptimizer() {
        if (trainable == null) {
            List<Tensor> params = new ArrayList<>();
            for (Tensor p : namedParameters().values()) {
                if (p.requiresGrad()) {
                    params.add(p);
                }
            }
            optimizer.build(params);
            trainable = params;
        }
    }

    /** Resolves metric names for targets shaped {@code yShape} (without the batch dimension) once. */
    private void resolveMetrics(int[] yShape) {
        if (loss == null) {
            loss = Losses.get((String) lossSpec, withBatch(yShape), withBatch(outputShape()));
        }
        if (metrics == null) {
            List<Metric> resolved = new ArrayList<>();
            for (Object spec : metricSpecs) {
                resolved.add(spec instanceof Metric m ? m : resolveMetric((String) spec, yShape, outputShape()));
            }
            metrics = resolved;
        }
    }

    /** The compiled metrics, in compile order (empty before they are first resolved by a run). */
    public final List<Metric> metrics() {
        return metrics == null ? List.of() : Collections.unmodifiableList(metrics);
    }

    /** Forgets the running loss and metric values that {@link #trainOnBatch} and {@link #testOnBatch} accumulate. */
    public final void resetMetrics() {
        running.reset();
        if (metrics != null) {
            for (Metric m : metrics) {
                m.resetState();
            }
        }
    }

    // ---- running means -----------------------------------------------------------------------

    /** The running loss (weighted by batch size) since the last reset. */
    private final Running running = new Running();

    private static final class Running {
        double lossSum;
        long samples;

        void reset() {
            lossSum = 0;
            samples = 0;
        }

        void add(double batchLoss, int batchSize) {
            lossSum += batchLoss * batchSize;
            samples += batchSize;
        }

        double mean() {
            return samples == 0 ? Double.NaN : lossSum / samples;
        }
    }

    /** The compiled metric named {@code metricName} for these sample shapes (Keras's choice of accuracy variant). */
    private static Metric resolveMetric(String metricName, int[] yShape, int[] predShape) {
        return Metrics.get(metricName, withBatch(yShape), withBatch(predShape));
    }

    private static int[] withBatch(int[] sample) {
        int[] out = new int[sample.length + 1];
        out[0] = -1;
        System.arraycopy(sample, 0, out, 1, sample.length);
        return out;
    }

    /** {@code loss} then each metric, as running values, with {@code prefix} ({@code ""} or {@code "val_"}). */
    private Map<String, Double> logs(String prefix) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(prefix + "loss", running.mean());
        for (Metric m : metrics) {
            logs.put(prefix + m.name(), m.result());
        }
        return logs;
    }

    // ---- steps -------------------------------------------------------------------------------

    /** One gradient step: forward in training mode on a tape, loss, backward, metrics, optimizer update, zeroed grads. */
    private double trainStep(Batch batch) {
        train(true);
        double value;
        try (Tape tape = Tape.open()) {
            Tensor out = call(batch.x());
            Tensor l = loss.call(batch.y(), out);
            value = l.item();
            tape.backward(l);
            try (Tape.NoGrad ignored = Tape.noGrad()) {
                for (Metric m : metrics) {
                    m.updateState(batch.y(), out);
                }
            }
        }
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            optimizer.apply();
        }
        for (Tensor p : trainable) {
            p.zeroGrad();
        }
        running.add(value, batch.size());
        return value;
    }

    /**
     * The weights that training updates (Keras's {@code trainable_weights}): the parameters that require gradients,
     * in {@link #namedParameters()} order, which is the order the compiled optimizer is bound to and the order of
     * their flat vector ({@code ParameterVector.values(model.trainableWeights())}).
     *
     * @throws IllegalStateException if the model is not built
     */
    public final List<Tensor> trainableWeights() {
        if (!isBuilt()) {
            throw new IllegalStateException("trainableWeights: Sequential '" + name + "' is not built; declare its input"
                    + " shape first so that its weights exist");
        }
        if (trainable != null) {
            return Collections.unmodifiableList(trainable);
        }
        List<Tensor> params = new ArrayList<>();
        for (Tensor p : namedParameters().values()) {
            if (p.requiresGrad()) {
                params.add(p);
            }
        }
        return Collections.unmodifiableList(params);
    }

    /**
     * The first half of {@link #trainOnBatch}: the compiled loss of one batch in training mode and, left in each
     * {@link #trainableWeights() trainable weight}'s {@link Tensor#grad()} (replacing any earlier gradient), its
     * gradient; no weight, optimizer state or running metric changes. With {@link #applyGradients()} after it, the
     * step is bit for bit {@code trainOnBatch(x, y)}'s. Between the two the gradients may be read, changed or
     * replaced ({@code ParameterVector.gradients}/{@code setGradients}): a data-parallel trainer sums the gradients
     * of several batches this way.
     *
     * @return the batch's loss
     * @throws IllegalStateException    if the model is not compiled
     * @throws IllegalArgumentException for inputs that do not fit the model
     */
    public double computeGradients(Object x, Object y) {
        ArrayData xs = ArrayData.of(x, "x");
        ArrayData ys = ArrayData.of(y, "y");
        prepare("computeGradients", xs, ys, "x");
        DType dtype = dtype();
        Batch batch = new Batch(xs.gather(null, 0, xs.samples(), dtype), ys.gather(null, 0, ys.samples(), dtype));
        for (Tensor p : trainable) {
            p.zeroGrad();
        }
        train(true);
        try (Tape tape = Tape.open()) {
            Tensor l = loss.call(batch.y(), call(batch.x()));
            double value = l.item();
            tape.backward(l);
            return value;
        }
    }

    /**
     * The second half of {@link #trainOnBatch}: applies the compiled optimizer to the gradients the trainable weights
     * hold (from {@link #computeGradients}, or set with {@link Tensor#setGrad} or {@code ParameterVector.setGradients})
     * and clears them, as Keras's {@code optimizer.apply_gradients}.
     *
     * @throws IllegalStateException if the model is not compiled or built, or no weight has a gradient
     */
    public void applyGradients() {
        requireCompiled("applyGradients");
        if (!isBuilt()) {
            throw new IllegalStateException("applyGradients: Sequential '" + name + "' is not built; it has no weights");
        }
        buildOptimizer();
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            optimizer.apply();
        }
        for (Tensor p : trainable) {
            p.zeroGrad();
        }
    }

    /** Loss and metrics of one batch in evaluation mode, with no tape. */
    private void testStep(Batch batch) {
        boolean wasTraining = isTraining();
        train(false);
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            Tensor out = call(batch.x());
            running.add(loss.call(batch.y(), out).item(), batch.size());
            for (Metric m : metrics) {
                m.updateState(batch.y(), out);
            }
        } finally {
            train(wasTraining);
        }
    }


    // ---- fit, evaluate, predict: the public forms ---------------------------------------------

    /**
     * Trains the model on in-memory data (Keras's {@code fit}) and returns the run's {@link History}.
     *
     * <p>{@code x} and {@code y} are Java arrays of any rank ({@code float[][][]} sequences, {@code int[][]} ids for
     * an {@code Embedding}, {@code int[]} class labels, ...) or {@link Tensor}s (a flat array with a shape:
     * {@link Tensors#ofFlat}), with the samples along the first dimension. They are converted once and checked before
     * any step: the sample shape against the model's input, ids against the {@code Embedding}'s range. Each epoch
     * visits the training samples in batches of {@code batchSize} (the last one smaller), in a seeded order when
     * shuffling; logs hold running means over the epoch ({@code loss} weighted by batch size, then the metrics), and
     * at the epoch's end the validation values under {@code val_} names.
     *
     * @throws IllegalStateException    if the model is not compiled
     * @throws IllegalArgumentException for inputs that do not fit the model, naming the layer and the offending shape
     *                                  or value
     */
    public History fit(Object x, Object y, FitOptions options) {
        ArrayData xs = ArrayData.of(x, "x");
        ArrayData ys = ArrayData.of(y, "y");
        ArrayData vx = null;
        ArrayData vy = null;
        Batches validation = null;
        if (options.validationX() instanceof Dataset d) {
            validation = Batches.of(d);
        } else if (options.validationX() != null) {
            vx = ArrayData.of(options.validationX(), "validation x");
            vy = ArrayData.of(options.validationY(), "validation y");
        } else if (options.validationSplit() > 0) {
            int n = xs.samples();
            int at = ArrayDataset.splitIndex(n, options.validationSplit());
            vx = xs.slice(at, n);
            vy = ys.slice(at, n);
            xs = xs.slice(0, at);
            ys = ys.slice(0, at);
        }
        prepare("fit", xs, ys, "x");
        if (vx != null) {
            prepare("fit", vx, vy, "validation x");
            validation = Batches.of(vx, vy, options.batchSize(), false, 0);
        }
        return runFit(Batches.of(xs, ys, options.batchSize(), options.shuffle(), options.seed()), validation, options);
    }

    /** {@link #fit(Object, Object, FitOptions)} with Keras's defaults ({@link FitOptions#defaults()}). */
    public History fit(Object x, Object y) {
        return fit(x, y, FitOptions.defaults());
    }

    /**
     * Trains the model on a {@link Dataset} of batches (for data that does not fit in memory, or a data set's own
     * batching and shuffling); {@code options}' batch size, shuffle and seed do not apply to it. Each batch's inputs
     * are checked as it arrives.
     *
     * @throws IllegalArgumentException with a validation split (a data set cannot be cut; give validation data)
     */
    public History fit(Dataset train, FitOptions options) {
        if (train == null) {
            throw new IllegalArgumentException("fit: the training data set is null");
        }
        requireCompiled("fit");
        if (options.validationSplit() > 0) {
            throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " needs array inputs"
                    + " (it cuts the last samples off); with a Dataset pass validationData instead, as Keras requires");
        }
        Batches validation = null;
        if (options.validationX() instanceof Dataset d) {
            validation = Batches.of(d);
        } else if (options.validationX() != null) {
            ArrayData vx = ArrayData.of(options.validationX(), "validation x");
            ArrayData vy = ArrayData.of(options.validationY(), "validation y");
            prepare("fit", vx, vy, "validation x");
            validation = Batches.of(vx, vy, options.batchSize(), false, 0);
        }
        return runFit(Batches.of(train), validation, options);
    }

    private History runFit(Batches train, Batches validation, FitOptions options) {
        History history = new History();
        List<Callback> callbacks = new ArrayList<>(options.callbacks());
        callbacks.add(history);
        if (options.verbose() > 0) {
            callbacks.add(new ProgbarLogger());
        }
        fitLoop(train, validation, options, callbacks);
        return history;
    }

    /**
     * The loss and metrics on {@code x}, {@code y} (Keras's {@code evaluate}), in evaluation mode, as
     * {@code [loss, metric...]} in compile order. See {@link #evaluateAsMap} for the named form.
     */
    public List<Double> evaluate(Object x, Object y, RunOptions options) {
        return new ArrayList<>(evaluateAsMap(x, y, options).values());
    }

    /** {@link #evaluate(Object, Object, RunOptions)} with batch size 32 and a progress bar. */
    public List<Double> evaluate(Object x, Object y) {
        return evaluate(x, y, RunOptions.defaults());
    }

    /** The loss and metrics on {@code x}, {@code y} by name ({@code loss}, then each metric), as Keras's {@code return_dict=True}. */
    public Map<String, Double> evaluateAsMap(Object x, Object y, RunOptions options) {
        ArrayData xs = ArrayData.of(x, "x");
        ArrayData ys = ArrayData.of(y, "y");
        prepare("evaluate", xs, ys, "x");
        return runEvaluate(Batches.of(xs, ys, options.batchSize(), false, 0), options);
    }

    /** The loss and metrics over a data set's batches, by name. */
    public Map<String, Double> evaluateAsMap(Dataset data, RunOptions options) {
        requireCompiled("evaluate");
        return runEvaluate(Batches.of(data), options);
    }

    private Map<String, Double> runEvaluate(Batches data, RunOptions options) {
        List<Callback> callbacks = new ArrayList<>(options.callbacks());
        if (options.verbose() > 0) {
            callbacks.add(new ProgbarLogger());
        }
        for (Callback c : callbacks) {
            c.setModel(this);
            c.setParams(new TrainingParams(1, data.steps(), options.verbose()));
        }
        return evaluateLoop(data, callbacks, "");
    }

    /**
     * The model's outputs for every sample of {@code x} (Keras's {@code predict}), computed in batches of
     * {@code options.batchSize()} in evaluation mode with no tape, as one tensor {@code [samples, ...outputShape]}
     * ({@link Tensor#toFloatArray()} for a flat array). No progress bar is drawn.
     */
    public Tensor predict(Object x, RunOptions options) {
        ArrayData xs = ArrayData.of(x, "x");
        if (layers.isEmpty()) {
            throw new IllegalStateException("predict: Sequential '" + name + "' has no layers");
        }
        checkInputs(xs, "x");
        if (xs.samples() == 0) {
            int[] out = outputShape();
            int[] shape = new int[out.length + 1];
            System.arraycopy(out, 0, shape, 1, out.length);
            return Tensor.zeros(dtype(), shape);
        }
        return predictLoop(Batches.of(xs, null, options.batchSize(), false, 0), xs.samples());
    }

    /**
     * The model's outputs for every batch of a data set, in order, as one tensor {@code [samples, ...outputShape]}
     * (the batches' targets, if any, are ignored). Each batch's inputs are checked as it arrives.
     *
     * @throws IllegalArgumentException for a data set with no batches, or inputs that do not fit the model
     */
    public Tensor predict(Dataset data) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("predict: Sequential '" + name + "' has no layers");
        }
        List<Tensor> outputs = new ArrayList<>();
        int samples = 0;
        int step = 0;
        for (Batch batch : data) {
            checkInputs(batch.x(), "batch " + step++ + " x");
            Tensor out = inferBatch(batch.x());
            outputs.add(out);
            samples += out.dim(0);
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("predict: the data set has no batches");
        }
        int[] shape = outputs.get(0).shape();
        shape[0] = samples;
        Tensor result = Tensor.zeros(outputs.get(0).dtype(), shape);
        int offset = 0;
        for (Tensor out : outputs) {
            copy(out, result, offset);
            offset += out.size();
        }
        return result;
    }

    /** {@link #predict(Object, RunOptions)} in batches of 32. */
    public Tensor predict(Object x) {
        return predict(x, RunOptions.defaults());
    }

    /**
     * One gradient step on one batch (Keras's {@code train_on_batch}); returns {@code [loss, metric...]} as running
     * values since the last {@link #resetMetrics()}, as Keras 3 does.
     */
    public List<Double> trainOnBatch(Object x, Object y) {
        ArrayData xs = ArrayData.of(x, "x");
        ArrayData ys = ArrayData.of(y, "y");
        prepare("trainOnBatch", xs, ys, "x");
        DType dtype = dtype();
        trainStep(new Batch(xs.gather(null, 0, xs.samples(), dtype), ys.gather(null, 0, ys.samples(), dtype)));
        return new ArrayList<>(logs("").values());
    }

    /** Loss and metrics of one batch without training (Keras's {@code test_on_batch}); running values as {@link #trainOnBatch}. */
    public List<Double> testOnBatch(Object x, Object y) {
        ArrayData xs = ArrayData.of(x, "x");
        ArrayData ys = ArrayData.of(y, "y");
        prepare("testOnBatch", xs, ys, "x");
        DType dtype = dtype();
        testStep(new Batch(xs.gather(null, 0, xs.samples(), dtype), ys.gather(null, 0, ys.samples(), dtype)));
        return new ArrayList<>(logs("").values());
    }

    /** The model's outputs for one batch, in evaluation mode with no tape (Keras's {@code predict_on_batch}). */
    public Tensor predictOnBatch(Object x) {
        ArrayData xs = ArrayData.of(x, "x");
        checkInputs(xs, "x");
        return inferBatch(xs.gather(null, 0, xs.samples(), dtype()));
    }

    // ---- fit ---------------------------------------------------------------------------------

    /** Ends {@code fit} after the current batch (its epoch still ends, with validation), as Keras's {@code stop_training}. */
    @Override
    public final void stopTraining() {
        stopRequested = true;
    }

    /** Whether a callback asked {@code fit} to stop. */
    public final boolean isStopRequested() {
        return stopRequested;
    }

    /** Checks the inputs against the model before any step, building the model from them if needed. */
    private void prepare(String method, ArrayData x, ArrayData y, String xName) {
        requireCompiled(method);
        if (layers.isEmpty()) {
            throw new IllegalStateException(method + ": Sequential '" + name + "' has no layers");
        }
        if (y != null && y.samples() != x.samples()) {
            throw new IllegalArgumentException(method + ": " + xName + " has " + x.samples() + " samples but its targets have "
                    + y.samples());
        }
        checkInputs(x, xName);
        buildOptimizer();
        if (y != null) {
            resolveMetrics(y.sampleShape());
        }
    }

    /**
     * Validates {@code x} against the first layer: its sample shape, and for a first layer that takes ids
     * (Keras's {@code Embedding}, whose config has {@code input_dim}) that every value is an integer id in range.
     * Builds the model from the sample shape if it is not built.
     */
    final void checkInputs(ArrayData x, String xName) {
        checkInputs(x.values(), xName);
    }

    private void checkInputs(Tensor x, String xName) {
        int[] sample = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (inputShape == null) {
            inputShape(sample);
        } else {
            checkSampleShape(sample, xName);
        }
        Layer first = layers.get(0);
        if ("Embedding".equals(first.className()) && first.config().get("input_dim") instanceof Number n) {
            long inputDim = n.longValue();
            for (int i = 0; i < x.size(); i++) {
                double id = x.get(i);
                if (id != Math.rint(id) || id < 0 || id >= inputDim) {
                    String value = id == Math.rint(id) && Math.abs(id) < 1e15 ? Long.toString((long) id) : Double.toString(id);
                    throw new IllegalArgumentException("layer 0 '" + first.name() + "': expects integer ids in [0, "
                            + inputDim + "), got " + value + " at " + xName + index(i, x.shape()));
                }
            }
        }
    }

    /** Checks a batch from a data set (arrays are checked whole before the run) and readies the model for it. */
    private void checkBatch(Batch batch, int step, boolean training) {
        String what = "batch " + step;
        if (batch.y() == null) {
            throw new IllegalArgumentException(what + " has no targets");
        }
        checkInputs(batch.x(), what + " x");
        if (training) {
            buildOptimizer();
        }
        resolveMetrics(Arrays.copyOfRange(batch.y().shape(), 1, batch.y().rank()));
    }

    private static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        StringBuilder b = new StringBuilder();
        for (int i : idx) {
            b.append('[').append(i).append(']');
        }
        return b.toString();
    }

    /** The epoch loop shared by the array and data-set forms of fit. */
    final void fitLoop(Batches train, Batches validation, FitOptions options, List<Callback> callbacks) {
        stopRequested = false;
        DType dtype = dtype();
        for (Callback c : callbacks) {
            c.setModel(this);
            c.setParams(new TrainingParams(options.epochs(), train.steps(), options.verbose()));
        }
        Map<String, Double> empty = Map.of();
        for (Callback c : callbacks) {
            c.onTrainBegin(empty);
        }
        Map<String, Double> epochLogs = empty;
        for (int epoch = options.initialEpoch(); epoch < options.epochs(); epoch++) {
            resetMetrics();
            for (Callback c : callbacks) {
                c.onEpochBegin(epoch, empty);
            }
            Map<String, Double> logs = empty;
            Iterator<Batch> batches = train.epoch(epoch, dtype);
            for (int step = 0; batches.hasNext(); step++) {
                Batch batch = batches.next();
                if (!train.prechecked()) {
                    checkBatch(batch, step, true);
                }
                for (Callback c : callbacks) {
                    c.onTrainBatchBegin(step, empty);
                }
                trainStep(batch);
                logs = logs("");
                for (Callback c : callbacks) {
                    c.onTrainBatchEnd(step, logs);
                }
                if (stopRequested) {
                    break;
                }
            }
            epochLogs = new LinkedHashMap<>(logs);
            if (validation != null) {
                epochLogs.putAll(evaluateLoop(validation, callbacks, "val_"));
            }
            epochLogs = Collections.unmodifiableMap(epochLogs);
            for (Callback c : callbacks) {
                c.onEpochEnd(epoch, epochLogs);
            }
            if (stopRequested) {
                break;
            }
        }
        for (Callback c : callbacks) {
            c.onTrainEnd(epochLogs);
        }
    }

    /** Loss and metrics over every batch of {@code data}, reported with {@code prefix}. */
    private Map<String, Double> evaluateLoop(Batches data, List<Callback> callbacks, String prefix) {
        resetMetrics();
        Map<String, Double> empty = Map.of();
        for (Callback c : callbacks) {
            c.onTestBegin(empty);
        }
        Map<String, Double> logs = logs(prefix);
        Iterator<Batch> batches = data.epoch(0, dtype());
        for (int step = 0; batches.hasNext(); step++) {
            Batch batch = batches.next();
            if (!data.prechecked()) {
                checkBatch(batch, step, false);
            }
            testStep(batch);
            logs = logs(prefix);
            for (Callback c : callbacks) {
                c.onTestBatchEnd(step, logs);
            }
        }
        logs = Collections.unmodifiableMap(logs);
        for (Callback c : callbacks) {
            c.onTestEnd(logs);
        }
        return logs;
    }

    // ---- predict -----------------------------------------------------------------------------

    /** Predictions for every sample of {@code x}, batch by batch in order, in evaluation mode. */
    final Tensor predictLoop(Batches data, int samples) {
        Tensor result = null;
        int row = 0;
        Iterator<Batch> batches = data.epoch(0, dtype());
        while (batches.hasNext()) {
            Tensor out = inferBatch(batches.next().x());
            if (result == null) {
                int[] shape = out.shape();
                shape[0] = samples;
                result = Tensor.zeros(out.dtype(), shape);
            }
            int per = out.size() / out.dim(0);
            copy(out, result, row * per);
            row += out.dim(0);
        }
        return result;
    }

    private static void copy(Tensor src, Tensor dst, int offset) {
        if (src.dtype() == DType.F32) {
            System.arraycopy(src.dataF32(), 0, dst.dataF32(), offset, src.size());
        } else {
            System.arraycopy(src.dataF64(), 0, dst.dataF64(), offset, src.size());
        }
    }

    // ---- gradient check ----------------------------------------------------------------------

    /**
     * Checks the gradients of the compiled loss on {@code x}, {@code y} with respect to every parameter of the model,
     * against finite differences ({@link GradCheck#checkParameters}): for users who check a whole model in CI. The
     * model must be built in F64 (the layers' {@code dtype(DType.F64)}); it runs in evaluation mode (no dropout) and
     * its weights are left as they were. The report names each parameter as {@link #stateDict()} does
     * ({@code simple_rnn.kernel}: layer {@code simple_rnn}, weight {@code kernel}) and each element by its index.
     *
     * <pre>{@code
     * Report r = model.checkGradients(GradCheck.defaults().fast(true), x, y);
     * assertTrue(r.passed(), r::toString);
     * }</pre>
     *
     * @throws IllegalStateException    if the model is not compiled
     * @throws IllegalArgumentException for inputs that do not fit the model, or F32 weights
     */
    public Report checkGradients(GradCheck check, Object x, Object y) {
        ArrayData xs = ArrayData.of(x, "x");
        ArrayData ys = ArrayData.of(y, "y");
        prepare("checkGradients", xs, ys, "x");
        DType dtype = dtype();
        Tensor xb = xs.gather(null, 0, xs.samples(), dtype);
        Tensor yb = ys.gather(null, 0, ys.samples(), dtype);
        boolean wasTraining = isTraining();
        train(false);
        try {
            return check.checkParameters(namedParameters(), () -> loss.call(yb, call(xb)));
        } finally {
            train(wasTraining);
        }
    }

    // ---- files --------------------------------------------------------------------------------

    /**
     * The metadata that makes {@link #save(Path)} a whole-model file: the architecture (Keras's config JSON), the
     * compile config and the optimizer state; see {@link #loadModel(Path)}.
     */
    @Override
    protected Map<String, String> metadata() {
        return ModelFile.metadata(this);
    }

    /**
     * Reads a model written by {@link #save(Path)} (Keras's {@code keras.models.load_model}): the architecture, the
     * weights and, when the model was compiled, the compile settings and the optimizer's state, so that it predicts
     * bit for bit as the saved one and {@code fit} with {@code initialEpoch} continues the saved run exactly.
     *
     * @throws IOException for an unreadable or damaged file, an unknown layer (naming its position, name and class),
     *                     or weights that do not match the architecture (naming each weight)
     */
    public static Sequential loadModel(Path file) throws IOException {
        return ModelFile.load(file);
    }

    /**
     * The whole-model file as bytes: exactly what {@link #save(Path)} writes (weights, architecture, compile settings
     * and optimizer state), for moving a model where there is no shared file system, such as a Spark broadcast.
     *
     * @throws IllegalArgumentException if the file would exceed a byte array (2 GiB)
     */
    public final byte[] toBytes() {
        return SafeTensors.toBytes(stateDict(), metadata());
    }

    /**
     * Reads a model from the bytes of a whole-model file ({@link #toBytes()}, or a file {@link #save(Path)} wrote),
     * as {@link #loadModel(Path)} reads a file.
     *
     * @throws IOException for damaged bytes, an unknown layer or weights that do not match the architecture
     */
    public static Sequential loadModel(byte[] file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("loadModel: the model bytes are null");
        }
        return ModelFile.load(SafeTensors.read(file), "model bytes (" + file.length + " bytes)");
    }

    /**
     * The model that a Keras {@code Sequential} config describes ({@code {"class_name":"Sequential","config":{...}}}
     * as plain Java values: maps, lists, strings, numbers, booleans, null), built when the config gives an input
     * shape, with fresh weights: what an importer of Keras files calls before it copies the file's weights in. Before
     * any weight is made, the layers' weights are counted and may exceed {@code availableWeights} (the elements the
     * file holds) by 1 Mi at most, so that a config cannot claim more memory than its file backs.
     *
     * @throws IOException naming {@code where}, and the position, name and class of a layer that is unknown, has an
     *                     unknown or unsupported key, or describes more weights than the file holds
     */
    public static Sequential fromConfig(Map<String, Object> modelConfig, String where, long availableWeights)
            throws IOException {
        return ModelFile.fromConfig(modelConfig, where, availableWeights);
    }

    /** Keras's {@code get_config()} of this model, {@code {"class_name":"Sequential","config":{...}}}. */
    public final Map<String, Object> modelConfig() {
        return ModelFile.modelConfig(this);
    }

    /** Keras's {@code compile_config}: the optimizer's and the loss's configs and the metric names, or null before compile. */
    final Map<String, Object> compileConfig() {
        if (!isCompiled()) {
            return null;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", optimizer.config());
        c.put("loss", lossSpec instanceof Loss l ? l.config() : lossSpec);
        List<Object> names = new ArrayList<>();
        for (Object m : metricSpecs) {
            names.add(m instanceof Metric metric ? metric.name() : m);
        }
        c.put("metrics", names);
        return c;
    }

    /** Compiles from a {@link #compileConfig()} read back from a file. */
    @SuppressWarnings("unchecked")
    final void compileFromConfig(Map<String, Object> c) {
        if (!(c.get("optimizer") instanceof Map<?, ?> opt)) {
            throw new IllegalArgumentException("optimizer must be a config object, got " + c.get("optimizer"));
        }
        Object lossConfig = c.get("loss");
        Object lossValue = lossConfig instanceof Map<?, ?> m ? Losses.fromConfig((Map<String, ?>) m) : lossConfig;
        List<Object> metricNames = c.get("metrics") instanceof List<?> l ? new ArrayList<>(l) : List.of();
        compile(Optimizers.fromConfig((Map<String, ?>) opt), lossValue, metricNames.toArray());
    }

    /** Builds the optimizer so that a saved state can be written into its variables. */
    final List<Tensor> prepareOptimizerForRestore() {
        if (!isBuilt()) {
            throw new IllegalStateException("Sequential '" + name + "': the optimizer state needs a built model");
        }
        buildOptimizer();
        return optimizer.variables();
    }

    /** Writes the weights alone ({@link #stateDict()}) as safetensors, as Keras's {@code save_weights}. */
    @Override
    public void saveWeights(Path file) throws IOException {
        SafeTensors.write(file, stateDict(), Map.of(ModelFile.FORMAT, "vectorgrad.models.weights"));
    }

    /**
     * Reads weights written by {@link #saveWeights} or {@link #save} into this model (built, with the same
     * architecture), all or nothing.
     *
     * @throws IOException for an unreadable file, or weights missing, unexpected or of another shape (naming each)
     */
    public void loadWeights(Path file) throws IOException {
        if (!isBuilt()) {
            throw new IllegalStateException("loadWeights: Sequential '" + name + "' is not built; declare its input"
                    + " shape first so that its weights exist");
        }
        SafeTensorsFile read = SafeTensors.read(file);
        try {
            loadStateDict(read.tensors(), true);
        } catch (IllegalArgumentException e) {
            throw new IOException("weights file " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- TrainingModel -----------------------------------------------------------------------

    /** Copies {@code weights} into the model strictly (see {@link Module#loadStateDict(Map, boolean)}). */
    @Override
    public final void loadStateDict(Map<String, Tensor> weights) {
        loadStateDict(weights, true);
    }

    @Override
    protected String describe() {
        return "name=" + name;
    }
}
