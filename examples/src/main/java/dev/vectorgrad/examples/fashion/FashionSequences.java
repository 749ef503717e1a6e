package dev.vectorgrad.examples.fashion;

import dev.vectorgrad.examples.common.ConfusionMatrix;
import dev.vectorgrad.examples.common.FitLoop;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.LineChart;
import dev.vectorgrad.examples.common.SeedOption;
import dev.vectorgrad.models.FitOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.data.Tensors;
import dev.vectorgrad.models.layers.Conv2D;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Flatten;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.MaxPooling2D;
import dev.vectorgrad.models.layers.TimeDistributed;
import dev.vectorgrad.models.optimizers.Adam;
import dev.vectorgrad.autograd.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The tutorials' image-sequence classifier on Fashion-MNIST: {@code TimeDistributed} convolutions and pooling over
 * each frame, an {@code LSTM} over the frames, {@code Dense(softmax)}; trained with {@code fit} on the task of
 * {@link BagSequences} ("what comes after the bag"), validated each epoch, then tested. Prints Keras-style
 * progress, the test accuracy and the confusion matrix, and writes the accuracy and loss curves as SVG images.
 *
 * <p>The data is reduced, not the model: by default 4,000 training sequences (32,000 frames), 500 validation and
 * 2,000 test sequences, 8 epochs. {@code bench/torch_fashion_sequences.py} trains the same model in PyTorch on the
 * same sequences for the same number of steps.
 * <pre>
 * apt-get install dataset-fashion-mnist
 * mvn -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.fashion.FashionSequences
 * </pre>
 */
@Command(name = "FashionSequences", sortOptions = false,
        description = "Classifies sequences of Fashion-MNIST images with TimeDistributed Conv2D + LSTM (vectorgrad models).")
public final class FashionSequences implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = "--data", description = "the folder of Fashion-MNIST's four IDX files [${DEFAULT-VALUE}]",
            defaultValue = "/usr/share/datasets/fashion-mnist")
    Path data;

    @Option(names = "--train", description = "training sequences [${DEFAULT-VALUE}]", defaultValue = "4000")
    int trainCount;

    @Option(names = "--validation", description = "validation sequences [${DEFAULT-VALUE}]", defaultValue = "500")
    int validationCount;

    @Option(names = "--test", description = "test sequences [${DEFAULT-VALUE}]", defaultValue = "2000")
    int testCount;

    @Mixin
    FitLoop fit = new FitLoop(8);

    @Option(names = "--lr", description = "Adam learning rate [${DEFAULT-VALUE}]", defaultValue = "0.001")
    double lr;

    @Mixin
    SeedOption seeding;

    @Option(names = "--out", description = "where the curves go [${DEFAULT-VALUE}]",
            defaultValue = "target/fashion-sequences")
    Path out;

    /** What a run measured. */
    record Result(History history, double testLoss, double testAccuracy, int[][] confusion) {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new FashionSequences()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!BagSequences.present(data)) {
            System.err.println("Fashion-MNIST is not in " + data + ": install it with `apt-get install"
                    + " dataset-fashion-mnist` (Debian), or pass --data with the folder of its four IDX files");
            return 2;
        }
        long start = System.nanoTime();
        run();
        System.out.printf(Locale.ROOT, "%ntime: %.0f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Reads the data, draws the sequences, trains, evaluates, writes the curves and prints what it measured. */
    Result run() throws IOException {
        int epochs = fit.epochs();
        int batch = fit.batch();
        int verbose = fit.verbose();
        long seed = seeding.value();
        BagSequences.Images trainImages = BagSequences.load(data, "train");
        BagSequences.Images testImages = BagSequences.load(data, "t10k");
        BagSequences.Sequences train = BagSequences.draw(trainImages, 0, 50_000, trainCount, seed);
        BagSequences.Sequences validation = BagSequences.draw(trainImages, 50_000, 60_000, validationCount, seed + 1);
        BagSequences.Sequences test = BagSequences.draw(testImages, 0, testImages.count(), testCount, seed + 2);
        System.out.printf(Locale.ROOT, "task: %d Fashion-MNIST images per sequence, one of them a bag at frames 0-6;"
                + " the label is the class of the image after the bag%n", BagSequences.FRAMES);
        System.out.printf(Locale.ROOT, "data: %d training (from train images 0-49,999), %d validation (50,000-59,999)"
                + " and %d test sequences (test images)%n%n", trainCount, validationCount, testCount);
        int side = BagSequences.SIDE;
        int frames = BagSequences.FRAMES;
        Tensor xTrain = Tensors.ofFlat(train.x(), trainCount, frames, side, side, 1);
        Tensor xValidation = Tensors.ofFlat(validation.x(), validationCount, frames, side, side, 1);
        Tensor xTest = Tensors.ofFlat(test.x(), testCount, frames, side, side, 1);

        // ---- the model: as the Keras tutorial writes it ----
        Sequential model = new Sequential(new Input(frames, side, side, 1),
                new TimeDistributed(new Conv2D(32, 3, "relu")),
                new TimeDistributed(new MaxPooling2D(2)),
                new TimeDistributed(new Conv2D(64, 3, "relu")),
                new TimeDistributed(new MaxPooling2D(2)),
                new TimeDistributed(new Flatten()),
                new LSTM(50),
                new Dense(10, "softmax"));
        System.out.println(model.summary());
        model.compile(new Adam(lr), "sparse_categorical_crossentropy", "accuracy");
        History history = model.fit(xTrain, train.y(), FitOptions.defaults().epochs(epochs).batchSize(batch)
                .validationData(xValidation, validation.y()).seed(seed).verbose(verbose));
        List<Double> lossAndAccuracy = model.evaluate(xTest, test.y());
        float[] probabilities = model.predict(xTest).toFloatArray();
        // ---- end of the model ----

        int[][] confusion = ConfusionMatrix.count(test.y(), probabilities, BagSequences.CLASSES.size());
        System.out.printf(Locale.ROOT, "%ntest loss %.4f, test accuracy %.1f %% (chance is %.1f %%: nine classes"
                + " can follow the bag)%n%n", lossAndAccuracy.get(0), 100 * lossAndAccuracy.get(1), 100.0 / 9);
        System.out.println(ConfusionMatrix.format(confusion, BagSequences.CLASSES));
        Files.createDirectories(out);
        for (String metric : List.of("accuracy", "loss")) {
            Path chart = curves(history, metric).write(out.resolve(metric + ".svg"));
            System.out.println("wrote " + chart.toAbsolutePath());
        }
        return new Result(history, lossAndAccuracy.get(0), lossAndAccuracy.get(1), confusion);
    }

    /** The training and validation values of {@code metric} by epoch. */
    static LineChart curves(History history, String metric) {
        List<Double> trainValues = history.get(metric);
        double[] epochs = new double[trainValues.size()];
        for (int e = 0; e < epochs.length; e++) {
            epochs[e] = e + 1;
        }
        return new LineChart("Fashion-MNIST sequences: " + metric + " by epoch", "epoch", metric)
                .markers("training", epochs, values(trainValues))
                .markers("validation", epochs, values(history.get("val_" + metric)));
    }

    private static double[] values(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
