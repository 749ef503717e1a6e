package dev.vectorgrad.formats.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Reads the real Fashion-MNIST files that Debian's {@code dataset-fashion-mnist} installs (skipped when
 * they are absent) and checks facts found independently of this reader: counts and first bytes with
 * {@code zcat FILE.gz | od -A d -t u1}, label histograms with {@code od | sort | uniq -c}, and pixel sums
 * with Python's {@code gzip} module ({@code sum(gzip.open(f).read()[16:])}).
 */
class FashionMnistTest {

    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private static IdxArray read(String name) throws IOException {
        Path file = DIR.resolve(name);
        assumeTrue(Files.isReadable(file), () -> file + " is absent: apt-get install dataset-fashion-mnist");
        return Idx.read(file);
    }

    /** The sum of all elements, read 784,000 at a time (an int[] of all 47 million pixels would take 188 MB). */
    private static long sumAll(IdxArray a) {
        long s = 0;
        for (int from = 0; from < a.size(); from += 784_000) {
            s += sum(a.toInts(from, Math.min(784_000, a.size() - from)));
        }
        return s;
    }

    private static long sum(int[] values) {
        long s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    private static int[] histogram(int[] labels) {
        int[] h = new int[10];
        for (int l : labels) {
            h[l]++; // a label outside 0..9 fails here
        }
        return h;
    }

    @Test
    void trainingLabels() throws IOException {
        IdxArray labels = read("train-labels-idx1-ubyte.gz");
        assertEquals(IdxType.UNSIGNED_BYTE, labels.type());
        assertArrayEquals(new int[] {60000}, labels.dims());
        int[] l = labels.toInts();
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(l, 10));
        assertArrayEquals(new int[] {4, 1, 7, 2, 8, 5, 1, 3, 0, 5}, Arrays.copyOfRange(l, 59990, 60000));
        int[] sixThousandEach = new int[10];
        Arrays.fill(sixThousandEach, 6000);
        assertArrayEquals(sixThousandEach, histogram(l));
    }

    @Test
    void testLabels() throws IOException {
        IdxArray labels = read("t10k-labels-idx1-ubyte.gz");
        assertArrayEquals(new int[] {10000}, labels.dims());
        int[] l = labels.toInts();
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, Arrays.copyOf(l, 10));
        assertArrayEquals(new int[] {5, 6, 8, 9, 1, 9, 1, 8, 1, 5}, Arrays.copyOfRange(l, 9990, 10000));
        int[] thousandEach = new int[10];
        Arrays.fill(thousandEach, 1000);
        assertArrayEquals(thousandEach, histogram(l));
    }

    @Test
    void trainingImages() throws IOException {
        IdxArray images = read("train-images-idx3-ubyte.gz");
        assertEquals(IdxType.UNSIGNED_BYTE, images.type());
        assertArrayEquals(new int[] {60000, 28, 28}, images.dims());
        assertEquals(3_431_114_169L, sumAll(images));
        int[] first = images.toInts(0, 784);
        assertEquals(76_247, sum(first));
        assertEquals(255, Arrays.stream(first).max().getAsInt());
        // Row 14 of the first image (an ankle boot).
        assertArrayEquals(new int[] {0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216,
                223, 229, 215, 218, 255, 77, 0}, Arrays.copyOfRange(first, 14 * 28, 15 * 28));
        assertEquals(16_684, sum(images.toInts(59999 * 784, 784)));
        // The scaled pixels of the first image add up to its sum over 255.
        float[] unit = images.toUnitFloats(0, 784);
        double s = 0;
        for (float u : unit) {
            s += u;
        }
        // Each of 784 values is within half a float ulp (< 3e-8) of v / 255: the sum within 784 * 3e-8.
        assertEquals(76_247 / 255.0, s, 784 * 3e-8);
    }

    @Test
    void testImages() throws IOException {
        IdxArray images = read("t10k-images-idx3-ubyte.gz");
        assertArrayEquals(new int[] {10000, 28, 28}, images.dims());
        assertEquals(573_469_082L, sumAll(images));
        assertEquals(33_456, sum(images.toInts(0, 784)));
        assertEquals(24_390, sum(images.toInts(9999 * 784, 784)));
    }
}
