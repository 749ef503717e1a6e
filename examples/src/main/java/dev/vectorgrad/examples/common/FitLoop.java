package dev.vectorgrad.examples.common;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of a Keras-style {@code fit}, a picocli {@code @Mixin} of the {@code models} examples: epochs, batch
 * size and verbosity. The number of epochs a program needs is its own, so each passes its default to the
 * constructor; {@code --help} shows it.
 */
public final class FitLoop {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--epochs", description = "passes over the training data [${DEFAULT-VALUE}]")
    private int epochs;

    @Option(names = "--batch", description = "training samples per step [${DEFAULT-VALUE}]", defaultValue = "32")
    private int batch;

    @Option(names = "--verbose", description = "0 silent, 1 a progress bar, 2 a line per epoch [${DEFAULT-VALUE}]",
            defaultValue = "1")
    private int verbose;

    /** The options with {@code defaultEpochs} as the default of {@code --epochs}. */
    public FitLoop(int defaultEpochs) {
        epochs = defaultEpochs;
    }

    /** {@code --epochs}, checked to be at least 1. */
    public int epochs() {
        return OptionCheck.atLeast(spec, "--epochs", epochs, 1);
    }

    /** {@code --batch}, checked to be at least 1. */
    public int batch() {
        return OptionCheck.atLeast(spec, "--batch", batch, 1);
    }

    /** {@code --verbose}, checked to be 0, 1 or 2. */
    public int verbose() {
        if (verbose < 0 || verbose > 2) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--verbose': expected 0, 1 or 2, got " + verbose);
        }
        return verbose;
    }
}
