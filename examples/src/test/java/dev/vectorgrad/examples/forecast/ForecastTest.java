package dev.vectorgrad.examples.forecast;

import dev.vectorgrad.examples.common.Execution;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
        assertEquals(0, CommandLine.populateCommand(new Forecast(), "--csv", file.toString(), "--column", "load",
                "--steps", "20", "--window", "12", "--hidden", "8", "--out", out.toString()).call());
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


    @Test
    void helpPrintsTheOptionsWithTheirDefaults() {
        Execution help = Execution.of(new Forecast(), "--help");
        assertEquals(0, help.code());
        for (String expected : new String[] {"Usage: Forecast", "--csv=FILE", "--column=NAME", "[3000]", "[0.1]",
            "[48]", "GRU hidden size [32]", "training steps [2000]", "windows per step [32]", "[0.005]", "[300]",
            "--seed", "[target/forecast]"}) {
            assertTrue(help.out().contains(expected), expected + " in " + help.out());
        }
    }

    @Test
    void usageErrorsEndWithStatus2AndTheMessage() {
        Execution unknown = Execution.of(new Forecast(), "--zzz");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("Unknown option: '--zzz'"), unknown.err());
        assertTrue(unknown.err().contains("Usage: Forecast"), unknown.err());
        String[][] cases = {
            {"--csv", "a.csv", "Error: Missing required argument(s): --column=NAME"},
            {"--steps", "0", "Invalid value for option '--steps': expected at least 1, got 0"},
            {"--window", "0", "Invalid value for option '--window': expected at least 1, got 0"},
            {"--window", "x", "Invalid value for option '--window': 'x' is not an int"},
            {"--noise", "-1", "Invalid value for option '--noise': expected a number of at least 0, got -1.0"},
            {"--lr", "0", "Invalid value for option '--lr': expected a number above 0, got 0.0"},
            {"--length", "40", "the series has 40 values: too short for windows of 48 (use a smaller --window)"},
        };
        for (String[] c : cases) {
            Execution e = Execution.of(new Forecast(), c[0], c[1]);
            assertEquals(2, e.code(), c[0] + " " + c[1]);
            assertTrue(e.err().startsWith(c[2]), e.err());
        }
    }
}
