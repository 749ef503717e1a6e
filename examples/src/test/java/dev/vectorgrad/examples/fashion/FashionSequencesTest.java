package dev.vectorgrad.examples.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link FashionSequences} end to end on a small sample of the real data; skipped where Debian's
 * {@code dataset-fashion-mnist} is not installed (.ci/run installs it, so CI runs it).
 */
class FashionSequencesTest {

    @Test
    void trainsValidatesTestsAndDrawsItsCurves(@TempDir Path out) throws Exception {
        assumeTrue(BagSequences.present(BagSequences.DEBIAN_DATA), "Fashion-MNIST is not installed");
        FashionSequences demo = CommandLine.populateCommand(new FashionSequences(), "--train", "96",
                "--validation", "32", "--test", "64", "--epochs", "2", "--verbose", "0", "--out", out.toString());
        FashionSequences.Result r = demo.run();
        assertEquals(2, r.history().get("loss").size());
        assertEquals(2, r.history().get("val_accuracy").size());
        assertTrue(r.testAccuracy() >= 0 && r.testAccuracy() <= 1, "accuracy " + r.testAccuracy());
        assertTrue(Double.isFinite(r.testLoss()), "loss " + r.testLoss());
        assertEquals(64, Arrays.stream(r.confusion()).flatMapToInt(Arrays::stream).sum(), "every test sequence counted");
        assertEquals(0, Arrays.stream(r.confusion()[BagSequences.BAG]).sum(), "no test label is a bag");
        for (String chart : new String[] {"accuracy.svg", "loss.svg"}) {
            String svg = Files.readString(out.resolve(chart));
            assertTrue(svg.startsWith("<svg") && svg.contains("validation"), chart + " is a chart with both curves");
        }
    }

    @Test
    void loadsBothSetsWhole() throws Exception {
        assumeTrue(BagSequences.present(BagSequences.DEBIAN_DATA), "Fashion-MNIST is not installed");
        BagSequences.Images train = BagSequences.load(BagSequences.DEBIAN_DATA, "train");
        BagSequences.Images test = BagSequences.load(BagSequences.DEBIAN_DATA, "t10k");
        assertEquals(60_000, train.count());
        assertEquals(10_000, test.count());
        assertEquals(60_000 * 28 * 28, train.pixels().length);
        // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
        int[] perClass = new int[10];
        for (int label : test.labels()) {
            perClass[label]++;
        }
        int[] thousand = new int[10];
        Arrays.fill(thousand, 1000);
        assertEquals(Arrays.toString(thousand), Arrays.toString(perClass));
    }
}
