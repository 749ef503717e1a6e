package dev.vectorgrad.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.vectorgrad.cells.Gru;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.Recurrent;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.StepInference;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link WarmupBench}: what a service does from its launch to its first and its
 * {@code STEPS}-th batch-1 step. It loads the import suite's layer with one engine (vectorgrad: the PyTorch
 * weights, {@code import-CELL.safetensors}, into an {@code Lstm}/{@code Gru} served by {@link StepInference};
 * ONNX Runtime: {@code import-CELL.onnx}, stepped as {@link ImportBench}'s step benchmark does, its state outputs
 * pinned to the next call's inputs), runs {@code STEPS} steps from zero states (the first on PyTorch's first
 * input, {@code import-first-input.bin}, then 16 fixed inputs in [-1, 1] in turn) and prints
 * three lines: {@code times FIRST_MS LAST_MS}, the milliseconds from the JVM's start to the end of the first and
 * of the last step; {@code first} and {@code last}, the 256 values of y after those steps.
 *
 * <p>The JVM's start is {@link java.lang.management.RuntimeMXBean#getStartTime()} (the start of the JVM's
 * creation, wall clock in milliseconds), read after the last step so that loading the management classes is not
 * counted; a step's end is taken with {@link System#nanoTime()} and placed on that clock by one pair of readings
 * taken together at the end. Resolution: 1 ms. The launcher's work before the JVM's creation (a few ms) is not
 * counted, for any engine.
 *
 * <p>Usage: {@code WarmupRun vectorgrad|vectorgrad-plain|onnxruntime lstm|gru DIR STEPS}; {@code vectorgrad-plain}
 * serves {@link StepInference#withPlainJavaKernels()}.
 */
public final class WarmupRun {

    // The import suite's layer (ImportBench.INPUT, HIDDEN); this class uses nothing of ImportBench, so that the
    // vectorgrad child loads no ONNX Runtime class.
    static final int INPUT = 128;
    static final int HIDDEN = 256;

    private WarmupRun() {
    }

    /** Steps a model: fills its input, runs one step, and can copy out y. */
    private interface Stepper {
        void step(float[] x) throws Exception;

        void y(float[] out);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: WarmupRun vectorgrad|vectorgrad-plain|onnxruntime lstm|gru DIR STEPS");
        }
        String cell = args[1];
        Path dir = Path.of(args[2]);
        int steps = Integer.parseInt(args[3]);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("import-first-input.bin")))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] first = new float[INPUT];
        bytes.asFloatBuffer().get(first);
        float[][] bank = new float[16][INPUT];
        for (int r = 0; r < bank.length; r++) {
            for (int i = 0; i < INPUT; i++) {
                bank[r][i] = (float) Math.sin(0.37 * (r * INPUT + i) + 0.11);
            }
        }
        Stepper model = switch (args[0]) {
            case "vectorgrad" -> vectorgrad(dir, cell, false);
            case "vectorgrad-plain" -> vectorgrad(dir, cell, true);
            case "onnxruntime" -> onnxRuntime(dir, cell);
            default -> throw new IllegalArgumentException(
                    "engine is vectorgrad, vectorgrad-plain or onnxruntime, not " + args[0]);
        };
        float[] yFirst = new float[HIDDEN];
        float[] yLast = new float[HIDDEN];
        model.step(first);
        long firstNanos = System.nanoTime();
        model.y(yFirst);
        for (int k = 1; k < steps; k++) {
            model.step(bank[k & 15]);
        }
        long lastNanos = System.nanoTime();
        model.y(yLast);

        long start = ManagementFactory.getRuntimeMXBean().getStartTime();
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        double sinceStart = nowMillis - start;
        System.out.printf("times %.1f %.1f%n", sinceStart - (nowNanos - firstNanos) / 1e6,
                sinceStart - (nowNanos - lastNanos) / 1e6);
        System.out.println(line("first", yFirst));
        System.out.println(line("last", yLast));
    }

    private static String line(String name, float[] y) {
        StringBuilder sb = new StringBuilder(name);
        for (float v : y) {
            sb.append(' ').append(v);
        }
        return sb.toString();
    }

    private static Stepper vectorgrad(Path dir, String cell, boolean plain) throws Exception {
        RecurrentOptions options = RecurrentOptions.defaults();
        Recurrent layer = cell.equals("lstm") ? new Lstm(INPUT, HIDDEN, options)
                : new Gru(INPUT, HIDDEN, options);
        layer.loadStateDict(SafeTensors.read(dir.resolve("import-" + cell + ".safetensors")).tensors(), true);
        StepInference model = plain ? StepInference.of(layer).withPlainJavaKernels() : StepInference.of(layer);
        StepInference.State state = model.newState(1);
        return new Stepper() {
            float[] y;

            @Override
            public void step(float[] x) {
                y = model.step(state, x, 0);
            }

            @Override
            public void y(float[] out) {
                System.arraycopy(y, 0, out, 0, out.length);
            }
        };
    }

    private static Stepper onnxRuntime(Path dir, String cell) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = OrtPeer.session(env, dir.resolve("import-" + cell + ".onnx"));
        List<String> states = cell.equals("lstm") ? List.of("h0", "c0") : List.of("h0");
        List<String> outputs = List.of("h", "c");
        int hidden = HIDDEN;
        FloatBuffer x = OrtPeer.floats(INPUT);
        FloatBuffer y = OrtPeer.floats(hidden);
        ai.onnxruntime.OnnxTensor xt = ai.onnxruntime.OnnxTensor.createTensor(env, x, new long[] {1, 1, x.capacity()});
        ai.onnxruntime.OnnxTensor yt = ai.onnxruntime.OnnxTensor.createTensor(env, y, new long[] {1, 1, hidden});
        // Two sets of state tensors used in turn: each call reads one set and writes the other.
        ai.onnxruntime.OnnxTensor[][] stateTensors = new ai.onnxruntime.OnnxTensor[2][states.size()];
        for (int t = 0; t < 2; t++) {
            for (int s = 0; s < states.size(); s++) {
                stateTensors[t][s] = ai.onnxruntime.OnnxTensor.createTensor(env, OrtPeer.floats(hidden),
                        new long[] {1, 1, hidden});
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, ai.onnxruntime.OnnxTensor>[] feeds = new Map[2];
        @SuppressWarnings("unchecked")
        Map<String, ai.onnxruntime.OnnxTensor>[] pinned = new Map[2];
        for (int t = 0; t < 2; t++) {
            feeds[t] = new LinkedHashMap<>();
            pinned[t] = new LinkedHashMap<>();
            feeds[t].put("x", xt);
            pinned[t].put("y", yt);
            for (int s = 0; s < states.size(); s++) {
                feeds[t].put(states.get(s), stateTensors[t][s]);
                pinned[t].put(outputs.get(s), stateTensors[1 - t][s]);
            }
        }
        return new Stepper() {
            int turn;

            @Override
            public void step(float[] in) throws Exception {
                x.put(0, in);
                // Every output is pinned, so the result owns no tensor.
                session.run(feeds[turn], pinned[turn]);
                turn = 1 - turn;
            }

            @Override
            public void y(float[] out) {
                y.get(0, out);
            }
        };
    }
}
