package dev.vectorgrad.examples.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastTest {

    @TempDir
    Path dir;

    @Test
    void forecastsACsvColumnAndDrawsIt() throws Exception {
        StringBuilder csv = new StringBuilder("time,\"load\"\n");
        double[] values = Series.noisyMultiSine(400, 0.05, 9);
        for (int t = 0; t < values.length; t++) {
            csv.append(t).append(',').append(values[t]).append('\n');
        }
        Path file = dir.resolve("series.csv");
        Files.writeString(file, csv);
        Path out = dir.resolve("out");
        Forecast.main(new String[] {"--csv", file.toString(), "--column", "load", "--steps", "20", "--window", "12",
            "--hidden", "8", "--out", out.toString()});
        assertTrue(Files.readString(out.resolve("forecast.svg")).contains("polyline"));
        assertTrue(Files.exists(out.resolve("loss.svg")));
    }

    @Test
    void readsACsvColumnByName() throws Exception {
        Path file = dir.resolve("a.csv");
        Files.writeString(file, "a, \"b\"\n1,2\n3,\n\n5, \"6.5\"\n");
        assertArrayEquals(new double[] {2, 6.5}, Series.csvColumn(file, "b"));
        IOException missing = assertThrows(IOException.class, () -> Series.csvColumn(file, "c"));
        assertTrue(missing.getMessage().contains("[a, b]"), missing.getMessage());
        Files.writeString(file, "a\n1\nx\n");
        IOException bad = assertThrows(IOException.class, () -> Series.csvColumn(file, "a"));
        assertTrue(bad.getMessage().contains("line 3: 'x'"), bad.getMessage());
    }
}
