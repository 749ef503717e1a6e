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
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.LossLog;
import dev.vectorgrad.examples.common.OptionCheck;
import dev.vectorgrad.examples.common.Progress;
import dev.vectorgrad.examples.common.Schedule;
import dev.vectorgrad.examples.common.SeedOption;
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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sequence classification with Embedding + LSTM + Linear on a generated task ({@link MotifData}):
 * which motif does a sequence contain? Sequences have different lengths and are batched together
 * by passing their lengths to the LSTM, which then stops each one at its own end (PyTorch's packed
 * sequences). Prints test accuracy and a confusion matrix, and draws the loss curve.
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.classify.Classify
 * </pre>
 */
@Command(name = "Classify", sortOptions = false,
        description = "An Embedding + LSTM classifier learns which motif a sequence contains.")
public final class Classify implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    MotifOptions task;

    @Option(names = "--hidden", description = "LSTM hidden size [${DEFAULT-VALUE}]", defaultValue = "64")
    int hidden;

    @Option(names = "--steps", description = "training steps [${DEFAULT-VALUE}]", defaultValue = "600")
    int steps;

    @Option(names = "--batch", description = "examples per step [${DEFAULT-VALUE}]", defaultValue = "32")
    int batch;

    @Option(names = "--lr", description = "Adam learning rate, decayed along a cosine to a tenth [${DEFAULT-VALUE}]",
            defaultValue = "0.01")
    double lr;

    @Option(names = "--eval-every", paramLabel = "N", description = "test loss every N steps [${DEFAULT-VALUE}]",
            defaultValue = "100")
    int evalEvery;

    @Mixin
    SeedOption seeding;

    @Option(names = "--out", paramLabel = "DIR", description = "where the loss chart goes [${DEFAULT-VALUE}]",
            defaultValue = "target/classify")
    Path out;

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

    public static void main(String[] args) {
        int code = new CommandLine(new Classify()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Generates the data, trains, tests, prints the accuracy and the confusion matrix, and draws the loss. */
    @Override
    public Integer call() throws IOException {
        int trainCount = task.trainCount();
        int testCount = task.testCount();
        int embeddingDim = task.embedding();
        int hidden = OptionCheck.atLeast(spec, "--hidden", this.hidden, 1);
        int steps = OptionCheck.atLeast(spec, "--steps", this.steps, 1);
        int batch = OptionCheck.atLeast(spec, "--batch", this.batch, 1);
        double lr = OptionCheck.positive(spec, "--lr", this.lr);
        int evalEvery = OptionCheck.atLeast(spec, "--eval-every", this.evalEvery, 1);
        long seed = seeding.value();
        List<MotifData.Example> train = MotifData.generate(trainCount, seed);
        List<MotifData.Example> test = MotifData.generate(testCount, seed + 1000);
        int classes = MotifData.CLASSES.size();
        System.out.printf(Locale.ROOT, "task: which motif a sequence of %d-%d symbols holds: %s%n",
                MotifData.MIN_LENGTH, MotifData.MAX_LENGTH, MotifData.CLASSES);
        for (int i = 0; i < Math.min(3, trainCount); i++) {
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
        return 0;
    }

    private static int[] labels(List<MotifData.Example> examples) {
        return examples.stream().mapToInt(MotifData.Example::label).toArray();
    }
}
