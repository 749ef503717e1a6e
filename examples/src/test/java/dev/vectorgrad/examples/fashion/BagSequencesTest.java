package dev.vectorgrad.examples.fashion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's data: the generator draws what the PyTorch reference draws, and every sequence follows the task's
 * rule (one bag at frames 0 to 6, the label the class of the frame after it).
 */
class BagSequencesTest {

    private static final int PIXELS = BagSequences.SIDE * BagSequences.SIDE;

    /**
     * splitmix64 seeded with 0 gives 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f (the published
     * reference outputs); {@code below} on seed 1 and -5 as bench/torch_fashion_sequences.py computes them with
     * Python's unbounded integers (printed by that script's SplitMix64).
     */
    @Test
    void generatorMatchesTheReferenceAndThePythonPeer() {
        BagSequences.SplitMix64 zero = new BagSequences.SplitMix64(0);
        assertEquals(0xe220a8397b1dcdafL, zero.next());
        assertEquals(0x6e789e6aa1b965f4L, zero.next());
        assertEquals(0x06c45d188009454fL, zero.next());
        BagSequences.SplitMix64 one = new BagSequences.SplitMix64(1);
        int[] sevens = new int[10];
        int[] nines = new int[10];
        for (int i = 0; i < 10; i++) {
            sevens[i] = one.below(7);
        }
        for (int i = 0; i < 10; i++) {
            nines[i] = one.below(9);
        }
        assertArrayEquals(new int[] {4, 3, 4, 3, 2, 1, 3, 1, 4, 2}, sevens);
        assertArrayEquals(new int[] {7, 8, 1, 5, 2, 2, 4, 5, 1, 0}, nines);
        BagSequences.SplitMix64 negative = new BagSequences.SplitMix64(-5);
        int[] thousands = new int[5];
        for (int i = 0; i < 5; i++) {
            thousands[i] = negative.below(1000);
        }
        assertArrayEquals(new int[] {257, 452, 584, 217, 765}, thousands);
    }

    /** 40 images, four of each class; image i's pixels all hold i / 1000, so each frame says which image it is. */
    private static BagSequences.Images numbered() {
        int count = 40;
        float[] pixels = new float[count * PIXELS];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
            java.util.Arrays.fill(pixels, i * PIXELS, (i + 1) * PIXELS, i / 1000f);
        }
        return new BagSequences.Images(pixels, labels);
    }

    @Test
    void everySequenceHasOneBagBeforeTheLastFrameAndIsLabelledByTheFrameAfterIt() {
        BagSequences.Images images = numbered();
        BagSequences.Sequences s = BagSequences.draw(images, 0, 30, 500, 7);
        int[] bagPositions = new int[BagSequences.FRAMES];
        int[] labelCounts = new int[10];
        for (int n = 0; n < s.count(); n++) {
            int bag = -1;
            for (int t = 0; t < BagSequences.FRAMES; t++) {
                int offset = (n * BagSequences.FRAMES + t) * PIXELS;
                int image = Math.round(s.x()[offset] * 1000);
                assertTrue(image < 30, "image " + image + " is outside the range [0, 30)");
                assertEquals(image / 1000f, s.x()[offset + PIXELS - 1], "the whole image is copied");
                if (images.labels()[image] == BagSequences.BAG) {
                    assertEquals(-1, bag, "sequence " + n + " has a second bag at frame " + t);
                    bag = t;
                } else if (t == bag + 1 && bag >= 0) {
                    assertEquals(images.labels()[image], s.y()[n], "sequence " + n + "'s label");
                }
            }
            assertTrue(bag >= 0 && bag < BagSequences.FRAMES - 1, "sequence " + n + "'s bag is at " + bag);
            bagPositions[bag]++;
            labelCounts[s.y()[n]]++;
        }
        for (int t = 0; t < BagSequences.FRAMES - 1; t++) {
            assertTrue(bagPositions[t] > 0, "no bag at frame " + t);
        }
        assertEquals(0, labelCounts[BagSequences.BAG], "a bag never follows the bag");
        for (int c = 0; c < 10; c++) {
            assertTrue(c == BagSequences.BAG || labelCounts[c] > 0, "class " + c + " never follows the bag");
        }
    }

    @Test
    void sameSeedSameSequencesOtherSeedOthers() {
        BagSequences.Images images = numbered();
        BagSequences.Sequences a = BagSequences.draw(images, 0, 40, 50, 3);
        BagSequences.Sequences b = BagSequences.draw(images, 0, 40, 50, 3);
        BagSequences.Sequences c = BagSequences.draw(images, 0, 40, 50, 4);
        assertArrayEquals(a.x(), b.x());
        assertArrayEquals(a.y(), b.y());
        assertFalse(java.util.Arrays.equals(a.x(), c.x()));
    }

    @Test
    void aRangeWithoutSomeClassIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BagSequences.draw(numbered(), 0, 9, 1, 1));
        assertEquals("images 0 to 9 hold no Boot", e.getMessage());
    }

    @Test
    void missingDataIsReportedNotRead(@TempDir Path empty) throws Exception {
        assertFalse(BagSequences.present(empty));
        FashionSequences demo = new FashionSequences();
        demo.data = empty;
        assertEquals(2, demo.call());
    }
}
