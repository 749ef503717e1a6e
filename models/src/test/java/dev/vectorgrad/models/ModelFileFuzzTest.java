package dev.vectorgrad.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.SimpleRNN;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jazzer fuzz test of the whole-model file reader ({@link Sequential#loadModel}) on the part a file's author
 * controls beyond the safetensors container (fuzzed on its own in {@code formats}): the architecture JSON. Each
 * input is used as the {@code model_config} metadata of a file whose weights are those of a small SimpleRNN + Dense
 * model. Under {@code mvn test} it runs the committed inputs in
 * {@code src/test/resources/dev/vectorgrad/models/ModelFileFuzzTestInputs/load/} (valid configs of every layer
 * class, and configs that claim huge layers, odd shapes or broken values); with {@code JAZZER_FUZZ=1} Jazzer
 * mutates them (see {@code formats/FUZZING.md} for the commands).
 *
 * <p>For every input the reader returns a model, which saves and loads again to the same config, or throws
 * {@link IOException} naming the file: never another exception or error, and it allocates at most {@link #ALLOCATION_BUDGET} bytes on its thread, so what a config claims cannot exhaust
 * memory (a config may describe at most {@link ModelFile#WEIGHT_ALLOWANCE} more weights than the file holds).
 */
class ModelFileFuzzTest {

    /**
     * Bytes one load may allocate: the allowance's weights (4 MiB of floats) made, initialised (an orthogonal
     * recurrent kernel factorises a copy) and mapped several times over, plus the small file's own reading.
     */
    static final long ALLOCATION_BUDGET = 64L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The weights of {@code Input(5, 2) -> SimpleRNN(6) -> Dense(1)}, as a saved model holds them. */
    private static final Map<String, Tensor> WEIGHTS = new LinkedHashMap<>(
            new Sequential(new Input(5, 2), SimpleRNN.builder(6).seed(1).build(), Dense.builder(1).seed(2).build())
                    .stateDict());

    @FuzzTest(maxDuration = "5m")
    void load(byte[] input) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelFile.FORMAT, ModelFile.FORMAT_NAME);
        meta.put(ModelFile.VERSION, ModelFile.CURRENT_VERSION);
        meta.put(ModelFile.MODEL_CONFIG, new String(input, StandardCharsets.UTF_8));
        byte[] file = SafeTensors.toBytes(WEIGHTS, meta);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            Sequential model = ModelFile.load(SafeTensors.read(file), "fuzz input");
            // What loads must save and load again, to a model with the same layers.
            Sequential again = ModelFile.load(SafeTensors.read(SafeTensors.toBytes(model.stateDict(),
                    ModelFile.metadata(model))), "fuzz input, saved again");
            assertEquals(model.modelConfig(), again.modelConfig());
        } catch (IOException expected) {
            // The documented failure: a message naming what is wrong.
            assertTrue(expected.getMessage() != null && expected.getMessage().startsWith("fuzz input"),
                    expected::getMessage);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= ALLOCATION_BUDGET, () -> "allocated " + allocated + " bytes loading config "
                + new String(input, StandardCharsets.UTF_8));
    }
}
