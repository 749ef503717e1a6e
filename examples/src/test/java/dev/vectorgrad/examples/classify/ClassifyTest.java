package dev.vectorgrad.examples.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.examples.common.ConfusionMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        Classify.main(new String[] {"--train", "64", "--test", "32", "--steps", "4", "--hidden", "8",
            "--eval-every", "2", "--out", out.toString()});
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
}
