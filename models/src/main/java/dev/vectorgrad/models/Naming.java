package dev.vectorgrad.models;

import java.util.regex.Pattern;

/** Keras's layer names: the snake-case class name ({@code keras.src.utils.naming.to_snake_case}). */
final class Naming {

    private static final Pattern NON_WORD = Pattern.compile("\\W+");
    private static final Pattern CAPITALISED_WORD = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");

    private Naming() {
    }

    /** {@code "SimpleRNN"} to {@code "simple_rnn"}, {@code "LSTM"} to {@code "lstm"}, {@code "Dense"} to {@code "dense"}. */
    static String snakeCase(String className) {
        String name = NON_WORD.matcher(className).replaceAll("");
        name = CAPITALISED_WORD.matcher(name).replaceAll("$1_$2");
        name = LOWER_UPPER.matcher(name).replaceAll("$1_$2");
        return name.toLowerCase(java.util.Locale.ROOT);
    }
}
