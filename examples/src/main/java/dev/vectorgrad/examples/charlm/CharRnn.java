package dev.vectorgrad.examples.charlm;

import dev.vectorgrad.examples.common.FitLoop;
import dev.vectorgrad.examples.common.HelpOption;
import dev.vectorgrad.examples.common.SeedOption;
import dev.vectorgrad.models.FitOptions;
import dev.vectorgrad.models.RunOptions;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.callbacks.History;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.SimpleRNN;
import dev.vectorgrad.models.optimizers.RMSprop;
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
 * The Keras tutorials' character generator written with {@code models}: {@code SimpleRNN(128,
 * return_sequences=True)} + {@code Dense(vocab, softmax)}, compiled with {@code RMSprop(0.01)} and
 * {@code sparse_categorical_crossentropy}. The text ({@link Corpus}: a file, or by default this project's README and
 * sources) is cut into windows of {@code seq} one-hot characters; at every step the model predicts the next
 * character. After training it writes text, one sampled character at a time, each from the softmax of the last
 * step over the previous {@code seq} characters. (The README's main demo, {@link CharLm}, is the hand-written
 * LSTM loop; this is the short Keras form.)
 * <pre>
 * mvn -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=dev.vectorgrad.examples.charlm.CharRnn
 * </pre>
 */
@Command(name = "CharRnn", sortOptions = false,
        description = "Learns to write like a text with SimpleRNN + Dense softmax + RMSprop (vectorgrad models).")
public final class CharRnn implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    TextOption text;

    @Option(names = "--chars", description = "characters of the text to train on, from its start [${DEFAULT-VALUE}]",
            defaultValue = "200000")
    int chars;

    @Option(names = "--seq", description = "characters per window [${DEFAULT-VALUE}]", defaultValue = "40")
    int seq;

    @Option(names = "--length", description = "characters to generate at the end [${DEFAULT-VALUE}]",
            defaultValue = "300")
    int length;

    @Option(names = "--temperature", description = "sampling temperature: lower is safer [${DEFAULT-VALUE}]",
            defaultValue = "0.5")
    double temperature;

    @Mixin
    FitLoop fit = new FitLoop(10);

    @Mixin
    SeedOption seeding;

    /** What a run measured, and the text it wrote. */
    record Result(History history, String generated) {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new CharRnn()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        run();
        return 0;
    }

    /** Reads the text, trains, and generates. */
    Result run() throws Exception {
        int epochs = fit.epochs();
        int batch = fit.batch();
        int verbose = fit.verbose();
        long seed = seeding.value();
        Corpus corpus = text.corpus();
        int[] ids = Arrays.copyOf(corpus.ids(), Math.min(chars, corpus.ids().length));
        Vocabulary vocabulary = corpus.vocabulary();
        int vocab = vocabulary.size();
        int windows = (ids.length - 1) / seq;                           // non-overlapping, as the tutorials cut them
        if (windows < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the text has " + ids.length
                    + " characters: too short for windows of " + seq + " (use a smaller --seq or a longer text)");
        }
        float[][][] x = new float[windows][seq][vocab];                 // one-hot characters
        int[][] y = new int[windows][seq];                              // the character after each
        for (int i = 0; i < windows; i++) {
            for (int t = 0; t < seq; t++) {
                x[i][t][ids[i * seq + t]] = 1;
                y[i][t] = ids[i * seq + t + 1];
            }
        }
        System.out.printf(Locale.ROOT, "text: %s%n  the first %,d characters in %,d windows of %d;"
                + " %d distinct characters%n%n", corpus.description(), ids.length, windows, seq, vocab);

        // ---- the model: as the Keras tutorial writes it ----
        Sequential model = new Sequential(new Input(seq, vocab),
                SimpleRNN.builder(128).returnSequences(true).build(),
                new Dense(vocab, "softmax"));
        System.out.println(model.summary());
        model.compile(new RMSprop(0.01), "sparse_categorical_crossentropy");
        History history = model.fit(x, y, FitOptions.defaults().epochs(epochs).batchSize(batch)
                .validationSplit(0.1).seed(seed).verbose(verbose));
        // generation: predict the next character from the last seq ones, sample it, slide the window
        SplittableRandom random = new SplittableRandom(seed);
        int[] context = Arrays.copyOfRange(ids, 0, seq);
        StringBuilder generated = new StringBuilder();
        float[][][] window = new float[1][seq][vocab];
        for (int n = 0; n < length; n++) {
            for (int t = 0; t < seq; t++) {
                Arrays.fill(window[0][t], 0);
                window[0][t][context[t]] = 1;
            }
            float[] p = model.predict(window, RunOptions.defaults().verbose(0)).toFloatArray();
            int next = sample(p, (seq - 1) * vocab, vocab, temperature, random);
            System.arraycopy(context, 1, context, 0, seq - 1);
            context[seq - 1] = next;
            generated.append(vocabulary.character(next));
        }
        // ---- end of the model ----

        StringBuilder prompt = new StringBuilder();
        for (int t = 0; t < seq; t++) {
            prompt.append(vocabulary.character(ids[t]));
        }
        System.out.printf(Locale.ROOT, "%n--- generated at temperature %s after the first %d characters:%n%s[%s]%n---%n",
                temperature, seq, prompt, generated);
        return new Result(history, generated.toString());
    }

    /**
     * An index drawn from the probabilities {@code p[offset, offset + n)} sharpened by {@code temperature}
     * ({@code p^(1/T)}, renormalised), as the Keras tutorials' {@code sample} helper does.
     */
    static int sample(float[] p, int offset, int n, double temperature, SplittableRandom random) {
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(Math.log(Math.max(p[offset + i], 1e-12)) / temperature);
            total += w[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            u -= w[i];
            if (u < 0) {
                return i;
            }
        }
        return n - 1;
    }
}
