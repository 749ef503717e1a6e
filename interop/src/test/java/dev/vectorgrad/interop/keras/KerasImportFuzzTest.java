package dev.vectorgrad.interop.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Jazzer fuzz tests of {@link KerasImport#load}: {@link #config} puts each input as {@code config.json} into a
 * {@code .keras} zip that holds the {@code embedding_lstm} fixture's metadata and weights (the architecture path:
 * JSON, layer configs, the weight count check, the weights' placement); {@link #file} takes each input as the whole
 * file (zip directories, and jHDF on fuzzed HDF5 structures). Under {@code mvn verify} they run the committed inputs
 * in {@code src/test/resources/dev/vectorgrad/interop/keras/KerasImportFuzzTestInputs/} (every fixture's config in
 * both dialects, broken and oversized configs; small {@code .keras} and {@code .h5} files, one claiming a 10^12-element
 * tensor); with {@code JAZZER_FUZZ=1} Jazzer mutates them.
 *
 * <p>For every input the importer returns a model or throws {@link KerasFormatException} naming the file, never
 * another exception or error, and allocates at most {@link #ALLOCATION_BUDGET} bytes on its thread.
 */
class KerasImportFuzzTest {

    /**
     * Bytes one load may allocate: a config may describe at most 1 Mi weight elements more than the small file
     * holds (4 MiB of floats, made, initialised and mapped several times over), plus the reading of the file.
     */
    static final long ALLOCATION_BUDGET = 64L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        // Loads (and so lets Jazzer instrument) the importer's classes once, outside the measured loads: the
        // instrumentation of a class allocates on the thread that first loads it.
        try {
            for (String name : new String[] {"bidirectional.keras", "time_distributed.tf213.keras", "conv.h5",
                    "gru_reset_before.h5", "embedding_lstm.keras"}) {
                KerasImport.load(KerasImportTest.DIR.resolve(name));
            }
            for (String name : new String[] {"hostile_wrong_dtype.keras", "hostile_huge_claim.h5",
                    "hostile_unknown_layer.keras", "hostile_config_mismatch.h5"}) {
                try {
                    KerasImport.load(KerasImportTest.DIR.resolve(name));
                } catch (KerasFormatException expected) {
                    // warm-up of the error paths
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the fixtures must load", e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void config(byte[] input) throws IOException {
        Path file = Files.createTempFile("keras-fuzz-", ".keras");
        try {
            try (ZipFile good = new ZipFile(KerasImportTest.DIR.resolve("embedding_lstm.keras").toFile());
                 ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
                out.putNextEntry(new ZipEntry(KerasZip.CONFIG));
                out.write(input);
                for (String name : new String[] {KerasZip.METADATA, KerasZip.WEIGHTS}) {
                    out.putNextEntry(new ZipEntry(name));
                    out.write(good.getInputStream(good.getEntry(name)).readAllBytes());
                }
            }
            loadWithinBudget(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void file(byte[] input) throws IOException {
        Path file = Files.write(Files.createTempFile("keras-fuzz-", ".bin"), input);
        try {
            loadWithinBudget(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void loadWithinBudget(Path file) throws IOException {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            KerasImport.load(file);
        } catch (KerasFormatException expected) {
            assertTrue(expected.getMessage() != null && expected.getMessage().startsWith("Keras file " + file),
                    expected::getMessage);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= ALLOCATION_BUDGET, () -> "allocated " + allocated + " bytes loading " + file);
    }
}
