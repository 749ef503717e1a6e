package dev.vectorgrad.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.vectorgrad.interop.onnx.OnnxModel;
import dev.vectorgrad.interop.onnx.OnnxTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The child JVM of {@link LaunchBench}: what a service does from its launch to its first result. It loads an
 * exported layer with one engine, runs one time step at batch 1 from zero states on the input the PyTorch peer
 * wrote (raw little-endian float32), and prints the first {@value #PRINTED} values of {@code y}.
 * Usage: {@code FirstResult vectorgrad|onnxruntime FILE.onnx INPUT.bin lstm|gru}.
 */
public final class FirstResult {

    static final int PRINTED = 8;

    private FirstResult() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: FirstResult vectorgrad|onnxruntime FILE.onnx INPUT.bin lstm|gru");
        }
        Path file = Path.of(args[1]);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[2]))).order(ByteOrder.LITTLE_ENDIAN);
        float[] x = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(x);
        List<String> states = ImportBench.stateNames(args[3]);
        float[] y = switch (args[0]) {
            case "vectorgrad" -> vectorgrad(file, x, states);
            case "onnxruntime" -> onnxRuntime(file, x, states);
            default -> throw new IllegalArgumentException("engine is vectorgrad or onnxruntime, not " + args[0]);
        };
        StringBuilder line = new StringBuilder("y");
        for (int i = 0; i < PRINTED; i++) {
            line.append(' ').append(y[i]);
        }
        System.out.println(line);
    }

    private static float[] vectorgrad(Path file, float[] x, List<String> states) throws Exception {
        OnnxModel model = OnnxModel.load(file);
        Map<String, OnnxTensor> in = new LinkedHashMap<>();
        in.put("x", OnnxTensor.ofFloats(x, 1, 1, x.length));
        int hidden = ImportBench.HIDDEN;
        for (String s : states) {
            in.put(s, OnnxTensor.ofFloats(new float[hidden], 1, 1, hidden));
        }
        return model.run(in).get("y").floats();
    }

    private static float[] onnxRuntime(Path file, float[] x, List<String> states) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = OrtPeer.session(env, file)) {
            Map<String, ai.onnxruntime.OnnxTensor> in = new LinkedHashMap<>();
            in.put("x", ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 1, x.length}));
            int hidden = ImportBench.HIDDEN;
            for (String s : states) {
                in.put(s, ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[hidden]),
                        new long[] {1, 1, hidden}));
            }
            try (OrtSession.Result result = session.run(in, Set.of("y"))) {
                FloatBuffer b = ((ai.onnxruntime.OnnxTensor) result.get("y").orElseThrow()).getFloatBuffer();
                float[] y = new float[b.remaining()];
                b.get(y);
                return y;
            }
        }
    }
}
