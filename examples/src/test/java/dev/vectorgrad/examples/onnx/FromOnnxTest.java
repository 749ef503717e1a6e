package dev.vectorgrad.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.examples.common.Execution;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FromOnnxTest {

    private static final Pattern MAX_DIFF = Pattern.compile("over all 240 elements: (\\S+) ");

    @Test
    void theShippedOnnxModelGivesPyTorchsOutputs() {
        Run run = run();
        assertEquals(0, run.code(), run.printed());
        // the graph as exported by torch.onnx.export at opset 17: one GRU node per layer (both directions each)
        assertTrue(run.printed().contains("graph: produced by pytorch, opset 17"), run.printed());
        assertTrue(run.printed().contains("input   x      [batch, time, 8]"), run.printed());
        assertTrue(run.printed().contains("output  y      [batch, time, 4]"), run.printed());
        assertTrue(run.printed().contains(" 2 GRU, "), run.printed());
        assertTrue(run.printed().contains("output y [3, 20, 4]"), run.printed());
        // float32 rounding gives some 1e-7 (6e-8 when written); a mapping error gives 1e-5 or more
        double maxDiff = maxDiff(run.printed());
        assertTrue(maxDiff <= 1e-6, "max difference " + maxDiff);
        assertTrue(run.printed().contains("step inference: not for this graph (")
                && run.printed().contains("is bidirectional"), "a bidirectional GRU cannot step: " + run.printed());
        assertTrue(run.printed().endsWith("MATCH: every difference is within the tolerance 1e-05\n"), run.printed());
    }

    @Test
    void aToleranceBelowTheDifferencesEndsWithStatus1() {
        // the float32 differences are about 6e-8, not 0: with a tolerance of 0 the program reports a mismatch
        Run run = run("--tolerance", "0");
        assertEquals(1, run.code(), run.printed());
        assertTrue(run.printed().endsWith("MISMATCH: every difference is NOT within the tolerance 0e+00\n"),
                run.printed());
    }

    @Test
    void aModelFileWithItsDataBesideItLoadsAndAWrongExpectedOutputIsCaught(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("gru.onnx");
        Files.write(model, resource(FromOnnx.RESOURCE));
        byte[] data = resource(FromOnnx.dataFileOf(FromOnnx.RESOURCE));
        Files.write(dir.resolve("gru.safetensors"), data);
        Run good = run("--model", model.toString());
        assertEquals(0, good.code(), good.printed());
        assertTrue(good.printed().startsWith("loaded " + model.toAbsolutePath()), good.printed());

        // one expected element moved by 2e-5, just beyond the tolerance: the comparison must see it
        SafeTensorsFile file = SafeTensors.read(data);
        float[] y = file.require("out.y").toFloatArray();
        y[137] += 2e-5f;
        Map<String, Tensor> tensors = new LinkedHashMap<>(file.tensors());
        tensors.put("out.y", Tensor.of(y, 3, 20, 4));
        SafeTensors.write(dir.resolve("gru.safetensors"), tensors);
        Run bad = run("--model", model.toString());
        assertEquals(1, bad.code(), bad.printed());
        assertTrue(maxDiff(bad.printed()) >= 1.9e-5, bad.printed());
        assertTrue(bad.printed().contains("MISMATCH"), bad.printed());
    }

    @Test
    void helpAndUsageErrors() {
        Execution help = Execution.of(new FromOnnx(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--model=FILE") && help.out().contains("equal [1e-5]"), help.out());
        Execution notOnnx = Execution.of(new FromOnnx(), "--model", "model.safetensors");
        assertEquals(2, notOnnx.code());
        assertTrue(notOnnx.err().startsWith(
                "Invalid value for option '--model': expected a file ending in .onnx, got model.safetensors"),
                notOnnx.err());
        Execution negative = Execution.of(new FromOnnx(), "--tolerance", "-1e-5");
        assertEquals(2, negative.code());
        assertTrue(negative.err().startsWith(
                "Invalid value for option '--tolerance': expected a number of at least 0, got -1.0E-5"), negative.err());
    }

    /** The exit status and what the program printed to standard output. */
    private record Run(int code, String printed) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = Execution.of(new FromOnnx(), args).code();
            return new Run(code, bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        } finally {
            System.setOut(saved);
        }
    }

    private static double maxDiff(String printed) {
        Matcher m = MAX_DIFF.matcher(printed);
        assertTrue(m.find(), printed);
        return Double.parseDouble(m.group(1));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FromOnnx.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
