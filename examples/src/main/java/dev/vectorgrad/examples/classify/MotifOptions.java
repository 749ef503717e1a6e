package dev.vectorgrad.examples.classify;

import dev.vectorgrad.examples.common.OptionCheck;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options both motif classifiers share, a picocli {@code @Mixin}: how many examples of {@link MotifData} to
 * train and test on, and the size of the symbols' embedding.
 */
final class MotifOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--train", description = "training examples [${DEFAULT-VALUE}]", defaultValue = "4000")
    int trainCount;

    @Option(names = "--test", description = "test examples [${DEFAULT-VALUE}]", defaultValue = "1000")
    int testCount;

    @Option(names = "--embedding", description = "embedding size [${DEFAULT-VALUE}]", defaultValue = "16")
    int embedding;

    /** {@code --train}, checked to be at least 1. */
    int trainCount() {
        return OptionCheck.atLeast(spec, "--train", trainCount, 1);
    }

    /** {@code --test}, checked to be at least 1. */
    int testCount() {
        return OptionCheck.atLeast(spec, "--test", testCount, 1);
    }

    /** {@code --embedding}, checked to be at least 1. */
    int embedding() {
        return OptionCheck.atLeast(spec, "--embedding", embedding, 1);
    }
}
