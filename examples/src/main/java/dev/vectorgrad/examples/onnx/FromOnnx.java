package dev.vectorgrad.examples.onnx;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.OptionCheck;
import dev.vectorgrad.examples.common.Resources;
import dev.vectorgrad.examples.common.SideBySide;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import dev.vectorgrad.interop.onnx.OnnxIr;
import dev.vectorgrad.interop.onnx.OnnxLimits;
import dev.vectorgrad.interop.onnx.OnnxModel;
import dev.vectorgrad.interop.onnx.OnnxReader;
import dev.vectorgrad.interop.onnx.OnnxTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * From PyTorch to the JVM through ONNX: loads the 2-layer bidirectional GRU + Linear that
 * {@code examples/python/export_gru_onnx.py} exported with {@code torch.onnx.export}, runs it on the input saved
 * beside it, and prints its outputs next to PyTorch's.
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.onnx.FromOnnx
 * </pre>
 * Unlike {@code FromPyTorch}, nothing here rebuilds the architecture: the graph comes from the file. With no
 * {@code --model} it loads the copy shipped in this module's resources, so it runs without PyTorch installed.
 *
 * <p>The default tolerance, 1e-5 absolute, sits between the two kinds of difference. Two float32 implementations
 * that sum the same products in different orders differ by rounding: 6e-8 here, on outputs below 0.4 (float32's
 * epsilon is 1.2e-7). A mapping error is far larger: with PyTorch, swapping the r and z gate blocks of one GRU
 * weight matrix of this model moves its outputs by 1.2e-2 to 4.6e-2, and adding 0.01 to a single recurrent
 * weight moves them by 1.6e-5.
 */
@Command(name = "FromOnnx", sortOptions = false,
        description = {"Loads a PyTorch model exported to ONNX, runs it, and compares its outputs with PyTorch's.",
            "The default tolerance, 1e-5, is far above float32's rounding (6e-8 on the shipped model) and below"
                + " what a mapping error gives (swapped GRU gates: 1e-2; one weight off by 0.01: 1.6e-5)."})
public final class FromOnnx implements Callable<Integer> {

    /** The model the Python script writes by default, as a class-path resource. */
    static final String RESOURCE = "/dev/vectorgrad/examples/onnx/gru_linear.onnx";
    /** The script that writes the shipped files. */
    private static final String SCRIPT = "examples/python/export_gru_onnx.py";

    /** Elements printed from the start and from the end of each output. */
    private static final int SHOWN = 4;

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE",
            description = "an .onnx file written by examples/python/export_gru_onnx.py, its input and PyTorch's"
                    + " outputs in the .safetensors file of the same name beside it [the copy in the resources]")
    Path modelPath;

    @Option(names = "--tolerance", description = "largest absolute difference accepted as equal [${DEFAULT-VALUE}]",
            defaultValue = "1e-5")
    double tolerance;

    public static void main(String[] args) {
        int code = new CommandLine(new FromOnnx()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the example: status 0 when every difference is within the tolerance, 1 when one is not. */
    @Override
    public Integer call() throws IOException {
        return run() ? 0 : 1;
    }

    /** Loads the model, runs it, prints the outputs beside PyTorch's; returns whether all are within the tolerance. */
    boolean run() throws IOException {
        OptionCheck.nonNegative(spec, "--tolerance", tolerance);
        String source;
        OnnxModel model;
        SafeTensorsFile example;
        if (modelPath != null) {
            if (!modelPath.toString().endsWith(".onnx")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid value for option '--model': expected a file ending in .onnx, got " + modelPath);
            }
            source = modelPath.toAbsolutePath().toString();
            model = OnnxModel.load(modelPath);
            example = SafeTensors.read(dataFileOf(modelPath));
        } else {
            source = "resource " + RESOURCE;
            model = OnnxModel.of(OnnxReader.read(Resources.read(FromOnnx.class, RESOURCE, SCRIPT), OnnxLimits.defaults(),
                    null));
            example = SafeTensors.read(Resources.read(FromOnnx.class, dataFileOf(RESOURCE), SCRIPT));
        }
        System.out.printf(Locale.ROOT, "loaded %s%n", source);
        describe(model);

        // 1. The graph's inputs from the example file ("in.<input name>"), as ONNX tensors; then one whole run.
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        for (String name : model.inputNames()) {
            if (!model.ir().graph().initializers().containsKey(name)) {
                inputs.put(name, OnnxTensor.of(example.require("in." + name)));
            }
        }
        Map<String, OnnxTensor> outputs = model.run(inputs);

        // 2. Each output beside PyTorch's ("out.<output name>").
        boolean match = true;
        for (Map.Entry<String, OnnxTensor> output : outputs.entrySet()) {
            Tensor expected = example.require("out." + output.getKey());
            match &= compare(output.getKey(), expected, output.getValue());
        }

        // 3. Step inference carries each recurrent node's state from call to call; it needs forward-only nodes.
        try {
            model.stepper();
            System.out.println("\nstep inference: this graph could also run one step per call (OnnxModel.stepper())");
        } catch (UnsupportedOperationException e) {
            System.out.printf(Locale.ROOT, "%nstep inference: not for this graph (%s)%n", e.getMessage());
        }

        System.out.printf(Locale.ROOT, "%s: every difference is %s the tolerance %.0e%n",
                match ? "MATCH" : "MISMATCH", match ? "within" : "NOT within", tolerance);
        return match;
    }

    /** Prints the opset, the declared inputs and outputs, the weights and how many nodes of each operator. */
    private static void describe(OnnxModel model) {
        OnnxIr.Model ir = model.ir();
        OnnxIr.Graph graph = ir.graph();
        System.out.printf(Locale.ROOT, "graph: produced by %s, opset %d, %d nodes%n",
                ir.producerName().isEmpty() ? "?" : ir.producerName(), model.opset(), graph.nodes().size());
        for (OnnxIr.ValueInfo value : graph.inputs()) {
            if (!graph.initializers().containsKey(value.name())) {
                System.out.printf(Locale.ROOT, "  input   %-6s %s%n", value.name(), shape(value));
            }
        }
        for (OnnxIr.ValueInfo value : graph.outputs()) {
            System.out.printf(Locale.ROOT, "  output  %-6s %s%n", value.name(), shape(value));
        }
        long weights = 0;
        for (OnnxTensor initializer : graph.initializers().values()) {
            weights += initializer.size();
        }
        System.out.printf(Locale.ROOT, "  %d initializers, %d numbers%n", graph.initializers().size(), weights);
        Map<String, Integer> counts = new TreeMap<>();
        for (OnnxIr.Node node : graph.nodes()) {
            counts.merge(node.opType(), 1, Integer::sum);
        }
        List<String> ops = new ArrayList<>();
        counts.forEach((op, n) -> ops.add(n + " " + op));
        System.out.printf(Locale.ROOT, "  operators: %s%n", String.join(", ", ops));
    }

    /** A declared shape, symbolic dimensions by name: {@code [batch, time, 8]}. */
    private static String shape(OnnxIr.ValueInfo value) {
        if (value.shape() == null) {
            return "(shape not declared)";
        }
        List<String> dims = new ArrayList<>();
        for (OnnxIr.Dim dim : value.shape()) {
            dims.add(dim.param() != null ? dim.param() : Long.toString(dim.value()));
        }
        return dims.toString();
    }

    /** Prints the first and last elements of one output beside PyTorch's and the largest difference. */
    private boolean compare(String name, Tensor expected, OnnxTensor actual) {
        int[] shape = actual.shape();
        if (!Arrays.equals(shape, expected.shape())) {
            throw new IllegalStateException("output " + name + " has the shape " + Arrays.toString(shape)
                    + ", PyTorch's " + Arrays.toString(expected.shape()));
        }
        double[] want = expected.toDoubleArray();
        float[] got = actual.floats();
        System.out.printf(Locale.ROOT, "%noutput %s %s, first and last elements:%n", name,
                Arrays.toString(shape));
        SideBySide.header("PyTorch");
        for (int i = 0; i < want.length; i++) {
            if (i < SHOWN || i >= want.length - SHOWN) {
                SideBySide.row(i, shape, want[i], got[i]);
            } else if (i == SHOWN) {
                System.out.println("  ...");
            }
        }
        double max = SideBySide.maxDifference("PyTorch", want, i -> got[i]);
        return max <= tolerance;
    }

    /** The example data beside a model: {@code gru_linear.onnx} -> {@code gru_linear.safetensors}. */
    static String dataFileOf(String model) {
        if (!model.endsWith(".onnx")) {
            throw new IllegalArgumentException("expected a file ending in .onnx, got " + model);
        }
        return model.substring(0, model.length() - ".onnx".length()) + ".safetensors";
    }

    private static Path dataFileOf(Path model) {
        return model.resolveSibling(dataFileOf(model.getFileName().toString()));
    }
}
