package dev.vectorgrad.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * ONNX Runtime's fp32 batch-1 step, the peer of {@link QuantStepBench} (issue 21): one LSTM or GRU layer at hidden
 * 256, input 128 and hidden 1024, input 512 that {@code torch.onnx.export} wrote ({@code bench/torch_peer.py quant
 * --export}: inputs x [1, 1, input], h0 (and c0) [1, 1, hidden], outputs y, h (and c)), run by ONNX Runtime Java
 * 1.22 with {@link OrtPeer}'s options (1 intra-op and 1 inter-op thread). The state carries over from call to call:
 * the {@code h}/{@code c} outputs are pinned to the tensors the next call reads as {@code h0}/{@code c0}, two sets
 * used in turn; the input is a direct buffer wrapped once. Before timing, the setup steps ONNX Runtime over PyTorch's
 * 4-step input ({@code quant-reference.json}) and fails unless every output is within {@link #CHECK_TOLERANCE} of
 * PyTorch's, so the benchmark runs the model PyTorch ran.
 */
@State(Scope.Thread)
public class QuantOrtStepBench {

    /** Largest difference from PyTorch's outputs accepted by the setup check: float32 sums in another order. */
    static final double CHECK_TOLERANCE = 1e-5;

    @Param({"lstm", "gru"})
    public String cell;

    /** {@code HIDDENxINPUT}, as {@link QuantStepBench}'s. */
    @Param({"256x128", "1024x512"})
    public String size;

    /** ONNX Runtime's intra-op threads: {@link OrtPeer} sets 1, the only value accepted. */
    @Param({"1"})
    public int threads;

    private OrtEnvironment env;
    private OrtSession session;
    private final List<OnnxTensor> owned = new ArrayList<>();
    private int input;
    private int hidden;
    private FloatBuffer x;
    private FloatBuffer y;
    /** Per turn: the state buffers read as h0 (and c0); the other turn's are the ones written. */
    private FloatBuffer[][] stateBuffers;
    @SuppressWarnings("unchecked")
    private final Map<String, OnnxTensor>[] feeds = new Map[2];
    @SuppressWarnings("unchecked")
    private final Map<String, OnnxTensor>[] pinned = new Map[2];
    private int turn;

    /** The file the PyTorch peer exports for {@code cell} at {@code size} into {@code dir}. */
    static Path file(Path dir, String cell, String size) {
        return dir.resolve("quant-" + cell + "-" + size + ".onnx");
    }

    /** Whether the PyTorch peer's exports and reference are all in {@code dir} (bench/run skips this class if not). */
    static boolean exported(Path dir) {
        for (String cell : List.of("lstm", "gru")) {
            for (String size : List.of("256x128", "1024x512")) {
                if (!Files.exists(file(dir, cell, size))) {
                    return false;
                }
            }
        }
        return Files.exists(dir.resolve("quant-reference.json"));
    }

    @Setup(Level.Trial)
    public void setup() throws IOException, OrtException {
        if (threads != 1) {
            throw new IllegalArgumentException("QuantOrtStepBench: threads must be 1 (OrtPeer's one intra-op thread),"
                    + " got " + threads);
        }
        int[] d = Data.shape(size);
        hidden = d[0];
        input = d[1];
        Path file = file(ImportBench.dir(), cell, size);
        if (!Files.exists(file)) {
            throw new IllegalStateException("QuantOrtStepBench: " + file + " is missing; run bench/torch_peer.py quant"
                    + " --export --out " + ImportBench.dir() + " first (bench/run quant does)");
        }
        env = OrtEnvironment.getEnvironment();
        session = OrtPeer.session(env, file);
        List<String> states = ImportBench.stateNames(cell);
        x = OrtPeer.floats(input);
        y = OrtPeer.floats(hidden);
        OnnxTensor xTensor = own(x, 1, 1, input);
        OnnxTensor yTensor = own(y, 1, 1, hidden);
        stateBuffers = new FloatBuffer[2][states.size()];
        OnnxTensor[][] stateTensors = new OnnxTensor[2][states.size()];
        for (int t = 0; t < 2; t++) {
            for (int s = 0; s < states.size(); s++) {
                stateBuffers[t][s] = OrtPeer.floats(hidden);
                stateTensors[t][s] = own(stateBuffers[t][s], 1, 1, hidden);
            }
        }
        List<String> outputs = List.of("h", "c");
        for (int t = 0; t < 2; t++) {
            feeds[t] = new LinkedHashMap<>();
            pinned[t] = new LinkedHashMap<>();
            feeds[t].put("x", xTensor);
            pinned[t].put("y", yTensor);
            for (int s = 0; s < states.size(); s++) {
                feeds[t].put(states.get(s), stateTensors[t][s]);
                pinned[t].put(outputs.get(s), stateTensors[1 - t][s]);
            }
        }
        check();
        // The timed input: fixed values in [-1, 1], the state from zero.
        x.put(0, ImportBench.bank(1, input)[0]);
    }

    /** Steps ONNX Runtime over PyTorch's 4-step batch-1 input and compares every output, then zeroes the state. */
    private void check() throws IOException, OrtException {
        Path reference = ImportBench.dir().resolve("quant-reference.json");
        String group = cell + " " + size;
        float[] in = ImportBench.reference(reference, group, "step_x");
        float[] expected = ImportBench.reference(reference, group, "step_y");
        int steps = in.length / input;
        if (in.length != steps * input || expected.length != steps * hidden) {
            throw new IllegalStateException("QuantOrtStepBench: " + reference + " (" + group + ") holds "
                    + in.length + " inputs and " + expected.length + " outputs, expected " + steps + " steps of "
                    + input + " and of " + hidden);
        }
        float[] out = new float[hidden];
        double worst = 0;
        for (int k = 0; k < steps; k++) {
            x.put(0, in, k * input, input);
            step();
            y.get(0, out);
            worst = Math.max(worst, ImportBench.largestDifference(out, 0, expected, k * hidden, hidden));
        }
        if (!(worst <= CHECK_TOLERANCE)) {
            throw new IllegalStateException("QuantOrtStepBench: ONNX Runtime's " + group + " outputs differ from"
                    + " PyTorch's over " + steps + " steps by up to " + worst + ", expected at most "
                    + CHECK_TOLERANCE);
        }
        System.out.printf("QuantOrtStepBench: largest difference from PyTorch's %d steps (%s): %.3g%n", steps, group,
                worst);
        for (FloatBuffer[] set : stateBuffers) {
            for (FloatBuffer b : set) {
                b.put(0, new float[hidden]);
            }
        }
        turn = 0;
    }

    private OnnxTensor own(FloatBuffer data, long... shape) throws OrtException {
        OnnxTensor t = OnnxTensor.createTensor(env, data, shape);
        owned.add(t);
        return t;
    }

    private void step() throws OrtException {
        // Every output is pinned, so the result owns no tensor; closing it would close nothing of ours.
        session.run(feeds[turn], pinned[turn]);
        turn = 1 - turn;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        session.close();
        owned.forEach(OnnxTensor::close);
    }

    @Benchmark
    public FloatBuffer step_onnxruntime() throws OrtException {
        step();
        return y;
    }
}
