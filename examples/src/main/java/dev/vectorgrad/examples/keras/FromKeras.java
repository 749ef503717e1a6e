package dev.vectorgrad.examples.keras;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.OptionCheck;
import dev.vectorgrad.examples.common.Resources;
import dev.vectorgrad.examples.common.SideBySide;
import dev.vectorgrad.formats.json.Json;
import dev.vectorgrad.formats.json.JsonException;
import dev.vectorgrad.formats.json.JsonObject;
import dev.vectorgrad.formats.json.JsonValue;
import dev.vectorgrad.interop.keras.KerasFormatException;
import dev.vectorgrad.interop.keras.KerasImport;
import dev.vectorgrad.models.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * From Keras to the JVM: loads a Keras {@code Sequential} model file with {@link KerasImport#load}, prints its
 * {@code summary()}, runs {@code predict} on the input saved beside it and prints the predictions next to the
 * reference's.
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.keras.FromKeras
 * </pre>
 * With no {@code --model} it loads the shipped {@code bidirectional.keras} (or, with {@code --h5}, the same model as
 * a legacy {@code .h5} file): Bidirectional(LSTM(4)), Bidirectional(GRU(3), sum), Dense(2), written by
 * {@code examples/python/export_keras.py}.
 *
 * <p><b>What the reference is.</b> Keras cannot be installed here, so neither the file nor the expected output comes
 * from Keras: the script lays the file out with h5py as Keras's saving code does, and computes the expected output
 * with the project's own float64 NumPy implementation of Keras's documented equations
 * ({@code interop/src/test/python/keras_fixtures.py}), which shares no code with the Java side.
 *
 * <p><b>The tolerance.</b> The default, 1e-5 absolute, sits between the two kinds of difference. The weights and
 * the input are float32 values and the reference is float64 on the same values, so a correct import differs by
 * vectorgrad's float32 rounding alone: 1.8e-8 here, on outputs below 0.25. A mapping error is far larger: with the
 * NumPy reference, swapping the input and forget gate blocks of the first LSTM's kernel moves the outputs by 4.5e-2,
 * and adding 0.01 to a single recurrent weight moves them by 1.9e-5 (the script prints both).
 *
 * <p>{@code --model FILE} loads another Keras file. Its reference is the JSON file named after the model file up to
 * its first dot ({@code m.tf213.keras} and {@code m.h5} share {@code m.json}), as the script and the importer's
 * fixtures write it: {@code {"input": {"shape", "data"}, "output": {"shape", "data"}}}. With no such file beside
 * it, the program prints the summary and the predictions for a zero input of one sample (a size the model leaves
 * open, such as the number of steps, taken as 1), compares nothing and ends with status 0.
 */
@Command(name = "FromKeras", sortOptions = false,
        description = {"Loads a Keras model file (.keras or legacy .h5), prints its summary, runs predict and"
                + " compares the predictions with the reference beside it.",
            "The reference is the project's own float64 NumPy implementation of Keras's equations, on a file laid"
                + " out as Keras saves one (not Keras itself, which cannot be installed here).",
            "The default tolerance, 1e-5, is far above float32's rounding (1.8e-8 on the shipped model) and below"
                + " what a mapping error gives (swapped LSTM gates: 4.5e-2; one weight off by 0.01: 1.9e-5)."})
public final class FromKeras implements Callable<Integer> {

    /** The directory of the shipped model files, as a class-path resource. */
    static final String RESOURCES = "/dev/vectorgrad/examples/keras/";
    /** The script that writes the shipped files. */
    private static final String SCRIPT = "examples/python/export_keras.py";

    /** The shipped model's name: its files are {@code bidirectional.keras}, {@code .h5} and {@code .json}. */
    static final String SHIPPED = "bidirectional";

    /** Samples printed, and elements printed of each. */
    private static final int ROWS = 4;
    private static final int COLUMNS = 4;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE",
            description = "a .keras or .h5 Keras file; its reference, if any, is <name up to the first dot>.json"
                    + " beside it [the shipped bidirectional.keras]")
    Path modelPath;

    @Option(names = "--h5", description = "load the shipped model's legacy .h5 copy instead of its .keras file")
    boolean h5;

    @Option(names = "--tolerance", description = "largest absolute difference accepted as equal [${DEFAULT-VALUE}]",
            defaultValue = "1e-5")
    double tolerance;

    public static void main(String[] args) {
        int code = new CommandLine(new FromKeras()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the example: status 0 when every difference is within the tolerance, 1 when one is not. */
    @Override
    public Integer call() throws IOException {
        return run() ? 0 : 1;
    }

    /** Loads the model, prints its summary, predicts and compares; returns whether all are within the tolerance. */
    boolean run() throws IOException {
        OptionCheck.nonNegative(spec, "--tolerance", tolerance);
        String source;
        Sequential model;
        byte[] reference;
        if (modelPath != null) {
            if (h5) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--h5 picks the shipped model's .h5 copy; it cannot go with --model " + modelPath);
            }
            source = modelPath.toAbsolutePath().toString();
            model = load(modelPath);
            Path referencePath = modelPath.resolveSibling(referenceOf(modelPath.getFileName().toString()));
            reference = Files.isRegularFile(referencePath) ? Files.readAllBytes(referencePath) : null;
            if (reference == null) {
                source += "\nno reference beside it (" + referencePath + ")";
            }
        } else {
            String file = SHIPPED + (h5 ? ".h5" : ".keras");
            source = "resource " + RESOURCES + file;
            Path copy = Files.createTempFile("FromKeras-", "-" + file);
            try {
                Files.write(copy, Resources.read(FromKeras.class, RESOURCES + file, SCRIPT));
                model = KerasImport.load(copy);
            } finally {
                Files.delete(copy);
            }
            reference = Resources.read(FromKeras.class, RESOURCES + referenceOf(file), SCRIPT);
        }
        System.out.printf(Locale.ROOT, "loaded %s%n", source);
        System.out.println(model.summary());

        if (reference == null) {
            predictZeros(model);
            return true;
        }
        System.out.println("reference: the project's own float64 NumPy implementation of Keras's equations"
                + " (interop/src/test/python/keras_fixtures.py),");
        System.out.println("  not Keras, which cannot be installed here; that script laid the file out as Keras"
                + " saves one");
        JsonObject data = parseReference(reference);
        Reference input = read(data, "input");
        Reference want = read(data, "output");
        float[] xs = new float[input.data().length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) input.data()[i];
        }
        Tensor y = model.predict(Tensor.of(xs, input.shape()));
        if (!Arrays.equals(y.shape(), want.shape())) {
            throw new IllegalStateException("the prediction has the shape " + Arrays.toString(y.shape())
                    + ", the reference's " + Arrays.toString(want.shape()));
        }
        boolean match = compare(input.shape(), want.data(), y);
        System.out.printf(Locale.ROOT, "%s: every difference is %s the tolerance %.0e%n",
                match ? "MATCH" : "MISMATCH", match ? "within" : "NOT within", tolerance);
        return match;
    }

    /** The Keras file given with {@code --model}, or a usage error saying why the importer refused it. */
    private Sequential load(Path file) throws IOException {
        try {
            return KerasImport.load(file);
        } catch (KerasFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--model': " + e.getMessage(), e);
        }
    }

    /** Prints the predictions for one zero sample of the model's input shape (open sizes taken as 1). */
    private static void predictZeros(Sequential model) {
        int[] sample = model.inputShape();
        int[] shape = new int[sample.length + 1];
        shape[0] = 1;
        for (int d = 0; d < sample.length; d++) {
            shape[d + 1] = sample[d] == -1 ? 1 : sample[d];
        }
        Tensor y = model.predict(Tensor.of(new float[size(shape)], shape));
        System.out.printf(Locale.ROOT, "predictions for a zero input %s, output %s, nothing to compare with:%n",
                Arrays.toString(shape), Arrays.toString(y.shape()));
        int shown = Math.min(COLUMNS * ROWS, y.size());
        for (int i = 0; i < shown; i++) {
            System.out.printf(Locale.ROOT, "  %-12s %12.8f%n", SideBySide.index(i, y.shape()), y.get(i));
        }
        if (shown < y.size()) {
            System.out.printf(Locale.ROOT, "  ... (%d more)%n", y.size() - shown);
        }
    }

    /** Prints the first elements of the first samples beside the reference, and the largest difference. */
    private boolean compare(int[] inputShape, double[] want, Tensor y) {
        int[] shape = y.shape();
        int rows = shape[0];
        int perRow = y.size() / rows;
        System.out.printf(Locale.ROOT, "%ninput %s, output %s; the first %d samples:%n", Arrays.toString(inputShape),
                Arrays.toString(shape), Math.min(ROWS, rows));
        SideBySide.header("reference");
        for (int r = 0; r < Math.min(ROWS, rows); r++) {
            for (int c = 0; c < Math.min(COLUMNS, perRow); c++) {
                int i = r * perRow + c;
                SideBySide.row(i, shape, want[i], y.get(i));
            }
            if (perRow > COLUMNS) {
                System.out.printf(Locale.ROOT, "  ... (%d more in this sample)%n", perRow - COLUMNS);
            }
        }
        if (rows > ROWS) {
            System.out.printf(Locale.ROOT, "  ... (%d more samples)%n", rows - ROWS);
        }
        double max = SideBySide.maxDifference("reference", want, y::get);
        return max <= tolerance;
    }

    private static JsonObject parseReference(byte[] json) {
        try {
            return Json.parse(json).asObject();
        } catch (JsonException e) {
            throw new IllegalStateException("the reference file is not the expected JSON object: " + e.getMessage(), e);
        }
    }

    /** A tensor of the reference file, kept in float64: {@code {"shape": [...], "data": [...]}}. */
    private record Reference(int[] shape, double[] data) {
    }

    /** The tensor at {@code key} of the reference file, a batch {@code [samples, ...]}. */
    private static Reference read(JsonObject data, String key) {
        try {
            JsonObject t = data.getObject(key);
            List<JsonValue> dims = t.getArray("shape").elements();
            int[] shape = new int[dims.size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = dims.get(d).asInt();
            }
            List<JsonValue> values = t.getArray("data").elements();
            if (shape.length < 2 || values.size() != size(shape)) {
                throw new IllegalStateException("the reference's " + key + " has the shape " + Arrays.toString(shape)
                        + " (a batch [samples, ...] expected) and " + values.size() + " numbers");
            }
            double[] numbers = new double[values.size()];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = values.get(i).asDouble();
            }
            return new Reference(shape, numbers);
        } catch (JsonException e) {
            throw new IllegalStateException("the reference's " + key + ": " + e.getMessage(), e);
        }
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalStateException("a size " + d + " in the shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The reference beside a model file: its name up to the first dot, then {@code .json}. */
    static String referenceOf(String modelFile) {
        int dot = modelFile.indexOf('.');
        return (dot < 0 ? modelFile : modelFile.substring(0, dot)) + ".json";
    }
}
