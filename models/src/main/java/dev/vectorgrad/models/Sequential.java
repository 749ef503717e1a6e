package dev.vectorgrad.models;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.callbacks.Callback;
import dev.vectorgrad.models.callbacks.TrainingModel;
import dev.vectorgrad.models.callbacks.TrainingParams;
import dev.vectorgrad.models.data.Batch;
import dev.vectorgrad.models.layers.Layer;
import dev.vectorgrad.models.losses.Loss;
import dev.vectorgrad.models.metrics.Metric;
import dev.vectorgrad.models.optimizers.Optimizer;
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
public class Sequential extends Module implements TrainingModel {

    private final String name;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> nameCounters = new HashMap<>();
    private int[] inputShape;
    /** Output shape of each built layer (without the batch dimension). */
    private final List<int[]> outputShapes = new ArrayList<>();

    private Optimizer optimizer;
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
        setCompiled(optimizer, loss, specs);
        return this;
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
        return loss != null;
    }

    /** The compiled optimizer, or {@code null} before {@link #compile}. */
    @Override
    public final Optimizer optimizer() {
        return optimizer;
    }

    /** The compiled loss, or {@code null} before {@link #compile}. */
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
     */
    final void checkInputs(ArrayData x, String xName) {
        if (inputShape == null) {
            inputShape(x.sampleShape());
        } else {
            checkSampleShape(x.sampleShape(), xName);
        }
        Layer first = layers.get(0);
        if ("Embedding".equals(first.className()) && first.config().get("input_dim") instanceof Number n) {
            long inputDim = n.longValue();
            Tensor v = x.values();
            for (int i = 0; i < v.size(); i++) {
                double id = v.get(i);
                if (id != Math.rint(id) || id < 0 || id >= inputDim) {
                    String value = id == Math.rint(id) && Math.abs(id) < 1e15 ? Long.toString((long) id) : Double.toString(id);
                    throw new IllegalArgumentException("layer 0 '" + first.name() + "': expects integer ids in [0, "
                            + inputDim + "), got " + value + " at " + xName + index(i, v.shape()));
                }
            }
        }
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
                if (step == 0 && batch.y() == null) {
                    throw new IllegalArgumentException("fit: the training batches have no targets");
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
            if (batch.y() == null) {
                throw new IllegalArgumentException("evaluate: batch " + step + " has no targets");
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
