package dev.vectorgrad.examples.forecast;

import dev.vectorgrad.examples.common.OptionCheck;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options both forecasters share, a picocli {@code @Mixin}: which series (a CSV column, or the synthetic
 * noisy multi-sine of {@link Series}) and how many past values each forecast reads.
 */
final class SeriesOptions {

    /** A CSV file and the column to forecast: both or neither. */
    static final class CsvSource {
        @Option(names = "--csv", required = true, paramLabel = "FILE",
                description = "read the series from a CSV file with a header line [a synthetic noisy multi-sine]")
        Path file;

        @Option(names = "--column", required = true, paramLabel = "NAME",
                description = "the CSV column to forecast (needed with --csv)")
        String column;
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @ArgGroup(exclusive = false)
    CsvSource csv;

    @Option(names = "--length", description = "length of the synthetic series [${DEFAULT-VALUE}]", defaultValue = "3000")
    int length;

    @Option(names = "--noise", description = "noise standard deviation of the synthetic series [${DEFAULT-VALUE}]",
            defaultValue = "0.1")
    double noise;

    @Option(names = "--window", description = "past values each forecast reads [${DEFAULT-VALUE}]", defaultValue = "48")
    int window;

    /** Whether the series is the synthetic one (no {@code --csv}). */
    boolean synthetic() {
        return csv == null;
    }

    /** The series: the CSV column, or the synthetic series drawn with {@code seed}. */
    double[] read(long seed) throws IOException {
        if (csv != null) {
            return Series.csvColumn(csv.file, csv.column);
        }
        OptionCheck.atLeast(spec, "--length", length, 1);
        return Series.noisyMultiSine(length, OptionCheck.nonNegative(spec, "--noise", noise), seed);
    }

    /** What the series is called in the output. */
    String name() {
        return csv != null ? csv.file.getFileName() + " / " + csv.column : "noisy multi-sine";
    }

    /** {@code --window}, checked to be at least 1. */
    int window() {
        return OptionCheck.atLeast(spec, "--window", window, 1);
    }

    /**
     * Fails with a usage error unless a series of {@code values} values, tested from {@code testStart} on, leaves
     * at least {@code batch} training windows and 2 test values.
     */
    void requireWindows(int values, int testStart, int batch) {
        if (testStart - window < batch || values - testStart < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the series has " + values
                    + " values: too short for windows of " + window + " (use a smaller --window)");
        }
    }
}
