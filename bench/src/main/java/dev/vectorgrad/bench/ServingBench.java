package dev.vectorgrad.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.json.Json;
import dev.vectorgrad.formats.json.JsonArray;
import dev.vectorgrad.formats.json.JsonObject;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.serving.StepModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Whole-model serving (issue 18): {@code Embedding(100, 64) -> LSTM(256) -> Dense(100, softmax)}, one token per
 * call at batch 1, the state carried from call to call, as {@link StepModel} (ours) and as ONNX Runtime Java
 * (intra-op and inter-op threads 1, sequential execution, all graph optimisations) on the ONNX file the PyTorch peer
 * exported from the same module. Both load the peer's weights ({@code bench/torch_peer.py serving --export}, in the
 * directory {@code -Dvectorgrad.bench.out}, which {@code Suites} sets), and both are checked against PyTorch's
 * probabilities over the first tokens before anything is measured, so the three peers run the same model.
 * Tokens cycle through {@code (37 k + 11) mod 100}, as in the PyTorch peer. Run with JMH's gc profiler: our step
 * should allocate 0 B.
 *
 * <p>ONNX Runtime is given every advantage Java allows: its inputs are direct buffers wrapped once, the token is
 * written into its buffer in place, and the outputs are pinned to preallocated tensors, two sets of state used in
 * turn (this step's outputs are the next step's inputs), so a call copies nothing on the Java side.
 */
@State(Scope.Thread)
public class ServingBench {

    static final int VOCAB = 100;
    static final int EMBED = 64;
    static final int UNITS = 256;
    /** Largest difference from PyTorch's probabilities accepted by the setup check: float32 sums in another order. */
    static final double CHECK_TOLERANCE = 1e-5;

    /** The recurrent cell of the model (for the result lines' format). */
    @Param({"lstm"})
    public String cell;

    @Param({"1"})
    public int batch;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private StepModel model;
    private StepModel.State state;
    private int token;

    private OrtEnvironment env;
    private OrtSession session;
    private LongBuffer id;
    private OnnxTensor idTensor;
    private final OnnxTensor[] h = new OnnxTensor[2];
    private final OnnxTensor[] c = new OnnxTensor[2];
    private final FloatBuffer[] hBuffer = new FloatBuffer[2];
    private final FloatBuffer[] cBuffer = new FloatBuffer[2];
    private FloatBuffer probs;
    private OnnxTensor probsTensor;
    @SuppressWarnings("unchecked")
    private final Map<String, OnnxTensor>[] inputs = new Map[2];
    @SuppressWarnings("unchecked")
    private final Map<String, OnnxTensor>[] outputs = new Map[2];
    private int turn;

    static int token(int k) {
        return (37 * k + 11) % VOCAB;
    }

    @Setup(Level.Trial)
    public void setup() throws IOException, OrtException {
        Rnns.checkThreads(threads);
        Path dir = Path.of(System.getProperty("vectorgrad.bench.out", "bench/results"));
        Path weights = dir.resolve("serving-model.safetensors");
        if (!Files.exists(weights)) {
            throw new IllegalStateException("ServingBench: " + weights + " is missing; run bench/torch_peer.py serving"
                    + " --export --out " + dir + " first (bench/run serving does)");
        }
        model = StepModel.compile(kerasModel(SafeTensors.read(weights)));
        state = model.newState();

        env = OrtEnvironment.getEnvironment();
        session = OrtPeer.session(env, dir.resolve("serving-model.onnx"));
        id = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        idTensor = OnnxTensor.createTensor(env, id, new long[] {1});
        long[] stateShape = {1, 1, UNITS};
        for (int i = 0; i < 2; i++) {
            hBuffer[i] = OrtPeer.floats(UNITS);
            cBuffer[i] = OrtPeer.floats(UNITS);
            h[i] = OnnxTensor.createTensor(env, hBuffer[i], stateShape);
            c[i] = OnnxTensor.createTensor(env, cBuffer[i], stateShape);
        }
        probs = OrtPeer.floats(VOCAB);
        probsTensor = OnnxTensor.createTensor(env, probs, new long[] {1, VOCAB});
        for (int i = 0; i < 2; i++) {
            inputs[i] = Map.of("id", idTensor, "h", h[i], "c", c[i]);
            outputs[i] = Map.of("probs", probsTensor, "h_out", h[1 - i], "c_out", c[1 - i]);
        }
        checkAgainstPyTorch(dir.resolve("serving-reference.json"));
        state.reset();
        resetOrt();
        token = 0;
    }

    /** The Keras model with the PyTorch module's weights: kernels transposed, LSTM biases summed. */
    static Sequential kerasModel(SafeTensorsFile file) throws IOException {
        Sequential m = new Sequential(new Embedding(VOCAB, EMBED), new LSTM(UNITS), new Dense(VOCAB, "softmax"))
                .inputShape(-1);
        Embedding embedding = (Embedding) m.layers().get(0);
        LSTM lstm = (LSTM) m.layers().get(1);
        Dense dense = (Dense) m.layers().get(2);
        embedding.setWeights(List.of(file.requireShape("embedding.weight", VOCAB, EMBED)));
        lstm.setWeights(List.of(
                Shapes.transpose(file.requireShape("lstm.weight_ih_l0", 4 * UNITS, EMBED)),
                Shapes.transpose(file.requireShape("lstm.weight_hh_l0", 4 * UNITS, UNITS)),
                Ops.add(file.requireShape("lstm.bias_ih_l0", 4 * UNITS), file.requireShape("lstm.bias_hh_l0", 4 * UNITS))));
        dense.setWeights(List.of(Shapes.transpose(file.requireShape("linear.weight", VOCAB, UNITS)),
                file.requireShape("linear.bias", VOCAB)));
        return m;
    }

    private void resetOrt() {
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < UNITS; j++) {
                hBuffer[i].put(j, 0f);
                cBuffer[i].put(j, 0f);
            }
        }
        turn = 0;
    }

    /** Steps both engines over PyTorch's reference tokens and fails unless both give its probabilities. */
    private void checkAgainstPyTorch(Path reference) throws IOException, OrtException {
        JsonObject ref = Json.parse(Files.readString(reference)).asObject();
        JsonArray tokens = ref.getArray("tokens");
        JsonArray expected = ref.getArray("probs");
        double worstOurs = 0;
        double worstOrt = 0;
        for (int k = 0; k < tokens.size(); k++) {
            int t = tokens.get(k).asInt();
            if (t != token(k)) {
                throw new IllegalStateException("ServingBench: the reference's token " + k + " is " + t + ", expected "
                        + token(k));
            }
            float[] ours = model.step(state, t);
            runOrt(t);
            JsonArray row = expected.get(k).asArray();
            for (int j = 0; j < VOCAB; j++) {
                double e = row.get(j).asDouble();
                worstOurs = Math.max(worstOurs, Math.abs(ours[j] - e));
                worstOrt = Math.max(worstOrt, Math.abs(probs.get(j) - e));
            }
        }
        if (!(worstOurs <= CHECK_TOLERANCE && worstOrt <= CHECK_TOLERANCE)) {
            throw new IllegalStateException("ServingBench: the engines disagree with PyTorch's probabilities: largest"
                    + " difference vectorgrad " + worstOurs + ", ONNX Runtime " + worstOrt + " (tolerance "
                    + CHECK_TOLERANCE + ")");
        }
        System.out.printf("ServingBench: largest difference from PyTorch over %d steps: vectorgrad %.3g, ONNX Runtime"
                + " %.3g%n", tokens.size(), worstOurs, worstOrt);
    }

    private void runOrt(int t) throws OrtException {
        id.put(0, t);
        // All outputs are pinned, so the result owns no tensor of its own; closing it would close nothing of ours.
        session.run(inputs[turn], outputs[turn]);
        turn = 1 - turn;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        session.close();
        idTensor.close();
        probsTensor.close();
        for (int i = 0; i < 2; i++) {
            h[i].close();
            c[i].close();
        }
    }

    @Benchmark
    public float[] step_vectorgrad() {
        int t = token(token);
        token = (token + 1) & 1023;
        return model.step(state, t);
    }

    @Benchmark
    public FloatBuffer step_onnxruntime() throws OrtException {
        int t = token(token);
        token = (token + 1) & 1023;
        runOrt(t);
        return probs;
    }
}
