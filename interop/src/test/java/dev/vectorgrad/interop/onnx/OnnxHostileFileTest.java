package dev.vectorgrad.interop.onnx;

import static dev.vectorgrad.interop.onnx.OnnxBytes.floatTensor;
import static dev.vectorgrad.interop.onnx.OnnxBytes.intAttribute;
import static dev.vectorgrad.interop.onnx.OnnxBytes.node;
import static dev.vectorgrad.interop.onnx.OnnxBytes.oneNode;
import static dev.vectorgrad.interop.onnx.OnnxBytes.valueInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken files: each fails with an {@link OnnxFormatException} whose message says what was expected and
 * what was found, fast, with no OutOfMemoryError and no other exception type.
 */
class OnnxHostileFileTest {

    private static OnnxFormatException rejected(byte[] file) {
        return assertThrows(OnnxFormatException.class, () -> OnnxModel.of(OnnxReader.read(file,
                OnnxLimits.defaults(), null)));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + p + "' not in: " + e.getMessage());
        }
    }

    @Test
    void aTruncatedFileFailsCleanlyAtEveryLength() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.file("torch_gru2bi_linear_op17.onnx"));
        int failures = 0;
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            try {
                OnnxModel.of(OnnxReader.read(cut, OnnxLimits.defaults(), null));
            } catch (OnnxFormatException e) {
                failures++;
            }
        }
        // a cut at a field boundary of the top-level message can leave a valid smaller model (e.g. just before the
        // opset import it still lacks the opset, so even that fails); no cut may give another exception type
        assertEquals(whole.length, failures);
        assertMentions(rejected(Arrays.copyOf(whole, whole.length - 1)), "truncated");
    }

    @Test
    void aKilobyteFileClaimingATrillionElementsFailsFast() {
        byte[] huge = OnnxBytes.tensor("W", 1, new long[] {1_000_000, 1_000_000}, new byte[16]);
        byte[] file = oneNode(17, node("Add", "add", List.of("x", "W"), List.of("y")), huge);
        assertTrue(file.length <= 1024, "file of " + file.length + " bytes");
        OnnxFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> rejected(file));
        assertMentions(e, "initializer", "'W'", "[1000000, 1000000]", "OnnxLimits.maxTensorElements");
    }

    @Test
    void aClaimWithinTheLimitsIsCheckedAgainstTheBytesPresent() {
        // 1.6e9 elements claimed, under a raised cap, 16 bytes present: refused before any array is made
        byte[] file = oneNode(17, node("Add", "add", List.of("x", "W"), List.of("y")),
                OnnxBytes.tensor("W", 1, new long[] {40_000, 40_000}, new byte[16]));
        OnnxLimits generous = OnnxLimits.defaults().withMaxTensorElements(Integer.MAX_VALUE);
        OnnxFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThrows(OnnxFormatException.class, () -> OnnxReader.read(file, generous, null)));
        assertMentions(e, "'W'", "needs 6400000000 bytes of data, found 16");
    }

    @Test
    void aCycleIsAnError() {
        byte[] a = node("Relu", "a", List.of("b_out"), List.of("a_out"));
        byte[] b = node("Relu", "b", List.of("a_out"), List.of("b_out"));
        byte[] y = node("Identity", "out", List.of("a_out"), List.of("y"));
        byte[] file = OnnxBytes.model(17, OnnxBytes.graph(List.of(a, b, y), List.of(), List.of(valueInfo("x", 1)),
                List.of(valueInfo("y", 1))));
        assertMentions(rejected(file), "cycle", "node 'a' (Relu)", "node 'b' (Relu)");
    }

    @Test
    void aNodeReadingAnUndefinedValueIsAnError() {
        assertMentions(rejected(oneNode(17, node("Relu", "r", List.of("nowhere"), List.of("y")))),
                "node 'r' (Relu) reads 'nowhere'", "no node, initializer or graph input");
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNodeOpsetAndTheSupportedList() {
        OnnxFormatException e = rejected(oneNode(17, node("Conv", "conv1", List.of("x"), List.of("y"))));
        assertMentions(e, "'Conv'", "node 'conv1'", "opset 17", "supported", "GRU", "LSTM", "RNN", "Gemm", "Slice");
        assertEquals(1, e.getMessage().split("unsupported operator").length - 1);
    }

    @Test
    void anOperatorOfAnotherDomainIsUnsupported() {
        byte[] n = OnnxBytes.node("Relu", "custom", List.of("x"), List.of("y"));
        byte[] withDomain = Arrays.copyOf(n, n.length + 2 + "com.example".length());
        withDomain[n.length] = (7 << 3) | 2;
        withDomain[n.length + 1] = (byte) "com.example".length();
        System.arraycopy("com.example".getBytes(StandardCharsets.UTF_8), 0, withDomain, n.length + 2,
                "com.example".length());
        assertMentions(rejected(oneNode(17, withDomain)), "'com.example.Relu'", "node 'custom'");
    }

    @Test
    void anEmptyRequiredInputIsRefused() {
        assertMentions(rejected(oneNode(17, node("Concat", "cat", List.of("x", ""), List.of("y"),
                intAttribute("axis", 0)))), "node 'cat' (Concat)", "required input 1 is empty");
        assertMentions(rejected(oneNode(17, node("Gemm", "fc", List.of("x"), List.of("y")))), "1 inputs",
                "Gemm takes 2 to 3");
    }

    @Test
    void opsetsOutsideThirteenToSeventeenAreRefused() {
        assertMentions(rejected(oneNode(12, node("Relu", "r", List.of("x"), List.of("y")))), "opset 12",
                "13 to 17");
        assertMentions(rejected(oneNode(18, node("Relu", "r", List.of("x"), List.of("y")))), "opset 18");
    }

    @Test
    void aGateWeightOfTheWrongShapeIsNamed() {
        // LSTM with hidden_size 4 needs W [1, 16, I]; 12 rows is a GRU's count
        byte[] lstm = node("LSTM", "lstm", List.of("x", "W", "R"), List.of("y"), intAttribute("hidden_size", 4));
        OnnxFormatException e = rejected(oneNode(14, lstm, floatTensor("W", new float[36], 1, 12, 3),
                floatTensor("R", new float[64], 1, 16, 4)));
        assertMentions(e, "node 'lstm' (LSTM)", "W has shape [1, 12, 3]", "expected [1, 16, input_size]");
        e = rejected(oneNode(14, lstm, floatTensor("W", new float[48], 1, 16, 3),
                floatTensor("R", new float[48], 1, 16, 3)));
        assertMentions(e, "R has shape [1, 16, 3]", "expected [1, 16, 4]");
    }

    @Test
    void unsupportedRecurrentAttributesAreRefusedNotIgnored() {
        byte[] clip = node("GRU", "g", List.of("x", "x", "x"), List.of("y"), intAttribute("hidden_size", 2),
                OnnxBytes.tensorAttribute("clip", floatTensor("c", new float[] {1}, 1)));
        assertMentions(rejected(oneNode(14, clip)), "node 'g' (GRU)", "'clip'");
        byte[] acts = node("LSTM", "l", List.of("x", "x", "x"), List.of("y"), intAttribute("hidden_size", 2),
                intAttribute("input_forget", 1));
        assertMentions(rejected(oneNode(14, acts)), "input_forget");
    }

    @Test
    void externalDataMayNotLeaveTheModelsDirectory(@TempDir Path tmp) throws Exception {
        Path models = Files.createDirectories(tmp.resolve("models"));
        Files.write(tmp.resolve("secret.bin"), new byte[64]);
        for (String location : List.of("../secret.bin", tmp.resolve("secret.bin").toString(), "a/../../secret.bin")) {
            byte[] w = OnnxBytes.externalTensor("W", 1, new long[] {4}, Map.of("location", location));
            Path file = models.resolve("m.onnx");
            Files.write(file, oneNode(17, node("Add", "add", List.of("x", "W"), List.of("y")), w));
            OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxReader.read(file));
            assertMentions(e, "'W'", location, "outside the model's directory");
        }
    }

    @Test
    void externalDataThroughALinkOutsideIsRefused(@TempDir Path tmp) throws Exception {
        Path models = Files.createDirectories(tmp.resolve("models"));
        Path secret = Files.write(tmp.resolve("secret.bin"), new byte[64]);
        Files.createSymbolicLink(models.resolve("link.bin"), secret);
        byte[] w = OnnxBytes.externalTensor("W", 1, new long[] {4}, Map.of("location", "link.bin"));
        Path file = models.resolve("m.onnx");
        Files.write(file, oneNode(17, node("Add", "add", List.of("x", "W"), List.of("y")), w));
        assertMentions(assertThrows(OnnxFormatException.class, () -> OnnxReader.read(file)), "link", "outside");
    }

    @Test
    void externalDataMustHoldWhatTheShapeNeeds(@TempDir Path tmp) throws Exception {
        Files.write(tmp.resolve("w.bin"), new byte[20]);
        Path file = tmp.resolve("m.onnx");
        Map<String, Map<String, String>> cases = Map.of(
                "external data length 8, the shape needs 16 bytes", Map.of("location", "w.bin", "length", "8"),
                "needs bytes 8 to 24 of w.bin, which has 20", Map.of("location", "w.bin", "offset", "8"),
                "does not exist", Map.of("location", "missing.bin"),
                "'-1' is not a non-negative integer", Map.of("location", "w.bin", "offset", "-1"));
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            byte[] w = OnnxBytes.externalTensor("W", 1, new long[] {4}, c.getValue());
            Files.write(file, oneNode(17, node("Add", "add", List.of("x", "W"), List.of("y")), w));
            assertMentions(assertThrows(OnnxFormatException.class, () -> OnnxReader.read(file)), c.getKey());
        }
        byte[] w = OnnxBytes.externalTensor("W", 1, new long[] {4}, Map.of("location", "w.bin", "offset", "4"));
        assertMentions(assertThrows(OnnxFormatException.class, () -> OnnxReader.read(oneNode(17,
                node("Add", "add", List.of("x", "W"), List.of("y")), w), OnnxLimits.defaults(), null)),
                "read from bytes");
    }

    @Test
    void rawDataOfTheWrongLengthIsNamed() {
        assertMentions(rejected(oneNode(17, node("Add", "add", List.of("x", "W"), List.of("y")),
                OnnxBytes.tensor("W", 1, new long[] {2, 3}, new byte[20]))),
                "'W'", "FLOAT [2, 3] needs 24 bytes of data, found 20");
    }

    @Test
    void anUnsupportedDataTypeIsNamed() {
        assertMentions(rejected(oneNode(17, node("Add", "add", List.of("x", "W"), List.of("y")),
                OnnxBytes.tensor("W", 10, new long[] {2}, new byte[4]))), "data_type 10 is not supported");
    }

    @Test
    void protobufGroupsAndSubGraphsAreRefused() {
        // field 1, wire type 3 (start group): ONNX never uses groups; skipping them would recurse
        assertMentions(rejected(new byte[] {0x0B, 0x0B, 0x0B, 0x0B}), "wire type 3");
        byte[] subgraph = new byte[] {0x0A, 0x01, 'g', 0x32, 0x00};   // name "g", field 6 (g), empty
        assertMentions(rejected(oneNode(17, node("Relu", "r", List.of("x"), List.of("y"), subgraph))),
                "sub-graph");
    }

    @Test
    void notAnOnnxFileIsRefused() {
        assertThrows(OnnxFormatException.class, () -> OnnxReader.read(
                "{\"this\": \"is json\"}".getBytes(StandardCharsets.UTF_8), OnnxLimits.defaults(), null));
        assertMentions(rejected(new byte[0]), "no graph");
    }

    @Test
    void countsOverTheLimitsAreRefused() {
        byte[] file = OnnxBytes.model(17, OnnxBytes.graph(List.of(node("Relu", "a", List.of("x"), List.of("t")),
                node("Relu", "b", List.of("t"), List.of("y"))), List.of(), List.of(valueInfo("x", 1)),
                List.of(valueInfo("y", 1))));
        assertMentions(assertThrows(OnnxFormatException.class, () -> OnnxReader.read(file,
                OnnxLimits.defaults().withMaxNodes(1), null)), "more than 1 nodes");
        assertMentions(assertThrows(OnnxFormatException.class, () -> OnnxReader.read(file,
                OnnxLimits.defaults().withMaxStringBytes(1), null)), "OnnxLimits.maxStringBytes");
        assertMentions(assertThrows(OnnxFormatException.class, () -> OnnxReader.read(file,
                OnnxLimits.defaults().withMaxFileBytes(10), null)), "maxFileBytes");
    }

    @Test
    void aComputedShapeOverTheLimitFailsAtRunTimeWithoutAllocating() throws Exception {
        // ConstantOfShape of the input's values: a hostile model can ask for 10^12 elements at run time
        byte[] n = node("ConstantOfShape", "big", List.of("x"), List.of("y"));
        byte[] file = OnnxBytes.model(17, OnnxBytes.graph(List.of(n), List.of(), List.of(valueInfo("x", 7)),
                List.of(valueInfo("y", 1))));
        OnnxModel model = OnnxModel.of(OnnxReader.read(file, OnnxLimits.defaults(), null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.run(Map.of("x", OnnxTensor.ofLongs(new long[] {1_000_000, 1_000_000}, 2))));
        assertMentions(e, "node 'big' (ConstantOfShape)", "OnnxLimits.maxTensorElements");
    }

    @Test
    void wrongInputsAreNamedAtRunTime() throws Exception {
        OnnxModel model = OnnxModel.load(Fixtures.file("torch_lstm_1l_op13.onnx"));
        assertMentions(assertThrows(IllegalArgumentException.class, () -> model.run(Map.of())),
                "graph input 'x' is not given");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> model.run(Map.of("x",
                OnnxTensor.ofFloats(new float[8], 2, 2, 2)))), "declared with shape [time, batch, 3]");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> model.run(Map.of("x",
                OnnxTensor.ofLongs(new long[6], 1, 2, 3)))), "data type 1");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> model.run(Map.of("z",
                OnnxTensor.ofFloats(new float[6], 1, 2, 3)))), "'z' is not a graph input");
    }
}
