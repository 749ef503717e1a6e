package dev.vectorgrad.examples.pytorch;

import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.SequenceOutput;
import dev.vectorgrad.cells.StepInference;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.OptionCheck;
import dev.vectorgrad.examples.common.Resources;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * From PyTorch to the JVM: loads an LSTM that PyTorch trained and saved as safetensors
 * ({@code examples/python/export_lstm.py}), runs it on the input saved with it, and shows that the
 * outputs equal PyTorch's: once through the sequence layer ({@link Lstm#forward}) and once step by
 * step through {@link StepInference}, the allocation-free path a service would use.
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.pytorch.FromPyTorch
 * </pre>
 * With no {@code --model} it loads the copy of the file shipped in this module's resources, so it
 * runs without PyTorch installed.
 */
@Command(name = "FromPyTorch", sortOptions = false,
        description = "Loads a PyTorch LSTM from safetensors, runs it, and compares its outputs with PyTorch's.")
public final class FromPyTorch implements Callable<Integer> {

    /** The file the Python script writes by default, as a class-path resource. */
    static final String RESOURCE = "/dev/vectorgrad/examples/pytorch/sine_lstm.safetensors";

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE",
            description = "a file written by examples/python/export_lstm.py [the copy in the resources]")
    Path modelPath;

    @Option(names = "--tolerance", description = "largest absolute difference accepted as equal [${DEFAULT-VALUE}]",
            defaultValue = "1e-5")
    double tolerance;

    public static void main(String[] args) {
        int code = new CommandLine(new FromPyTorch()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the example: status 0 when every difference is within the tolerance, 1 when one is not. */
    @Override
    public Integer call() throws IOException {
        return run() ? 0 : 1;
    }

    /** Loads the model, runs it both ways, prints the differences; returns whether each is within the tolerance. */
    boolean run() throws IOException {
        OptionCheck.nonNegative(spec, "--tolerance", tolerance);
        SafeTensorsFile file = modelPath != null ? SafeTensors.read(modelPath) : readResource();
        String source = modelPath != null ? modelPath.toAbsolutePath().toString() : "resource " + RESOURCE;
        int inputSize = size(file, "input_size");
        int hiddenSize = size(file, "hidden_size");
        int layers = size(file, "num_layers");
        System.out.printf(Locale.ROOT, "loaded %s (saved by PyTorch %s)%n", source,
                file.metadata().getOrDefault("torch_version", "?"));
        System.out.printf(Locale.ROOT, "model: nn.LSTM(%d, %d, num_layers=%d) -> nn.Linear(%d, 1)%n",
                inputSize, hiddenSize, layers, hiddenSize);

        // 1. The same modules as in Python, filled from the state_dict by PyTorch's parameter names.
        Regressor regressor = new Regressor(inputSize, hiddenSize, layers);
        // The file also holds the example's input and outputs: load non-strictly, but every parameter must be there.
        Module.LoadResult loaded = regressor.loadStateDict(file.tensors(), false);   // lstm.weight_ih_l0, ..., head.bias
        if (!loaded.missingKeys().isEmpty()) {
            throw new IllegalArgumentException(source + " lacks " + loaded.missingKeys());
        }
        Lstm lstm = regressor.lstm;
        Linear head = regressor.head;

        // 2. Run the saved input through the whole sequence at once (no tape: inference only).
        Tensor input = file.require("example.input");      // [T, B, 1]
        int steps = input.dim(0);
        int batch = input.dim(1);
        Tensor output;
        SequenceOutput sequence;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            sequence = lstm.forward(input);
            output = head.forward(sequence.output());       // [T, B, 1]
        }

        // 3. The same, one step at a time, as a service would serve it: no allocation per step.
        StepInference model = StepInference.of(lstm);
        StepInference.State state = model.newState(batch);
        float[] x = input.toFloatArray();
        float[] w = head.weight().toFloatArray();
        float bias = (float) head.bias().get(0);
        float[] stepOutput = new float[steps * batch];
        for (int t = 0; t < steps; t++) {
            float[] h = model.step(state, x, t * batch * inputSize);   // [B, H] of the last layer
            for (int b = 0; b < batch; b++) {
                float y = bias;
                for (int j = 0; j < hiddenSize; j++) {
                    y += w[j] * h[b * hiddenSize + j];
                }
                stepOutput[t * batch + b] = y;
            }
        }

        Tensor expected = file.require("example.output");
        System.out.printf(Locale.ROOT, "%ninput: %d sequences of %d steps; first outputs of sequence 0:%n", batch, steps);
        System.out.println("   step       PyTorch          Java");
        for (int t = 0; t < 5; t++) {
            System.out.printf(Locale.ROOT, "  %5d  %12.8f  %12.8f%n", t, expected.get(t * batch), output.get(t * batch));
        }
        double[] diffs = {
            maxAbsDiff(output.toDoubleArray(), expected.toDoubleArray()),
            maxAbsDiff(sequence.state().h().toDoubleArray(), file.require("example.h_n").toDoubleArray()),
            maxAbsDiff(sequence.state().c().toDoubleArray(), file.require("example.c_n").toDoubleArray()),
            maxAbsDiff(toDoubles(stepOutput), expected.toDoubleArray()),
        };
        String[] names = {"output (Lstm.forward)", "h_n", "c_n", "output (StepInference)"};
        System.out.printf(Locale.ROOT, "%nmax |Java - PyTorch| over all %d outputs, float32:%n", expected.size());
        boolean match = true;
        for (int i = 0; i < diffs.length; i++) {
            System.out.printf(Locale.ROOT, "  %-24s %.2e%n", names[i], diffs[i]);
            match &= diffs[i] <= tolerance;
        }
        System.out.printf(Locale.ROOT, "%s: every difference is %s the tolerance %.0e%n",
                match ? "MATCH" : "MISMATCH", match ? "within" : "NOT within", tolerance);
        return match;
    }

    /** The PyTorch module the Python script saved, with the same child names: an LSTM and a linear head. */
    static final class Regressor extends Module {
        final Lstm lstm;
        final Linear head;

        Regressor(int inputSize, int hiddenSize, int layers) {
            lstm = registerModule("lstm", new Lstm(inputSize, hiddenSize, RecurrentOptions.defaults().withLayers(layers)));
            head = registerModule("head", new Linear(hiddenSize, 1));
        }
    }

    /** A size from the file's metadata, where the Python script put the model's configuration. */
    private static int size(SafeTensorsFile file, String key) throws IOException {
        String value = file.metadata().get(key);
        if (value == null) {
            throw new IOException("the safetensors metadata has no '" + key + "' (it has " + file.metadata().keySet()
                    + "); was the file written by examples/python/export_lstm.py?");
        }
        return Integer.parseInt(value);
    }

    private static SafeTensorsFile readResource() throws IOException {
        return SafeTensors.read(Resources.read(FromPyTorch.class, RESOURCE, "examples/python/export_lstm.py"));
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("sizes differ: " + a.length + " and " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double[] toDoubles(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }
}
