package dev.vectorgrad.examples.common;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Range checks of option values that picocli's type conversion leaves to the program. A value out of range is a
 * usage error: a {@link CommandLine.ParameterException} naming the option, what it expects and what it got, which
 * picocli prints with the usage before ending the program with status 2.
 */
public final class OptionCheck {

    private OptionCheck() {
    }

    /** {@code value}, when it is at least {@code min}. */
    public static int atLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw invalid(spec, option, "at least " + min, Integer.toString(value));
        }
        return value;
    }

    /** {@code value}, when it is a number greater than 0. */
    public static double positive(CommandSpec spec, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(spec, option, "a number above 0", Double.toString(value));
        }
        return value;
    }

    /** {@code value}, when it is a finite number of at least 0. */
    public static double nonNegative(CommandSpec spec, String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw invalid(spec, option, "a number of at least 0", Double.toString(value));
        }
        return value;
    }

    private static CommandLine.ParameterException invalid(CommandSpec spec, String option, String expected,
            String actual) {
        return new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': expected " + expected + ", got " + actual);
    }
}
