package dev.vectorgrad.examples.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated sequence classification task. Each example is a random sequence of 10 to 40 symbols
 * from an alphabet of 8 ({@code a} to {@code h}); its class says which three-symbol motif it
 * contains, exactly once, anywhere: none, {@code abc} ("rise"), {@code cba} ("fall") or
 * {@code ddd} ("repeat"). Every sequence also holds a near miss, a motif with one symbol
 * changed ({@code abd}, {@code dgd}), so the model has to match all three symbols in order: a bag
 * of symbols cannot tell rise from fall.
 */
public final class MotifData {

    /** The class names, by class index. */
    public static final List<String> CLASSES = List.of("none", "rise", "fall", "repeat");
    /** Number of symbols; symbol {@code s} prints as {@code 'a' + s}. */
    public static final int SYMBOLS = 8;
    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 40;
    private static final int[][] MOTIFS = {null, {0, 1, 2}, {2, 1, 0}, {3, 3, 3}};

    /** One example: its symbols and its class. */
    public record Example(int[] symbols, int label) {

        /** The symbols as letters, e.g. {@code "hgabcfe"}. */
        public String text() {
            StringBuilder s = new StringBuilder();
            for (int v : symbols) {
                s.append((char) ('a' + v));
            }
            return s.toString();
        }
    }

    private MotifData() {
    }

    /** {@code count} examples with the classes in equal proportions, in random order. */
    public static List<Example> generate(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> examples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES.size());
            int[] symbols;
            do {
                symbols = random.ints(random.nextInt(MIN_LENGTH, MAX_LENGTH + 1), 0, SYMBOLS).toArray();
                nearMiss(symbols, random);
                if (MOTIFS[label] != null) {
                    System.arraycopy(MOTIFS[label], 0, symbols, random.nextInt(symbols.length - 2), 3);
                }
            } while (!hasExactly(symbols, label));         // redraw when a motif appeared by chance
            examples.add(new Example(symbols, label));
        }
        return examples;
    }

    /** Writes a motif with one symbol changed somewhere ({@code abd}, {@code cbe}, {@code dgd}, ...), so that spotting two of its symbols is not enough. */
    private static void nearMiss(int[] symbols, SplittableRandom random) {
        int[] motif = MOTIFS[1 + random.nextInt(MOTIFS.length - 1)].clone();
        int changed = random.nextInt(3);
        motif[changed] = (motif[changed] + 1 + random.nextInt(SYMBOLS - 1)) % SYMBOLS;
        System.arraycopy(motif, 0, symbols, random.nextInt(symbols.length - 2), 3);
    }

    /** Whether the sequence holds the motif of {@code label} once and no other motif (none at all for class 0). */
    static boolean hasExactly(int[] symbols, int label) {
        for (int m = 1; m < MOTIFS.length; m++) {
            int found = 0;
            for (int i = 0; i + 3 <= symbols.length; i++) {
                if (symbols[i] == MOTIFS[m][0] && symbols[i + 1] == MOTIFS[m][1] && symbols[i + 2] == MOTIFS[m][2]) {
                    found++;
                }
            }
            if (found != (m == label ? 1 : 0)) {
                return false;
            }
        }
        return true;
    }
}
