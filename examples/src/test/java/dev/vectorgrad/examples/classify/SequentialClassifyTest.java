package dev.vectorgrad.examples.classify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@link SequentialClassify} end to end on a small sample, and its padding. */
class SequentialClassifyTest {

    @Test
    void learnsWellAboveChanceOnASmallSample() {
        SequentialClassify.Result r = CommandLine.populateCommand(new SequentialClassify(),
                "--train", "600", "--test", "200", "--epochs", "6", "--units", "32", "--verbose", "0").run();
        List<Double> loss = r.history().get("loss");
        // measured: loss 1.360 -> 0.852 (x1.6); test accuracy 0.50 where chance is 0.25 (four balanced classes)
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 1.3, "training loss falls at least 1.3x: " + loss);
        assertTrue(r.testAccuracy() > 0.25 + 0.15, "test accuracy at least 15 points above chance: " + r.testAccuracy());
    }

    @Test
    void padsInFrontWithZeroAndShiftsSymbolsByOne() {
        int[][] ids = SequentialClassify.padded(List.of(new MotifData.Example(new int[] {0, 7, 3}, 0)));
        int[] expected = new int[MotifData.MAX_LENGTH];
        expected[MotifData.MAX_LENGTH - 3] = 1;
        expected[MotifData.MAX_LENGTH - 2] = 8;
        expected[MotifData.MAX_LENGTH - 1] = 4;
        assertArrayEquals(expected, ids[0]);
    }
}
