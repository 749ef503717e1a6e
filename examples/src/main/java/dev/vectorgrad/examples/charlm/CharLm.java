package dev.vectorgrad.examples.charlm;

import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.autograd.optim.GradClip;
import dev.vectorgrad.autograd.optim.Optimizer;
import dev.vectorgrad.cells.CellState;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.LossLog;
import dev.vectorgrad.examples.common.OptionCheck;
import dev.vectorgrad.examples.common.Progress;
import dev.vectorgrad.examples.common.Schedule;
import dev.vectorgrad.examples.common.SeedOption;
import dev.vectorgrad.kernels.quant.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * Trains a character-level LSTM language model and generates text with it.
 *
 * <p>By default it learns from this project's own README and Java sources (no download), prints
 * progress and, every few hundred steps, the validation loss and a sample of generated text. At
 * the end it saves the model as safetensors and draws the loss curve as an SVG image. Run from the
 * repository root ({@code -Dargs} passes options; see {@code --help}):
 * <pre>
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo                               # train
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dargs="--text my.txt"        # your text
 * mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dargs="--generate target/charlm/charlm.safetensors"
 * </pre>
 *
 * <p>Training is truncated backpropagation through time written out as a plain loop: the text is
 * cut into {@code batch} parallel streams; each step reads the next {@code seq} characters of
 * every stream, starts from the LSTM state the previous step ended in (detached, so gradients stop
 * there), predicts each next character, backpropagates the cross-entropy, clips the gradient norm
 * and takes an Adam step. One block of text in ten is held out to measure the validation loss.
 */
@Command(name = "CharLm", sortOptions = false,
        description = "Trains a character-level LSTM language model, then samples from it.")
public final class CharLm implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Mixin
    TextOption text;

    @Option(names = "--steps", description = "training steps [${DEFAULT-VALUE}]", defaultValue = "1000")
    int steps;

    @Option(names = "--batch", description = "parallel text streams per step [${DEFAULT-VALUE}]", defaultValue = "32")
    int batch;

    @Option(names = "--seq", description = "characters per stream per step (the BPTT length) [${DEFAULT-VALUE}]",
            defaultValue = "64")
    int seq;

    @Option(names = "--embedding", description = "embedding size [${DEFAULT-VALUE}]", defaultValue = "32")
    int embeddingDim;

    @Option(names = "--hidden", description = "LSTM hidden size [${DEFAULT-VALUE}]", defaultValue = "256")
    int hidden;

    @Option(names = "--layers", description = "LSTM layers [${DEFAULT-VALUE}]", defaultValue = "1")
    int layers;

    @Option(names = "--lr", description = "Adam learning rate, decayed along a cosine to a tenth [${DEFAULT-VALUE}]",
            defaultValue = "0.004")
    double lr;

    @Option(names = "--eval-every", paramLabel = "N",
            description = "validation loss and a sample every N steps [${DEFAULT-VALUE}]", defaultValue = "250")
    int evalEvery;

    @Option(names = "--temperature", description = "sampling temperature: lower is safer, higher is wilder"
            + " [${DEFAULT-VALUE}]", defaultValue = "0.7")
    double temperature;

    @Option(names = "--length", description = "characters per sample [${DEFAULT-VALUE}]", defaultValue = "240")
    int length;

    @Option(names = "--prompt", paramLabel = "TEXT",
            description = "text to start each sample from [\"    /** \", or a new line with --text]")
    String prompt;

    @Option(names = "--compare-weight-formats",
            description = "after training, the validation loss through StepInference with fp32, bf16 and int8 weights"
                    + " (on up to 32 streams x 1,024 held-out characters)")
    boolean compareWeightFormats;

    @Mixin
    SeedOption seeding;

    @Option(names = "--out", paramLabel = "DIR", description = "where the model and the loss chart go"
            + " [${DEFAULT-VALUE}]", defaultValue = "target/charlm")
    Path out;

    @Option(names = "--generate", paramLabel = "MODEL",
            description = "skip training: load MODEL (.safetensors) and print a sample")
    Path generate;

    public static void main(String[] args) {
        int code = new CommandLine(new CharLm()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Trains, samples along the way, saves the model and draws the loss; or, with {@code --generate}, only samples. */
    @Override
    public Integer call() throws IOException {
        double temperature = OptionCheck.positive(spec, "--temperature", this.temperature);
        int length = OptionCheck.atLeast(spec, "--length", this.length, 0);
        String prompt = this.prompt != null ? this.prompt : text.given() ? "\n" : "    /** ";   // the default corpus is Java
        long seed = seeding.value();
        SplittableRandom random = new SplittableRandom(seed);
        if (generate != null) {
            CharModel model = CharModel.restore(generate);
            System.out.println("loaded " + generate.toAbsolutePath() + " (" + model.parameterCount() + " parameters)");
            System.out.println(prompt + model.generate(prompt, length, temperature, random));
            return 0;
        }
        int steps = OptionCheck.atLeast(spec, "--steps", this.steps, 1);
        int batch = OptionCheck.atLeast(spec, "--batch", this.batch, 1);
        int seq = OptionCheck.atLeast(spec, "--seq", this.seq, 1);
        int embeddingDim = OptionCheck.atLeast(spec, "--embedding", this.embeddingDim, 1);
        int hidden = OptionCheck.atLeast(spec, "--hidden", this.hidden, 1);
        int layers = OptionCheck.atLeast(spec, "--layers", this.layers, 1);
        double lr = OptionCheck.positive(spec, "--lr", this.lr);
        int evalEvery = OptionCheck.atLeast(spec, "--eval-every", this.evalEvery, 1);

        Corpus corpus = text.corpus();
        int[] ids = corpus.ids();
        int[][] split = holdOut(ids, 10, Math.max(seq + 1, Math.min(2000, ids.length / 50)));
        int[] train = split[0];
        int[] validation = split[1];
        if (train.length / batch < seq + 1 || validation.length < seq + 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the text has " + ids.length + " characters:"
                    + " too short for " + batch + " streams of " + seq + "; use a smaller --batch or --seq, or a longer text");
        }
        int validationBatch = Math.min(batch, validation.length / (seq + 1));
        CharModel model = new CharModel(corpus.vocabulary(), embeddingDim, hidden, layers, seed);
        System.out.printf(Locale.ROOT, "corpus: %s%n  %,d characters (%,d for training, %,d held out), %d distinct%n",
                corpus.description(), ids.length, train.length, validation.length, corpus.vocabulary().size());
        System.out.printf(Locale.ROOT, "model: embedding %d -> LSTM %d x %d -> linear %d, %,d parameters%n",
                embeddingDim, layers, hidden, corpus.vocabulary().size(), model.parameterCount());
        System.out.printf(Locale.ROOT, "training: %d steps of %d streams x %d characters, Adam lr %s, clip 1.0%n%n",
                steps, batch, seq, lr);

        Optimizer optimizer = Adam.builder(lr).build(model.parameters());
        Batches batches = new Batches(train, batch, seq);
        Progress progress = new Progress(steps, "chars");
        LossLog log = new LossLog();
        CellState state = null;
        try (Tape tape = Tape.open()) {
            for (int step = 1; step <= steps; step++) {
                if (batches.next()) {
                    state = null;                           // back at the start of the streams
                }
                CharModel.Output output = model.forward(batches.inputs(), seq, batch, state);
                Tensor loss = Losses.crossEntropy(output.logits(), batches.targets());
                tape.backward(loss);
                GradClip.byNorm(optimizer.parameters(), 1.0);
                optimizer.setLearningRate(Schedule.cosine(lr, step, steps));
                optimizer.step();
                optimizer.zeroGrad();
                state = output.state().detach();            // carry the state, not its history
                tape.reset();                               // forget this step's graph

                log.step(step, loss.item());
                progress.update(step, (long) step * batch * seq, String.format(Locale.ROOT, "loss %.3f", log.smoothed()));
                if (step % evalEvery == 0 || step == steps) {
                    double v = validationLoss(model, validation, validationBatch, seq);
                    log.evaluation(step, v);
                    progress.message(String.format(Locale.ROOT, "%n--- step %d: validation loss %.3f nats/char"
                            + " (%.2f bits), sample at temperature %s:%n%s%s%n---", step, v, v / Math.log(2),
                            temperature, prompt, model.generate(prompt, length, temperature, random)));
                }
            }
        }

        Files.createDirectories(out);
        Path modelFile = out.resolve("charlm.safetensors");
        model.save(modelFile);
        Path chart = log.chart("Character LSTM: loss by step", "cross-entropy (nats per character)", "validation")
                .write(out.resolve("loss.svg"));
        System.out.printf(Locale.ROOT, "%nvalidation loss %.3f nats/char after %d steps in %.0f s%n",
                log.lastEvaluation(), steps, progress.elapsedSeconds());
        if (compareWeightFormats) {
            compareWeightFormats(model, validation, validationBatch);
        }
        System.out.println("wrote " + modelFile.toAbsolutePath());
        System.out.println("wrote " + chart.toAbsolutePath());
        System.out.println("generate again with: --generate " + modelFile.toAbsolutePath());
        return 0;
    }

    /** Prints the held-out loss on the step path with the weights in each format, and its change from fp32. */
    static void compareWeightFormats(CharModel model, int[] validation, int streams) {
        int length = Math.min(validation.length / streams, 1024);
        int[] text = Arrays.copyOf(validation, streams * length);
        double fp32 = model.stepLoss(text, streams, WeightFormat.FP32);
        System.out.printf(Locale.ROOT, "validation loss through StepInference (%d streams x %d characters): fp32 %.5f",
                streams, length, fp32);
        for (WeightFormat f : new WeightFormat[] {WeightFormat.BF16, WeightFormat.INT8}) {
            double q = model.stepLoss(text, streams, f);
            System.out.printf(Locale.ROOT, ", %s %.5f (%+.5f)", f.name().toLowerCase(Locale.ROOT), q, q - fp32);
        }
        System.out.println(" nats/char");
    }

    /** Mean cross-entropy over the held-out text, read as {@code batch} streams from a zero state. */
    static double validationLoss(CharModel model, int[] text, int batch, int seq) {
        Batches batches = new Batches(text, batch, seq);
        double total = 0;
        CellState state = null;
        try (Tape.NoGrad ignored = Tape.noGrad()) {        // evaluation only: nothing to record
            for (int i = 0; i < batches.chunksPerPass(); i++) {
                batches.next();
                CharModel.Output output = model.forward(batches.inputs(), seq, batch, state);
                total += Losses.crossEntropy(output.logits(), batches.targets()).item();
                state = output.state();
            }
        }
        return total / batches.chunksPerPass();
    }

    /**
     * Splits the text into blocks of {@code blockLength} characters and holds out every
     * {@code every}-th block: {@code {training, validation}}. Blocks from all over the text, so the
     * held-out part reads like the rest (the end of a text is often unlike its beginning).
     */
    static int[][] holdOut(int[] ids, int every, int blockLength) {
        int[] train = new int[ids.length];
        int[] validation = new int[ids.length];
        int nt = 0;
        int nv = 0;
        for (int start = 0, block = 0; start < ids.length; start += blockLength, block++) {
            int n = Math.min(blockLength, ids.length - start);
            if (block % every == every - 1) {
                System.arraycopy(ids, start, validation, nv, n);
                nv += n;
            } else {
                System.arraycopy(ids, start, train, nt, n);
                nt += n;
            }
        }
        return new int[][] {Arrays.copyOf(train, nt), Arrays.copyOf(validation, nv)};
    }

}
