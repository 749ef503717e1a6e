package dev.vectorgrad.examples.classify;

import dev.vectorgrad.examples.common.Execution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.examples.common.ConfusionMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClassifyTest {

    @TempDir
    Path dir;

    @Test
    void everyExampleHoldsExactlyItsMotif() {
        List<MotifData.Example> examples = MotifData.generate(500, 4);
        int[] perClass = new int[MotifData.CLASSES.size()];
        for (MotifData.Example e : examples) {
            assertTrue(MotifData.hasExactly(e.symbols(), e.label()), e.text());
            assertTrue(e.symbols().length >= MotifData.MIN_LENGTH && e.symbols().length <= MotifData.MAX_LENGTH);
            perClass[e.label()]++;
        }
        for (int n : perClass) {
            assertTrue(n > 80, "classes should be about equally frequent: " + java.util.Arrays.toString(perClass));
        }
    }

    @Test
    void runsEndToEnd() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, CommandLine.populateCommand(new Classify(), "--train", "64", "--test", "32", "--steps", "4",
                "--hidden", "8", "--eval-every", "2", "--out", out.toString()).call());
        assertTrue(Files.exists(out.resolve("loss.svg")));
    }

    @Test
    void confusionMatrixHasARowPerActualClass() {
        String m = ConfusionMatrix.format(new int[][] {{5, 1}, {0, 7}}, List.of("no", "yes"));
        assertEquals("""
                actual  predicted
                              no     yes
                no             5       1
                yes            0       7
                """, m);
    }


    @Test
    void helpPrintsTheOptionsWithTheirDefaults() {
        Execution help = Execution.of(new Classify(), "-h");
        assertEquals(0, help.code());
        for (String expected : new String[] {"Usage: Classify", "training examples [4000]", "test examples [1000]",
            "embedding size [16]", "LSTM hidden size [64]", "training steps [600]", "examples per step [32]", "[0.01]",
            "--eval-every=N", "test loss every N steps [100]", "--seed", "[target/classify]"}) {
            assertTrue(help.out().contains(expected), expected + " in " + help.out());
        }
    }

    @Test
    void usageErrorsEndWithStatus2AndTheMessage() {
        Execution unknown = Execution.of(new Classify(), "--hiden", "8");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("Unknown options: '--hiden', '8'"), unknown.err());
        assertTrue(unknown.err().contains("Possible solutions: --hidden"), "a near miss gets a suggestion: " + unknown.err());
        String[][] cases = {
            {"--eval-every", "0", "Invalid value for option '--eval-every': expected at least 1, got 0"},
            {"--train", "0", "Invalid value for option '--train': expected at least 1, got 0"},
            {"--lr", "-0.1", "Invalid value for option '--lr': expected a number above 0, got -0.1"},
            {"--steps", "many", "Invalid value for option '--steps': 'many' is not an int"},
        };
        for (String[] c : cases) {
            Execution e = Execution.of(new Classify(), c[0], c[1]);
            assertEquals(2, e.code(), c[0] + " " + c[1]);
            assertTrue(e.err().startsWith(c[2]), e.err());
        }
    }
}
