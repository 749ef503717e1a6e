package dev.vectorgrad.examples.charlm;

import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.cells.CellState;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.SequenceOutput;
import dev.vectorgrad.cells.StepInference;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.quant.QuantizedMatrix;
import dev.vectorgrad.kernels.quant.WeightFormat;
import dev.vectorgrad.nn.Embedding;
import dev.vectorgrad.nn.EmbeddingOptions;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.LinearOptions;
import dev.vectorgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A character-level language model: each character id is looked up in an {@link Embedding}, an
 * {@link Lstm} reads the sequence, and a {@link Linear} head turns each hidden state into logits
 * over the next character. The same as this PyTorch module, with the same parameter names:
 *
 * <pre>
 * class CharModel(nn.Module):
 *     def __init__(self, vocab, emb, hidden, layers):
 *         super().__init__()
 *         self.embedding = nn.Embedding(vocab, emb)
 *         self.lstm = nn.LSTM(emb, hidden, layers)
 *         self.head = nn.Linear(hidden, vocab)
 * </pre>
 */
public final class CharModel extends Module {

    /** The logits of one chunk, and the state the chunk ended in (to start the next chunk from). */
    public record Output(Tensor logits, CellState state) {
    }

    private final Vocabulary vocabulary;
    private final Embedding embedding;
    private final Lstm lstm;
    private final Linear head;

    /** A freshly initialised model (PyTorch's initialisation, drawn from {@code seed}). */
    public CharModel(Vocabulary vocabulary, int embeddingDim, int hiddenSize, int layers, long seed) {
        this.vocabulary = vocabulary;
        this.embedding = registerModule("embedding",
                new Embedding(vocabulary.size(), embeddingDim, EmbeddingOptions.defaults().withSeed(seed)));
        this.lstm = registerModule("lstm", new Lstm(embeddingDim, hiddenSize,
                RecurrentOptions.defaults().withLayers(layers).withSeed(seed + 1)));
        this.head = registerModule("head",
                new Linear(hiddenSize, vocabulary.size(), LinearOptions.defaults().withSeed(seed + 2)));
    }

    /** The characters the model knows. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Runs a chunk of {@code batch} streams over {@code steps} characters.
     *
     * @param ids     the input characters, time-major: {@code ids[t * batch + b]} is stream b at step t
     * @param initial the state the previous chunk ended in ({@link CellState#detach() detached}), or null for zeros
     * @return logits {@code [steps * batch, vocabulary]} in the same order as {@code ids}, and the final state
     */
    public Output forward(int[] ids, int steps, int batch, CellState initial) {
        Tensor x = Shapes.reshape(embedding.forward(ids), steps, batch, -1);   // [T, B, E]
        SequenceOutput out = lstm.forward(x, null, initial);                   // [T, B, H]
        Tensor logits = head.forward(Shapes.reshape(out.output(), steps * batch, -1));
        return new Output(logits, out.state());
    }

    /**
     * Generates {@code length} characters after {@code prompt}, sampling each from
     * {@code softmax(logits / temperature)}: low temperatures pick likely characters, high ones
     * take more risks. Runs the LSTM with {@link StepInference} (float weights copied now, no
     * allocation per step); safe to call during training.
     */
    public String generate(String prompt, int length, double temperature, RandomGenerator random) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        StepInference rnn = StepInference.of(lstm);
        StepInference.State state = rnn.newState(1);
        float[] table = embedding.weight().dataF32();      // [vocabulary, E]: row id is the input for id
        int dim = embedding.weight().dim(1);
        int[] start = vocabulary.encodeKnown(prompt);
        if (start.length == 0) {
            start = new int[] {0};
        }
        float[] h = null;
        for (int id : start) {
            h = rnn.step(state, table, id * dim);
        }
        StringBuilder text = new StringBuilder();
        try (Tape.NoGrad ignored = Tape.noGrad()) {        // inference: record nothing on an open tape
            for (int i = 0; i < length; i++) {
                Tensor logits = head.forward(Tensor.of(h, 1, h.length));
                int next = sample(logits.toDoubleArray(), temperature, random);
                text.append(vocabulary.character(next));
                h = rnn.step(state, table, next * dim);
            }
        }
        return text.toString();
    }

    /**
     * Mean cross-entropy (nats per character) of predicting each next character of {@code text}, read as
     * {@code streams} contiguous slices from a zero state, step by step through {@link StepInference} with the LSTM's
     * and the head's weight matrices in {@code format} (the embedding table and the biases stay float32). With
     * {@link WeightFormat#FP32} this is the float model on the serving path, so the difference between two formats
     * is what quantising the weights costs.
     */
    public double stepLoss(int[] text, int streams, WeightFormat format) {
        int length = text.length / streams;
        if (length < 2) {
            throw new IllegalArgumentException("stepLoss: " + text.length + " characters are too few for " + streams
                    + " streams of at least 2");
        }
        StepInference rnn = StepInference.of(lstm, format);
        StepInference.State state = rnn.newState(streams);
        float[] table = embedding.weight().dataF32();
        int dim = embedding.weight().dim(1);
        int vocab = vocabulary.size();
        int hidden = rnn.hiddenSize();
        float[] weight = head.weight().dataF32();          // [vocabulary, hidden]
        float[] bias = head.bias().dataF32();
        QuantizedMatrix quantized = format == WeightFormat.FP32 ? null : format.quantize(vocab, hidden, weight, 0, hidden);
        float[] x = new float[streams * dim];
        float[] logits = new float[vocab];
        double total = 0;
        for (int t = 0; t + 1 < length; t++) {
            for (int b = 0; b < streams; b++) {
                System.arraycopy(table, text[b * length + t] * dim, x, b * dim, dim);
            }
            float[] h = rnn.step(state, x, 0);
            for (int b = 0; b < streams; b++) {
                System.arraycopy(bias, 0, logits, 0, vocab);
                if (quantized == null) {
                    Kernels.f32().gemv(false, vocab, hidden, 1f, weight, 0, hidden, h, b * hidden, 1f, logits, 0);
                } else {
                    Kernels.quant().gemv(quantized, 1f, h, b * hidden, 1f, logits, 0);
                }
                double max = Double.NEGATIVE_INFINITY;
                for (float l : logits) {
                    max = Math.max(max, l);
                }
                double sum = 0;
                for (float l : logits) {
                    sum += Math.exp(l - max);
                }
                total += max + Math.log(sum) - logits[text[b * length + t + 1]];
            }
        }
        return total / ((double) streams * (length - 1));
    }

    private static int sample(double[] logits, double temperature, RandomGenerator random) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        double u = random.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u <= 0) {
                return i;
            }
        }
        return p.length - 1;
    }

    /** The vocabulary and sizes, saved with the weights so that {@link #restore} can rebuild the model. */
    @Override
    protected Map<String, String> metadata() {
        return Map.of(
                "vocabulary", vocabulary.asString(),
                "embedding_dim", Integer.toString(embedding.weight().dim(1)),
                "hidden_size", Integer.toString(lstm.hiddenSize()),
                "num_layers", Integer.toString(lstm.options().layers()));
    }

    /**
     * Rebuilds and loads a model that {@link #save} wrote: the parameters under PyTorch's names ({@code embedding.weight},
     * {@code lstm.weight_ih_l0}, ..., {@code head.bias}), with the vocabulary and sizes as metadata.
     */
    public static CharModel restore(Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        for (String key : List.of("vocabulary", "embedding_dim", "hidden_size", "num_layers")) {
            if (!meta.containsKey(key)) {
                throw new IOException(file + ": no '" + key + "' in the safetensors metadata; is it a CharLm model?");
            }
        }
        CharModel model = new CharModel(Vocabulary.parse(meta.get("vocabulary")),
                Integer.parseInt(meta.get("embedding_dim")), Integer.parseInt(meta.get("hidden_size")),
                Integer.parseInt(meta.get("num_layers")), 0);
        model.loadStateDict(f.tensors(), true);
        return model;
    }
}
