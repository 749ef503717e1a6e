package dev.vectorgrad.interop.keras;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile files: each fails with a {@link KerasFormatException} whose message names the file and what
 * was expected and found, within seconds and without exhausting memory. The {@code hostile_*} files come from
 * {@code keras_fixtures.py}; zips that are cheaper to build here (bombs, missing entries) are built by the tests.
 */
class KerasHostileFilesTest {

    static final Path DIR = KerasImportTest.DIR;

    @TempDir
    Path tmp;

    private static String fails(Path file, String... expected) {
        KerasFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(KerasFormatException.class, () -> KerasImport.load(file)));
        String message = e.getMessage();
        assertTrue(message.startsWith("Keras file " + file), message);
        for (String part : expected) {
            assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
        }
        return message;
    }

    @Test
    void datasetOfTheWrongType() {
        fails(DIR.resolve("hostile_wrong_dtype.keras"), "layer 'lstm' (LSTM) weight 'kernel'",
                "layers/lstm/cell/vars/0", "expected float32 or float64 [4, 20]");
    }

    @Test
    void wrongShapeForAGateWeight() {
        fails(DIR.resolve("hostile_gate_shape.keras"), "weight 'recurrent_kernel'", "[5, 15], expected [5, 20]");
    }

    @Test
    void configThatDoesNotMatchTheWeights() {
        fails(DIR.resolve("hostile_config_mismatch.keras"), "layer 'lstm' (LSTM) weight 'kernel'", "is [4, 20],"
                + " expected [4, 28]");
        fails(DIR.resolve("hostile_config_mismatch.h5"), "layer 'lstm' (LSTM) weight 'kernel'",
                "is [4, 20], expected [4, 28]");
    }

    @Test
    void missingWeights() {
        fails(DIR.resolve("hostile_missing_vars.keras"), "layer 'lstm_1' (LSTM)", "'layers/lstm_1/cell/vars' is missing");
    }

    @Test
    void hugeClaimedTensorInASmallFile() throws IOException {
        assertTrue(Files.size(DIR.resolve("hostile_huge_claim.h5")) < 16 << 10);
        fails(DIR.resolve("hostile_huge_claim.h5"), "claims", "1000000, 1000000", "cap");
    }

    @Test
    void claimedTensorThatTheFileDoesNotStore() {
        fails(DIR.resolve("hostile_unbacked_claim.h5"), "claims 268435456 elements", "more than the 9200-byte file can hold");
    }

    /** A hard link from a layer's group back to the root is visited once: the file loads, with its own weights. */
    @Test
    void cycleInTheHdf5Tree() throws IOException {
        var cyclic = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> KerasImport.load(DIR.resolve("hostile_cycle.keras")).stateDict());
        var plain = KerasImport.load(DIR.resolve("dense.keras")).stateDict();
        for (var e : plain.entrySet()) {
            assertTrue(Arrays.equals(e.getValue().toFloatArray(), cyclic.get(e.getKey()).toFloatArray()), e.getKey());
        }
    }

    @Test
    void unknownLayer() {
        fails(DIR.resolve("hostile_unknown_layer.keras"), "LayerNormalization", "unknown layer class_name");
    }

    @Test
    void zipBombInTheConfig() throws IOException {
        Path bomb = zip("bomb_config.keras", KerasZip.CONFIG, zeros((16 << 20) + 1), true);
        fails(bomb, "config.json", "times its", "zip bomb");
    }

    @Test
    void zipBombInTheWeights() throws IOException {
        Path bomb = tmp.resolve("bomb_weights.keras");
        try (ZipFile good = new ZipFile(DIR.resolve("dense.keras").toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (String name : new String[] {KerasZip.CONFIG, KerasZip.METADATA}) {
                out.putNextEntry(new ZipEntry(name));
                out.write(good.getInputStream(good.getEntry(name)).readAllBytes());
            }
            out.putNextEntry(new ZipEntry(KerasZip.WEIGHTS));
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 32; i++) {
                out.write(chunk);
            }
        }
        assertTrue(Files.size(bomb) < 1 << 20);
        fails(bomb, "model.weights.h5", "zip bomb");
    }

    @Test
    void tooManyEntries() throws IOException {
        Path many = tmp.resolve("many.keras");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(many))) {
            for (int i = 0; i <= KerasImport.MAX_ZIP_ENTRIES; i++) {
                out.putNextEntry(new ZipEntry("assets/" + i));
            }
        }
        fails(many, (KerasImport.MAX_ZIP_ENTRIES + 1) + " entries", "cap");
    }

    @Test
    void missingEntries() throws IOException {
        for (String missing : new String[] {KerasZip.CONFIG, KerasZip.METADATA, KerasZip.WEIGHTS}) {
            Path file = tmp.resolve("missing_" + missing + ".keras");
            try (ZipFile good = new ZipFile(DIR.resolve("dense.keras").toFile());
                 ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
                for (String name : new String[] {KerasZip.CONFIG, KerasZip.METADATA, KerasZip.WEIGHTS}) {
                    if (!name.equals(missing)) {
                        out.putNextEntry(new ZipEntry(name));
                        out.write(good.getInputStream(good.getEntry(name)).readAllBytes());
                    }
                }
            }
            fails(file, "has no '" + missing + "'");
        }
    }

    @Test
    void configThatIsNotJsonOrNotSequential() throws IOException {
        fails(zip("not_json.keras", KerasZip.CONFIG, "{\"class_name\": ".getBytes(StandardCharsets.UTF_8), false),
                "config.json", "not valid JSON");
        Path functional = tmp.resolve("functional.keras");
        try (ZipFile good = new ZipFile(DIR.resolve("dense.keras").toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(functional))) {
            out.putNextEntry(new ZipEntry(KerasZip.CONFIG));
            out.write("{\"class_name\": \"Functional\", \"config\": {}}".getBytes(StandardCharsets.UTF_8));
            for (String name : new String[] {KerasZip.METADATA, KerasZip.WEIGHTS}) {
                out.putNextEntry(new ZipEntry(name));
                out.write(good.getInputStream(good.getEntry(name)).readAllBytes());
            }
        }
        fails(functional, "'Functional', expected 'Sequential'");
    }

    @Test
    void neitherZipNorHdf5() throws IOException {
        Path text = Files.writeString(tmp.resolve("model.keras"), "not a model");
        fails(text, "neither a .keras zip");
        fails(Files.write(tmp.resolve("empty.h5"), new byte[0]), "neither a .keras zip");
    }

    /**
     * Truncated files (zip directory or HDF5 structures cut off) fail cleanly, or, where the cut only removed
     * unused space at the end (h5py leaves some), load exactly the weights of the whole file: never other numbers.
     */
    @Test
    void truncatedFiles() throws IOException {
        for (String name : new String[] {"bidirectional.keras", "bidirectional.h5"}) {
            byte[] whole = Files.readAllBytes(DIR.resolve(name));
            var reference = KerasImport.load(DIR.resolve(name)).stateDict();
            for (int cut : new int[] {8, 100, 1000, whole.length / 2, whole.length - 1}) {
                Path file = Files.write(tmp.resolve(cut + "_" + name), Arrays.copyOf(whole, cut));
                try {
                    var loaded = KerasImport.load(file).stateDict();
                    for (var e : reference.entrySet()) {
                        assertTrue(Arrays.equals(e.getValue().toFloatArray(), loaded.get(e.getKey()).toFloatArray()),
                                () -> name + " cut at " + cut + ": weight " + e.getKey() + " differs");
                    }
                } catch (KerasFormatException expected) {
                    assertTrue(expected.getMessage().startsWith("Keras file " + file), expected::getMessage);
                }
            }
        }
    }

    @Test
    void weightsOnlyHdf5HasNoArchitecture() throws IOException {
        Path weights = tmp.resolve("model.weights.h5");
        try (ZipFile good = new ZipFile(DIR.resolve("dense.keras").toFile())) {
            Files.write(weights, good.getInputStream(good.getEntry(KerasZip.WEIGHTS)).readAllBytes());
        }
        fails(weights, "without a 'model_config' attribute");
    }

    private Path zip(String fileName, String entry, byte[] data, boolean deflate) throws IOException {
        Path file = tmp.resolve(fileName);
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream out = new ZipOutputStream(os)) {
            out.setLevel(deflate ? 9 : 0);
            out.putNextEntry(new ZipEntry(entry));
            out.write(data);
        }
        return file;
    }

    private static byte[] zeros(int n) {
        return new byte[n];
    }
}
