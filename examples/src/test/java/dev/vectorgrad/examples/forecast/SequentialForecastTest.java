package dev.vectorgrad.examples.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link SequentialForecast} end to end on short series. The loss factors are measured values' lower bounds with
 * room for rounding differences between kernels (measured values in the comments); a model that does not learn
 * fails them.
 */
class SequentialForecastTest {

    @TempDir
    Path dir;

    private static SequentialForecast.Result run(String... args) throws Exception {
        return CommandLine.populateCommand(new SequentialForecast(), args).run();
    }

    @Test
    void simpleRnnLearnsTheSyntheticSeriesAndBeatsTheLastValue() throws Exception {
        SequentialForecast.Result r = run("--length", "400", "--window", "12", "--epochs", "5", "--verbose", "0");
        List<Double> loss = r.history().get("loss");
        assertEquals(5, loss.size());
        // measured: 0.710 -> 0.034 (x20); test MSE 0.0215 against 0.0510 for the last value
        assertTrue(loss.get(4) < loss.get(0) / 5, "training loss falls at least 5x: " + loss);
        assertTrue(r.testMse() < r.lastValueMse(), "beats the last value: " + r.testMse() + " vs " + r.lastValueMse());
        assertEquals(80, r.tests());
    }

    @Test
    void lstmWithDropoutLearnsACsvColumn() throws Exception {
        StringBuilder csv = new StringBuilder("time,\"load\"\n");
        double[] values = Series.noisyMultiSine(400, 0.1, 1);
        for (int t = 0; t < values.length; t++) {
            csv.append(t).append(',').append(values[t]).append('\n');
        }
        Path file = dir.resolve("series.csv");
        Files.writeString(file, csv);
        SequentialForecast.Result r = run("--model", "lstm", "--csv", file.toString(), "--column", "load",
                "--window", "12", "--epochs", "5", "--verbose", "0");
        List<Double> loss = r.history().get("loss");
        // measured: 0.821 -> 0.241 (x3.4)
        assertTrue(loss.get(4) < loss.get(0) / 2, "training loss falls at least 2x: " + loss);
        assertEquals(80, r.tests());
    }

    @Test
    void csvNeedsItsColumnAndAShortSeriesIsRefused() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new SequentialForecast()).setErr(new PrintWriter(err)).execute("--csv", "a.csv");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--column"), err.toString());

        err.getBuffer().setLength(0);
        code = new CommandLine(new SequentialForecast()).setErr(new PrintWriter(err))
                .execute("--length", "40", "--window", "30");
        assertEquals(2, code);
        assertTrue(err.toString().contains("the series has 40 values"), err.toString());
    }
}
