package dev.vectorgrad.examples.forecast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Where the forecast example gets its numbers: a synthetic series, or one column of a CSV file. */
public final class Series {

    private Series() {
    }

    /**
     * Three sines with periods of 24, 67 and 200 steps and different amplitudes, plus Gaussian
     * noise with standard deviation {@code noise}: regular enough to learn, irregular enough that
     * "same as last time" is a poor forecast.
     */
    public static double[] noisyMultiSine(int length, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[length];
        for (int t = 0; t < length; t++) {
            y[t] = 1.0 * Math.sin(2 * Math.PI * t / 24)
                    + 0.6 * Math.sin(2 * Math.PI * t / 67 + 1)
                    + 0.4 * Math.sin(2 * Math.PI * t / 200 + 2)
                    + noise * gaussian(random);
        }
        return y;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: two uniforms to one standard normal deviate.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * The values of column {@code name} of a comma-separated file whose first line names the
     * columns; surrounding quotes and spaces are ignored, empty cells are skipped.
     *
     * @throws IOException naming the file, line and cell when a value is not a number or the column is missing
     */
    public static double[] csvColumn(Path file, String name) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(Series::unquote).toList();
        int column = header.indexOf(name);
        if (column < 0) {
            throw new IOException(file + " has no column '" + name + "'; its columns are " + header);
        }
        double[] values = new double[lines.size() - 1];
        int n = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            String cell = column < cells.length ? unquote(cells[column]) : "";
            if (cell.isEmpty()) {
                continue;
            }
            try {
                values[n++] = Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new IOException(file + " line " + (i + 1) + ": '" + cell + "' in column '" + name
                        + "' is not a number");
            }
        }
        return Arrays.copyOf(values, n);
    }

    private static String unquote(String cell) {
        String s = cell.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).strip() : s;
    }
}
