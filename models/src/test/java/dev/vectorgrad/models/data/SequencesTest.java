package dev.vectorgrad.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The first four cases are the examples in Keras's {@code pad_sequences} docstring, with their printed outputs. */
class SequencesTest {

    private static final int[][] SEQUENCE = {{1}, {2, 3}, {4, 5, 6}};

    @Test
    void defaultsPadAndTruncateAtTheFrontWithZerosToTheLongest() {
        assertArrayEquals(new int[][] {{0, 0, 1}, {0, 2, 3}, {4, 5, 6}}, Sequences.padSequences(SEQUENCE));
    }

    @Test
    void valuePaddingAndMaxlenAsKerasDocuments() {
        assertArrayEquals(new int[][] {{-1, -1, 1}, {-1, 2, 3}, {4, 5, 6}},
                Sequences.padSequences(SEQUENCE, null, "pre", "pre", -1));
        assertArrayEquals(new int[][] {{1, 0, 0}, {2, 3, 0}, {4, 5, 6}},
                Sequences.padSequences(SEQUENCE, null, "post", "pre", 0));
        assertArrayEquals(new int[][] {{0, 1}, {2, 3}, {5, 6}}, Sequences.padSequences(SEQUENCE, 2, "pre", "pre", 0));
    }

    @Test
    void postTruncationKeepsTheStartAndLongerMaxlenPads() {
        assertArrayEquals(new int[][] {{0, 1}, {2, 3}, {4, 5}}, Sequences.padSequences(SEQUENCE, 2, "pre", "post", 0));
        assertArrayEquals(new int[][] {{1, 9, 9, 9}, {2, 3, 9, 9}, {4, 5, 6, 9}},
                Sequences.padSequences(SEQUENCE, 4, "post", "post", 9));
        assertArrayEquals(new int[][] {{0, 0}, {7, 8}}, Sequences.padSequences(new int[][] {{}, {7, 8}}));
        assertArrayEquals(new int[2][0], Sequences.padSequences(new int[][] {{1}, {2}}, 0, "pre", "pre", 0));
    }

    @Test
    void floatSequences() {
        assertArrayEquals(new float[][] {{0f, 0.5f}, {1.5f, 2.5f}},
                Sequences.padSequences(new float[][] {{0.5f}, {1.5f, 2.5f}}));
        assertArrayEquals(new float[][] {{0.5f, -1f}, {2.5f, 3.5f}},
                Sequences.padSequences(new float[][] {{0.5f}, {1.5f, 2.5f, 3.5f}}, 2, "post", "pre", -1f));
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sequences.padSequences(SEQUENCE, null, "middle", "pre", 0));
        assertEquals("padding must be \"pre\" or \"post\", got \"middle\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(SEQUENCE, null, "pre", "x", 0));
        assertEquals("truncating must be \"pre\" or \"post\", got \"x\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(new int[][] {{1}, null}));
        assertEquals("sequence 1 is null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(SEQUENCE, -1, "pre", "pre", 0));
        assertEquals("maxlen must be 0 or greater, got -1", e.getMessage());
    }
}
