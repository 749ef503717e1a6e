package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vectorgrad.interop.onnx.OnnxIr.Dim;
import dev.vectorgrad.interop.onnx.OnnxIr.ValueInfo;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jazzer fuzz test of the ONNX reader and loader. Under {@code mvn verify} it is a regression test over the
 * committed inputs in {@code src/test/resources/dev/vectorgrad/interop/onnx/OnnxFuzzTestInputs/read/} (small
 * torch exports and built graphs, a truncated file, protobuf groups, an empty file); with {@code JAZZER_FUZZ=1}
 * Jazzer mutates them, guided by coverage (see {@code formats/FUZZING.md} for the commands).
 *
 * <p>For every input, read with small limits ({@link #LIMITS}) and no directory for external data:
 * <ul>
 *   <li>reading and compiling either give a model or throw {@link OnnxFormatException}, never another exception
 *       or error (an {@code OutOfMemoryError} included), and allocate at most {@link #allocationBudget(int)} bytes
 *       on the reading thread, whatever sizes the file claims;</li>
 *   <li>a model that loads runs on inputs made from its declared inputs (symbolic dimensions 2, floats or
 *       integers 0), returning its outputs or throwing {@link IllegalArgumentException} (bad shapes for the
 *       graph) and nothing else.</li>
 * </ul>
 */
class OnnxFuzzTest {

    static final OnnxLimits LIMITS = OnnxLimits.defaults().withMaxNodes(256).withMaxInitializers(64)
            .withMaxTensorElements(1 << 14).withMaxAttributeValues(1 << 12).withMaxAttributes(32)
            .withMaxStringBytes(1 << 10).withMaxRank(8);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Bytes reading and compiling may allocate: a fixed 32 MiB (exceptions, the protobuf reader, 64 initializers of
     * up to 2^14 elements of 8 bytes), and 64 per input byte (lists of attribute values are boxed, and strings and
     * raw data are copied out of the input).
     */
    static long allocationBudget(int inputLength) {
        return (32L << 20) + 64L * inputLength;
    }

    @FuzzTest(maxDuration = "5m")
    void read(byte[] input) {
        // The first load may load classes and bootstrap call sites (a fuzzing run's first input allocated 197 MB
        // that way); the second, measured, does not.
        load(input);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        OnnxModel model = load(input);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= allocationBudget(input.length), () -> "allocated " + allocated + " bytes reading "
                + input.length);
        if (model == null) {
            return;
        }
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        for (ValueInfo in : model.ir().graph().inputs()) {
            if (model.ir().graph().initializers().containsKey(in.name())) {
                continue;
            }
            List<Dim> shape = in.shape() == null ? List.of() : in.shape();
            int[] dims = shape.stream().mapToInt(d -> d.value() < 0 ? 2 : (int) Math.min(d.value(), 8)).toArray();
            int n = (int) OnnxTensor.sizeOf(dims);
            feeds.put(in.name(), in.elemType() == 7 ? OnnxTensor.ofLongs(new long[n], dims)
                    : in.elemType() == 6 ? OnnxTensor.ofInts(new int[n], dims) : OnnxTensor.ofFloats(new float[n], dims));
        }
        try {
            model.run(feeds);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
        }
    }

    private static OnnxModel load(byte[] input) {
        try {
            return OnnxModel.of(OnnxReader.read(input, LIMITS, null), LIMITS);
        } catch (OnnxFormatException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
            return null;
        }
    }
}
