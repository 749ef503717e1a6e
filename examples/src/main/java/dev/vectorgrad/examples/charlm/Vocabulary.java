package dev.vectorgrad.examples.charlm;

import java.util.Arrays;

/**
 * The distinct characters (Unicode code points) of a text, in ascending order; a character's id
 * is its position. Saved with the model as a string, so generation needs no corpus.
 */
public final class Vocabulary {

    private final int[] codePoints;

    private Vocabulary(int[] sortedDistinct) {
        this.codePoints = sortedDistinct;
    }

    /** The distinct code points of {@code text}. */
    static Vocabulary of(int[] text) {
        return new Vocabulary(Arrays.stream(text).distinct().sorted().toArray());
    }

    /** The vocabulary {@link #asString()} wrote. */
    public static Vocabulary parse(String characters) {
        int[] cps = characters.codePoints().toArray();
        int[] sorted = Arrays.stream(cps).distinct().sorted().toArray();
        if (!Arrays.equals(cps, sorted)) {
            throw new IllegalArgumentException("vocabulary must list distinct characters in ascending order");
        }
        return new Vocabulary(sorted);
    }

    /** Number of characters. */
    public int size() {
        return codePoints.length;
    }

    /** The id of a character, or -1 if the text had no such character. */
    public int id(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    /** The character with id {@code id}, as a string. */
    public String character(int id) {
        return Character.toString(codePoints[id]);
    }

    /** Ids of {@code text}, all of whose characters must be in the vocabulary. */
    int[] encode(int[] text) {
        int[] ids = new int[text.length];
        for (int i = 0; i < text.length; i++) {
            ids[i] = id(text[i]);
            if (ids[i] < 0) {
                throw new IllegalArgumentException("character '" + Character.toString(text[i]) + "' (U+"
                        + Integer.toHexString(text[i]).toUpperCase() + ") is not in the vocabulary");
            }
        }
        return ids;
    }

    /** Ids of {@code text}; characters outside the vocabulary are dropped. */
    public int[] encodeKnown(String text) {
        return text.codePoints().map(this::id).filter(id -> id >= 0).toArray();
    }

    /** All characters, in id order. */
    public String asString() {
        return new String(codePoints, 0, codePoints.length);
    }
}
