package dev.vectorgrad.examples.classify;

import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.autograd.optim.GradClip;
import dev.vectorgrad.autograd.optim.Optimizer;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.examples.common.ConfusionMatrix;
import dev.vectorgrad.examples.common.Cli;
import dev.vectorgrad.examples.common.LossLog;
import dev.vectorgrad.examples.common.Progress;
import dev.vectorgrad.examples.common.Schedule;
import dev.vectorgrad.nn.Embedding;
import dev.vectorgrad.nn.EmbeddingOptions;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.LinearOptions;
import dev.vectorgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Sequence classification with Embedding + LSTM + Linear on a generated task ({@link MotifData}):
 * which motif does a sequence contain? Sequences have different lengths and are batched together
 * by passing their lengths to the LSTM, which then stops each one at its own end (PyTorch's packed
 * sequences). Prints test accuracy and a confusion matrix, and draws the loss curve.
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.classify.Classify
 * </pre>
 */
public final class Classify {

    static final String USAGE = """
            Classify: an Embedding + LSTM classifier learns which motif a sequence contains.

            Options (defaults in brackets):
              --train N            training examples [4000]
              --test N             test examples [1000]
              --embedding N        embedding size [16]
              --hidden N           LSTM hidden size [64]
              --steps N            training steps [600]
              --batch N            examples per step [32]
              --lr X               Adam learning rate, decayed along a cosine to a tenth [0.01]
              --eval-every N       test loss every N steps [100]
              --seed N             seeds the data, the weights and the batches [1]
              --out DIR            where the loss chart goes [target/classify]
            """;

    /** The model: embedding, LSTM, and a linear layer on the LSTM's final hidden state. */
    static final class Model extends Module {
        final Embedding embedding;
        final Lstm lstm;
        final Linear head;

        Model(int embeddingDim, int hidden, int classes, long seed) {
            embedding = registerModule("embedding", new Embedding(MotifData.SYMBOLS, embeddingDim,
                    EmbeddingOptions.defaults().withSeed(seed)));
            lstm = registerModule("lstm", new Lstm(embeddingDim, hidden, RecurrentOptions.defaults().withSeed(seed + 1)));
            head = registerModule("head", new Linear(hidden, classes, LinearOptions.defaults().withSeed(seed + 2)));
        }

        /** Class logits {@code [examples, classes]}. */
        Tensor logits(List<MotifData.Example> examples) {
            int batch = examples.size();
            int[] lengths = new int[batch];
            int steps = 0;
            for (int b = 0; b < batch; b++) {
                lengths[b] = examples.get(b).symbols().length;
                steps = Math.max(steps, lengths[b]);
            }
            int[] ids = new int[steps * batch];                   // time-major; 0 past the end (ignored)
            for (int b = 0; b < batch; b++) {
                int[] s = examples.get(b).symbols();
                for (int t = 0; t < s.length; t++) {
                    ids[t * batch + b] = s[t];
                }
            }
            Tensor x = Shapes.reshape(embedding.forward(ids), steps, batch, -1);
            Tensor h = lstm.forward(x, lengths, null).state().h();    // [1, batch, H], each at its own end
            return head.forward(Shapes.reshape(h, batch, -1));
        }
    }

    private Classify() {
    }

    public static void main(String[] args) throws IOException {
        Cli cli = Cli.parse(args, USAGE);
        int trainCount = cli.integer("train", 4000);
        int testCount = cli.integer("test", 1000);
        int embeddingDim = cli.integer("embedding", 16);
        int hidden = cli.integer("hidden", 64);
        int steps = cli.integer("steps", 600);
        int batch = cli.integer("batch", 32);
        double lr = cli.decimal("lr", 0.01);
        int evalEvery = cli.integer("eval-every", 100);
        long seed = cli.integer("seed", 1);
        Path out = cli.path("out", Path.of("target", "classify"));
        cli.done();

        List<MotifData.Example> train = MotifData.generate(trainCount, seed);
        List<MotifData.Example> test = MotifData.generate(testCount, seed + 1000);
        int classes = MotifData.CLASSES.size();
        System.out.printf(Locale.ROOT, "task: which motif a sequence of %d-%d symbols holds: %s%n",
                MotifData.MIN_LENGTH, MotifData.MAX_LENGTH, MotifData.CLASSES);
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "  e.g. %-40s -> %s%n", train.get(i).text(),
                    MotifData.CLASSES.get(train.get(i).label()));
        }
        System.out.printf(Locale.ROOT, "data: %d training and %d test examples%n", trainCount, testCount);
        System.out.printf(Locale.ROOT, "model: embedding %d -> LSTM %d -> linear %d%n%n", embeddingDim, hidden, classes);

        Model model = new Model(embeddingDim, hidden, classes, seed);
        Optimizer optimizer = Adam.builder(lr).build(model.parameters());
        SplittableRandom random = new SplittableRandom(seed + 2);
        Progress progress = new Progress(steps, "sequences");
        LossLog log = new LossLog();
        try (Tape tape = Tape.open()) {
            for (int step = 1; step <= steps; step++) {
                List<MotifData.Example> examples = new ArrayList<>(batch);
                for (int b = 0; b < batch; b++) {
                    examples.add(train.get(random.nextInt(train.size())));
                }
                Tensor loss = Losses.crossEntropy(model.logits(examples), labels(examples));
                tape.backward(loss);
                GradClip.byNorm(optimizer.parameters(), 1.0);
                optimizer.setLearningRate(Schedule.cosine(lr, step, steps));
                optimizer.step();
                optimizer.zeroGrad();
                tape.reset();
                log.step(step, loss.item());
                progress.update(step, (long) step * batch, String.format(Locale.ROOT, "loss %.3f", log.smoothed()));
                if (step % evalEvery == 0 || step == steps) {
                    try (Tape.NoGrad ignored = Tape.noGrad()) {
                        log.evaluation(step, Losses.crossEntropy(model.logits(test), labels(test)).item());
                    }
                }
            }
        }

        int[][] confusion = new int[classes][classes];           // [actual][predicted]
        double[] logits;
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            logits = model.logits(test).toDoubleArray();
        }
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            int predicted = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + predicted]) {
                    predicted = c;
                }
            }
            confusion[test.get(i).label()][predicted]++;
            correct += test.get(i).label() == predicted ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "%ntest accuracy %.1f %% (%d of %d; chance is %.0f %%)%n%n",
                100.0 * correct / test.size(), correct, test.size(), 100.0 / classes);
        System.out.println(ConfusionMatrix.format(confusion, MotifData.CLASSES));
        Path chart = log.chart("Motif classifier: loss by step", "cross-entropy", "test")
                .write(out.resolve("loss.svg"));
        System.out.println("wrote " + chart.toAbsolutePath());
    }

    private static int[] labels(List<MotifData.Example> examples) {
        return examples.stream().mapToInt(MotifData.Example::label).toArray();
    }
}
