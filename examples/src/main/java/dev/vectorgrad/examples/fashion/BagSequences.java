package dev.vectorgrad.examples.fashion;

import dev.vectorgrad.formats.idx.Idx;
import dev.vectorgrad.formats.idx.IdxArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of the image-sequence demo, "what comes after the bag": each sequence is {@value #FRAMES} Fashion-MNIST
 * images holding exactly one bag (class {@value #BAG}) at a position 0 to 6 drawn uniformly, and seven images of
 * the nine other classes drawn uniformly; its label is the class of the image right after the bag. The same images
 * in another order have another label, so a model must use the order: reading the frames as a set cannot solve it.
 *
 * <p>Sequences are drawn with splitmix64 ({@link SplitMix64}), which the PyTorch reference
 * ({@code bench/torch_fashion_sequences.py}) implements too, so that both train and test on the same sequences,
 * image for image.
 */
final class BagSequences {

    /** Images per sequence. */
    static final int FRAMES = 8;
    /** Fashion-MNIST's class of bags. */
    static final int BAG = 8;
    /** Image height and width. */
    static final int SIDE = 28;
    /** Fashion-MNIST's ten classes, by label. */
    static final List<String> CLASSES = List.of("T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Boot");

    /** Where Debian's {@code dataset-fashion-mnist} puts the files. */
    static final Path DEBIAN_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    /** One of Fashion-MNIST's two sets: {@code count} images of {@code SIDE x SIDE} pixels in [0, 1], and their labels. */
    record Images(float[] pixels, int[] labels) {
        int count() {
            return labels.length;
        }
    }

    /** Sequences as the model takes them: {@code x [count, FRAMES, SIDE, SIDE, 1]} (flat) and the labels. */
    record Sequences(float[] x, int[] y) {
        int count() {
            return y.length;
        }
    }

    private BagSequences() {
    }

    /** The four file names of Fashion-MNIST, {@code train-...} and {@code t10k-...}. */
    static List<Path> files(Path dir) {
        return List.of(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
                dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    /** Whether all four files are in {@code dir}. */
    static boolean present(Path dir) {
        return files(dir).stream().allMatch(Files::isRegularFile);
    }

    /**
     * Reads one set ({@code "train"} or {@code "t10k"}) from {@code dir}.
     *
     * @throws IOException if a file is missing or damaged, or the images and labels do not match
     */
    static Images load(Path dir, String set) throws IOException {
        IdxArray images = Idx.read(dir.resolve(set + "-images-idx3-ubyte.gz"));
        IdxArray labels = Idx.read(dir.resolve(set + "-labels-idx1-ubyte.gz"));
        if (images.rank() != 3 || images.dim(1) != SIDE || images.dim(2) != SIDE) {
            throw new IOException(set + " images: expected [n, " + SIDE + ", " + SIDE + "], got "
                    + java.util.Arrays.toString(images.dims()));
        }
        if (labels.rank() != 1 || labels.dim(0) != images.dim(0)) {
            throw new IOException(set + " labels: expected [" + images.dim(0) + "], got "
                    + java.util.Arrays.toString(labels.dims()));
        }
        int[] y = labels.toInts();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= CLASSES.size()) {
                throw new IOException(set + " labels: label " + i + " is " + y[i] + ", expected 0 to 9");
            }
        }
        return new Images(images.toUnitFloats(), y);
    }

    /**
     * Draws {@code count} sequences from images {@code [first, end)} of {@code images} with generator {@code seed}:
     * per sequence, the bag's position {@code below(7)}, then per frame its class ({@code BAG} at the bag's position,
     * else the {@code below(9)}-th of the other classes in label order) and its image (the {@code below(k)}-th of
     * that class's {@code k} images in the range, in file order).
     *
     * @throws IllegalArgumentException if the range holds no image of some class
     */
    static Sequences draw(Images images, int first, int end, int count, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < CLASSES.size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = first; i < end; i++) {
            byClass.get(images.labels()[i]).add(i);
        }
        for (int c = 0; c < CLASSES.size(); c++) {
            if (byClass.get(c).isEmpty()) {
                throw new IllegalArgumentException("images " + first + " to " + end + " hold no " + CLASSES.get(c));
            }
        }
        int pixels = SIDE * SIDE;
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(count, FRAMES), pixels)];
        int[] y = new int[count];
        SplitMix64 random = new SplitMix64(seed);
        for (int s = 0; s < count; s++) {
            int bag = random.below(FRAMES - 1);
            for (int t = 0; t < FRAMES; t++) {
                int c = t == bag ? BAG : otherClass(random.below(CLASSES.size() - 1));
                List<Integer> pool = byClass.get(c);
                int image = pool.get(random.below(pool.size()));
                System.arraycopy(images.pixels(), image * pixels, x, (s * FRAMES + t) * pixels, pixels);
                if (t == bag + 1) {
                    y[s] = images.labels()[image];
                }
            }
        }
        return new Sequences(x, y);
    }

    /** The {@code k}-th class other than the bag, in label order. */
    private static int otherClass(int k) {
        return k < BAG ? k : k + 1;
    }

    /** splitmix64 (Steele, Lea and Flood), written out so that the Python reference can draw the same numbers. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            state = seed;
        }

        long next() {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** {@code (next() >>> 1) mod n}: uniform on [0, n) up to a bias below 2^-60 for the sizes used here. */
        int below(int n) {
            return (int) ((next() >>> 1) % n);
        }
    }
}
