package dev.vectorgrad.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vectorgrad.formats.json.Json;
import dev.vectorgrad.formats.json.JsonArray;
import dev.vectorgrad.formats.json.JsonObject;
import dev.vectorgrad.interop.onnx.OnnxModel;
import dev.vectorgrad.interop.onnx.OnnxStepPlan;
import dev.vectorgrad.interop.onnx.OnnxTensor;
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
 * Imported models (issue 20): one LSTM or GRU layer (input 128, hidden 256) that {@code torch.onnx.export} wrote
 * ({@code bench/torch_peer.py import --export}: inputs x, h0 (and c0), outputs y, h (and c)), loaded from the same
 * {@code .onnx} file by vectorgrad's {@link OnnxModel} and by ONNX Runtime Java 1.22 (1 intra-op and 1 inter-op
 * thread, sequential execution, all graph optimisations), vectorgrad's kernels on 1 thread.
 * <ul>
 *   <li>{@code step}: batch 1, one time step per call, the state carried from call to call. Ours: an
 *       {@link OnnxStepPlan} (its input buffer filled, {@code step()}). ONNX Runtime: the step run as a one-step
 *       sequence whose {@code h}/{@code c} outputs are pinned to the tensors the next call reads as
 *       {@code h0}/{@code c0}, two sets used in turn, and whose input is a direct buffer wrapped once.</li>
 *   <li>{@code sequence}: 64 steps of batch 32 from zero states, the whole output sequence. Ours:
 *       {@link OnnxModel#run}; ONNX Runtime: {@code run} with its inputs wrapped once and its outputs pinned.</li>
 * </ul>
 * Both engines are checked against PyTorch's outputs (a 4-step batch-1 input stepped, a 5-step batch-3 sequence)
 * before anything is measured, so they run the model PyTorch ran. Each call's input is one of 16 fixed vectors,
 * copied into the engine's input buffer.
 */
public class ImportBench {

    static final int INPUT = 128;
    static final int HIDDEN = 256;
    /** Largest difference from PyTorch's outputs accepted by the setup checks: float32 sums in another order. */
    static final double CHECK_TOLERANCE = 1e-5;
    private static final int BANK = 16;

    /** The directory where the PyTorch peer left the files, which {@code Suites} passes to the forks. */
    static Path dir() {
        return Path.of(System.getProperty("vectorgrad.bench.out", "bench/results"));
    }

    /** The exported layer of {@code cell} (lstm or gru), failing with the command that makes it when missing. */
    static Path onnxFile(String cell) {
        Path file = dir().resolve("import-" + cell + ".onnx");
        if (!Files.exists(file)) {
            throw new IllegalStateException("ImportBench: " + file + " is missing; run bench/torch_peer.py import"
                    + " --export --out " + dir() + " first (bench/run import does)");
        }
        return file;
    }

    /** The state inputs of the layer, after x: h0, and c0 for an LSTM. */
    static List<String> stateNames(String cell) {
        return cell.equals("lstm") ? List.of("h0", "c0") : List.of("h0");
    }

    /** PyTorch's reference values of one cell: step_x, step_y, seq_x, seq_y (flat, row-major). */
    static float[] reference(String cell, String key) throws IOException {
        return reference(dir().resolve("import-reference.json"), cell, key);
    }

    /** One array of a reference file the PyTorch peer wrote: {@code {group: {key: [numbers]}}}, flat. */
    static float[] reference(Path file, String group, String key) throws IOException {
        JsonObject all = Json.parse(Files.readString(file)).asObject();
        JsonArray values = all.getObject(group).getArray(key);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }

    /** Fixed inputs, one per row, in [-1, 1]. */
    static float[][] bank(int rows, int n) {
        float[][] bank = new float[rows][n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                bank[r][i] = (float) Math.sin(0.37 * (r * n + i) + 0.11);
            }
        }
        return bank;
    }

    static double largestDifference(float[] actual, int actualOff, float[] expected, int expectedOff, int n) {
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(actual[actualOff + i] - (double) expected[expectedOff + i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst;
    }

    static void requireAgreement(String what, double ours, double ort) {
        if (!(ours <= CHECK_TOLERANCE && ort <= CHECK_TOLERANCE)) {
            throw new IllegalStateException("ImportBench: the engines disagree with PyTorch's " + what + ": largest"
                    + " difference vectorgrad " + ours + ", ONNX Runtime " + ort + " (tolerance " + CHECK_TOLERANCE
                    + ")");
        }
        System.out.printf("ImportBench: largest difference from PyTorch's %s: vectorgrad %.3g, ONNX Runtime %.3g%n",
                what, ours, ort);
    }

    /** What both states hold of ONNX Runtime: its session on the layer's file and the tensors they made for it. */
    public abstract static class OrtState {
        OrtEnvironment env;
        OrtSession session;
        private final List<ai.onnxruntime.OnnxTensor> owned = new ArrayList<>();

        void openSession(Path file, int threads) throws OrtException {
            env = OrtEnvironment.getEnvironment();
            session = OrtPeer.session(env, file, threads);
        }

        /** A tensor over a direct buffer, which ONNX Runtime reads and writes in place; closed after the trial. */
        ai.onnxruntime.OnnxTensor own(FloatBuffer data, long... shape) throws OrtException {
            ai.onnxruntime.OnnxTensor t = ai.onnxruntime.OnnxTensor.createTensor(env, data, shape);
            owned.add(t);
            return t;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws OrtException {
            session.close();
            owned.forEach(ai.onnxruntime.OnnxTensor::close);
        }
    }

    /** Batch-1 steps with the state carried: the plan against ONNX Runtime's pinned ping-pong. */
    @State(Scope.Thread)
    public static class Step extends OrtState {
        @Param({"lstm", "gru"})
        public String cell;

        /**
         * Kernel threads, which must match the fork's {@code -Dvectorgrad.kernels.threads} (checked), and ONNX
         * Runtime's intra-op threads.
         */
        @Param({"1"})
        public int threads;

        OnnxStepPlan plan;
        float[] planX;
        float[] planY;
        float[][] inputs;
        int next;

        FloatBuffer ortX;
        FloatBuffer ortY;
        /** Per turn: the state tensors read (index 0) and written (1) by each state name. */
        FloatBuffer[][] stateBuffers;
        @SuppressWarnings("unchecked")
        final Map<String, ai.onnxruntime.OnnxTensor>[] feeds = new Map[2];
        @SuppressWarnings("unchecked")
        final Map<String, ai.onnxruntime.OnnxTensor>[] pinned = new Map[2];
        int turn;

        @Setup(Level.Trial)
        public void setup() throws IOException, OrtException {
            Rnns.checkThreads(threads);
            Path file = onnxFile(cell);
            List<String> states = stateNames(cell);
            Map<String, int[]> shapes = new LinkedHashMap<>();
            shapes.put("x", new int[] {1, 1, INPUT});
            for (String s : states) {
                shapes.put(s, new int[] {1, 1, HIDDEN});
            }
            plan = OnnxModel.load(file).stepPlan(shapes);
            planX = plan.floatInput("x");
            planY = plan.floatOutput("y");
            inputs = bank(BANK, INPUT);

            openSession(file, threads);
            ortX = OrtPeer.floats(INPUT);
            ortY = OrtPeer.floats(HIDDEN);
            ai.onnxruntime.OnnxTensor x = own(ortX, 1, 1, INPUT);
            ai.onnxruntime.OnnxTensor y = own(ortY, 1, 1, HIDDEN);
            stateBuffers = new FloatBuffer[2][states.size()];
            ai.onnxruntime.OnnxTensor[][] stateTensors = new ai.onnxruntime.OnnxTensor[2][states.size()];
            for (int t = 0; t < 2; t++) {
                for (int s = 0; s < states.size(); s++) {
                    stateBuffers[t][s] = OrtPeer.floats(HIDDEN);
                    stateTensors[t][s] = own(stateBuffers[t][s], 1, 1, HIDDEN);
                }
            }
            List<String> outputs = List.of("h", "c");
            for (int t = 0; t < 2; t++) {
                feeds[t] = new LinkedHashMap<>();
                pinned[t] = new LinkedHashMap<>();
                feeds[t].put("x", x);
                pinned[t].put("y", y);
                for (int s = 0; s < states.size(); s++) {
                    feeds[t].put(states.get(s), stateTensors[t][s]);
                    pinned[t].put(outputs.get(s), stateTensors[1 - t][s]);
                }
            }
            check();
        }

        /** Steps both engines over PyTorch's 4-step batch-1 input, then resets both. */
        private void check() throws IOException, OrtException {
            float[] x = reference(cell, "step_x");
            float[] y = reference(cell, "step_y");
            double ours = 0;
            double ort = 0;
            float[] ortOut = new float[HIDDEN];
            for (int k = 0; k < x.length / INPUT; k++) {
                System.arraycopy(x, k * INPUT, planX, 0, INPUT);
                plan.step();
                ours = Math.max(ours, largestDifference(planY, 0, y, k * HIDDEN, HIDDEN));
                ortX.put(0, x, k * INPUT, INPUT);
                runOrt();
                ortY.get(0, ortOut);
                ort = Math.max(ort, largestDifference(ortOut, 0, y, k * HIDDEN, HIDDEN));
            }
            requireAgreement("4 steps at batch 1 (" + cell + ")", ours, ort);
            plan.reset();
            for (FloatBuffer[] set : stateBuffers) {
                for (FloatBuffer b : set) {
                    b.put(0, new float[HIDDEN]);
                }
            }
            turn = 0;
        }

        void runOrt() throws OrtException {
            // Every output is pinned, so the result owns no tensor; closing it would close nothing of ours.
            session.run(feeds[turn], pinned[turn]);
            turn = 1 - turn;
        }

        float[] nextInput() {
            float[] in = inputs[next];
            next = (next + 1) & (BANK - 1);
            return in;
        }
    }

    /** 64 steps of batch 32 from zero states: {@link OnnxModel#run} against ONNX Runtime's {@code run}. */
    @State(Scope.Thread)
    public static class Sequence extends OrtState {
        @Param({"lstm", "gru"})
        public String cell;

        @Param({"32"})
        public int batch;

        @Param({"64"})
        public int steps;

        /**
         * Kernel threads, which must match the fork's {@code -Dvectorgrad.kernels.threads} (checked), and ONNX
         * Runtime's intra-op threads.
         */
        @Param({"1"})
        public int threads;

        OnnxModel model;
        Map<String, OnnxTensor> ours;

        final Map<String, ai.onnxruntime.OnnxTensor> feeds = new LinkedHashMap<>();
        final Map<String, ai.onnxruntime.OnnxTensor> pinned = new LinkedHashMap<>();
        FloatBuffer ortY;

        @Setup(Level.Trial)
        public void setup() throws IOException, OrtException {
            Rnns.checkThreads(threads);
            Path file = onnxFile(cell);
            model = OnnxModel.load(file);
            openSession(file, threads);
            check();

            float[] x = new float[steps * batch * INPUT];
            float[][] rows = bank(steps * batch, INPUT);
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(rows[r], 0, x, r * INPUT, INPUT);
            }
            ours = inputs(x, steps, batch);
            FloatBuffer ortX = OrtPeer.floats(x.length);
            ortX.put(0, x);
            feeds.put("x", own(ortX, steps, batch, INPUT));
            ortY = OrtPeer.floats(steps * batch * HIDDEN);
            pinned.put("y", own(ortY, steps, batch, HIDDEN));
            List<String> states = stateNames(cell);
            List<String> outputs = List.of("h", "c");
            for (int s = 0; s < states.size(); s++) {
                feeds.put(states.get(s), own(OrtPeer.floats(batch * HIDDEN), 1, batch, HIDDEN));
                pinned.put(outputs.get(s), own(OrtPeer.floats(batch * HIDDEN), 1, batch, HIDDEN));
            }
        }

        /** x and zero states for {@link OnnxModel#run}. */
        private Map<String, OnnxTensor> inputs(float[] x, int time, int rows) {
            Map<String, OnnxTensor> in = new LinkedHashMap<>();
            in.put("x", OnnxTensor.ofFloats(x, time, rows, INPUT));
            for (String s : stateNames(cell)) {
                in.put(s, OnnxTensor.ofFloats(new float[rows * HIDDEN], 1, rows, HIDDEN));
            }
            return in;
        }

        /** Runs both engines on PyTorch's 5-step batch-3 input. */
        private void check() throws IOException, OrtException {
            float[] x = reference(cell, "seq_x");
            float[] y = reference(cell, "seq_y");
            int rows = 3;
            int time = x.length / (rows * INPUT);
            float[] oursY = model.run(inputs(x, time, rows)).get("y").floats();
            Map<String, ai.onnxruntime.OnnxTensor> in = new LinkedHashMap<>();
            try {
                in.put("x", ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(x),
                        new long[] {time, rows, INPUT}));
                for (String s : stateNames(cell)) {
                    in.put(s, ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[rows * HIDDEN]),
                            new long[] {1, rows, HIDDEN}));
                }
                float[] ortY;
                try (OrtSession.Result result = session.run(in, java.util.Set.of("y"))) {
                    FloatBuffer b = ((ai.onnxruntime.OnnxTensor) result.get("y").orElseThrow()).getFloatBuffer();
                    ortY = new float[b.remaining()];
                    b.get(ortY);
                }
                if (oursY.length != y.length || ortY.length != y.length) {
                    throw new IllegalStateException("ImportBench: y has " + oursY.length + " (vectorgrad) and "
                            + ortY.length + " (ONNX Runtime) values, PyTorch's " + y.length);
                }
                requireAgreement("5 steps at batch 3 (" + cell + ")", largestDifference(oursY, 0, y, 0, y.length),
                        largestDifference(ortY, 0, y, 0, y.length));
            } finally {
                in.values().forEach(ai.onnxruntime.OnnxTensor::close);
            }
        }
    }

    @Benchmark
    public float[] step_vectorgrad(Step s) {
        System.arraycopy(s.nextInput(), 0, s.planX, 0, INPUT);
        s.plan.step();
        return s.planY;
    }

    @Benchmark
    public FloatBuffer step_onnxruntime(Step s) throws OrtException {
        s.ortX.put(0, s.nextInput());
        s.runOrt();
        return s.ortY;
    }

    @Benchmark
    public Map<String, OnnxTensor> sequence_vectorgrad(Sequence s) {
        return s.model.run(s.ours);
    }

    @Benchmark
    public FloatBuffer sequence_onnxruntime(Sequence s) throws OrtException {
        s.session.run(s.feeds, s.pinned);
        return s.ortY;
    }
}
