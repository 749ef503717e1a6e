package dev.vectorgrad.examples.charlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@link CharRnn} end to end on a short repetitive text, and its sampling. */
class CharRnnTest {

    @TempDir
    Path dir;

    @Test
    void learnsAShortTextAndGeneratesFromItsCharacters() throws Exception {
        String text = "hello world, hello keras, hello java. ".repeat(30);
        Path file = dir.resolve("text.txt");
        Files.writeString(file, text);
        CharRnn.Result r = CommandLine.populateCommand(new CharRnn(), "--text", file.toString(), "--seq", "12",
                "--epochs", "8", "--length", "50", "--verbose", "0").run();
        List<Double> loss = r.history().get("loss");
        // measured: 2.065 -> 0.316 (x6.5)
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 3, "training loss falls at least 3x: " + loss);
        assertEquals(50, r.generated().length());
        assertTrue(r.generated().chars().allMatch(c -> text.indexOf(c) >= 0), r.generated());
    }

    @Test
    void samplingFollowsTheSharpenedProbabilities() {
        SplittableRandom random = new SplittableRandom(3);
        float[] p = {9, 9, 0.1f, 0.6f, 0.3f};                      // the distribution is p[2, 5)
        assertEquals(1, CharRnn.sample(new float[] {0, 1, 0}, 0, 3, 1.0, random), "certain");
        int[] counts = new int[3];
        for (int i = 0; i < 20_000; i++) {
            counts[CharRnn.sample(p, 2, 3, 1.0, random)]++;
        }
        // at temperature 1 the frequencies are the probabilities: 0.1, 0.6, 0.3 (+-0.02 is over 9 standard errors
        // for 20,000 draws: sqrt(0.6 * 0.4 / 20000) = 0.0035)
        assertEquals(0.1, counts[0] / 20_000.0, 0.02);
        assertEquals(0.6, counts[1] / 20_000.0, 0.02);
        assertEquals(0.3, counts[2] / 20_000.0, 0.02);
        // at temperature 0.1 the weights are p^10: 0.6 dominates (0.3^10 / 0.6^10 < 0.001)
        int top = 0;
        for (int i = 0; i < 1000; i++) {
            top += CharRnn.sample(p, 2, 3, 0.1, random) == 1 ? 1 : 0;
        }
        assertTrue(top > 990, "temperature 0.1 picks the most likely nearly always: " + top);
    }
}
