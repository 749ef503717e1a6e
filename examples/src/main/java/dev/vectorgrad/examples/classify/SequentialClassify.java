package dev.vectorgrad.examples.classify;

import dev.vectorgrad.examples.common.ConfusionMatrix;
import dev.vectorgrad.examples.common.FitLoop;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.SeedOption;
import dev.vectorgrad.models.FitOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.data.Sequences;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Embedding;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.optimizers.Adam;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The Keras tutorials' text classifier written with {@code models}: {@code Embedding} + {@code LSTM} +
 * {@code Dense(softmax)}, compiled with {@code sparse_categorical_crossentropy} and {@code accuracy}, on the motif
 * task of {@link MotifData}. Sequences of 10 to 40 symbols are padded in front to 40 with {@code padSequences}, as
 * Keras's {@code pad_sequences} does (symbol {@code s} is id {@code s + 1}; 0 is the padding), and the LSTM reads
 * the padding as data. Prints Keras-style progress, the test loss and accuracy, and the confusion matrix.
 * <pre>
 * mvn -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.classify.SequentialClassify
 * </pre>
 */
@Command(name = "SequentialClassify", sortOptions = false,
        description = "Learns which motif a sequence holds with Embedding + LSTM + Dense softmax (vectorgrad models).")
public final class SequentialClassify implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Mixin
    MotifOptions task;

    @Option(names = "--units", description = "LSTM units [${DEFAULT-VALUE}]", defaultValue = "64")
    int units;

    @Option(names = "--lr", description = "Adam learning rate [${DEFAULT-VALUE}]", defaultValue = "0.01")
    double lr;

    @Mixin
    FitLoop fit = new FitLoop(10);

    @Mixin
    SeedOption seeding;

    /** What a run measured. */
    record Result(History history, double testLoss, double testAccuracy) {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new SequentialClassify()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        run();
        return 0;
    }

    /** Generates the data, trains, evaluates, and prints what it measured. */
    Result run() {
        int trainCount = task.trainCount();
        int testCount = task.testCount();
        int embedding = task.embedding();
        int epochs = fit.epochs();
        int batch = fit.batch();
        int verbose = fit.verbose();
        long seed = seeding.value();
        List<MotifData.Example> train = MotifData.generate(trainCount, seed);
        List<MotifData.Example> test = MotifData.generate(testCount, seed + 1000);
        int[][] xTrain = padded(train);
        int[] yTrain = train.stream().mapToInt(MotifData.Example::label).toArray();
        int[][] xTest = padded(test);
        int[] yTest = test.stream().mapToInt(MotifData.Example::label).toArray();
        int classes = MotifData.CLASSES.size();
        System.out.printf(Locale.ROOT, "task: which motif a sequence of %d-%d symbols holds: %s%n",
                MotifData.MIN_LENGTH, MotifData.MAX_LENGTH, MotifData.CLASSES);
        System.out.printf(Locale.ROOT, "data: %d training and %d test examples, padded in front to %d%n%n",
                trainCount, testCount, MotifData.MAX_LENGTH);

        // ---- the model: as the Keras tutorials write it ----
        Sequential model = new Sequential(new Input(MotifData.MAX_LENGTH),
                new Embedding(MotifData.SYMBOLS + 1, embedding),
                new LSTM(units),
                new Dense(classes, "softmax"));
        System.out.println(model.summary());
        model.compile(new Adam(lr), "sparse_categorical_crossentropy", "accuracy");
        History history = model.fit(xTrain, yTrain, FitOptions.defaults().epochs(epochs).batchSize(batch)
                .validationData(xTest, yTest).seed(seed).verbose(verbose));
        List<Double> lossAndAccuracy = model.evaluate(xTest, yTest);
        float[] probabilities = model.predict(xTest).toFloatArray();
        // ---- end of the model ----

        int[][] confusion = ConfusionMatrix.count(yTest, probabilities, classes);
        System.out.printf(Locale.ROOT, "%ntest loss %.4f, test accuracy %.1f %% (chance is %.0f %%)%n%n",
                lossAndAccuracy.get(0), 100 * lossAndAccuracy.get(1), 100.0 / classes);
        System.out.println(ConfusionMatrix.format(confusion, MotifData.CLASSES));
        return new Result(history, lossAndAccuracy.get(0), lossAndAccuracy.get(1));
    }

    /** Each example's symbols as ids {@code s + 1}, padded in front with 0 to the longest possible length. */
    static int[][] padded(List<MotifData.Example> examples) {
        int[][] ids = examples.stream().map(e -> e.symbols().clone()).toArray(int[][]::new);
        for (int[] s : ids) {
            for (int t = 0; t < s.length; t++) {
                s[t]++;
            }
        }
        return Sequences.padSequences(ids, MotifData.MAX_LENGTH, "pre", "pre", 0);
    }
}
