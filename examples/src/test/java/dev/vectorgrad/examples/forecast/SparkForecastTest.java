package dev.vectorgrad.examples.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.examples.common.Execution;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SparkForecastTest {

    /**
     * A short run in local[2] (surefire's JVM has the Vector API module, which is all Spark 4.2 needs with its default
     * serializer): the executors' scores are predict's bits, and the model beats the last-value forecast.
     */
    @Test
    void trainsOnSparkAndScoresTheHeldOutWindows() {
        SparkForecast command = CommandLine.populateCommand(new SparkForecast(), "--length", "1500", "--verbose", "0",
                "--window", "12", "--batch-per-partition", "16");
        SparkForecast.Result result = command.run();
        assertEquals(300, result.tests());
        assertTrue(result.scoresEqualPredict(), "scores on the executors equal predict");
        assertTrue(result.testMse() < result.lastValueMse(), result.testMse() + " vs last value " + result.lastValueMse());
    }

    @Test
    void helpPrintsTheOptionsWithTheirDefaults() {
        Execution help = Execution.of(new SparkForecast(), "--help");
        assertEquals(0, help.code());
        for (String expected : new String[] {"Usage: SparkForecast", "[local[2]]", "[20000]", "[24]", "[16]",
            "--local-steps", "--seed"}) {
            assertTrue(help.out().contains(expected), expected + " in " + help.out());
        }
    }
}
