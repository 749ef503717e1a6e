package dev.vectorgrad.models.data;

/**
 * Keras's {@code keras.utils.pad_sequences}: variable-length sequences to one rectangular array. Defaults as
 * Keras's: {@code maxlen} the longest sequence, {@code padding "pre"} (pad at the start), {@code truncating "pre"}
 * (drop from the start), {@code value 0}. With pre-padding the padding comes first, so an {@code Embedding} with
 * {@code maskZero} masks leading steps.
 */
public final class Sequences {

    private Sequences() {}

    /** Pads with Keras's defaults: to the longest sequence, zeros in front. */
    public static int[][] padSequences(int[][] sequences) {
        return padSequences(sequences, null, "pre", "pre", 0);
    }

    /**
     * Pads (or truncates) every sequence to {@code maxlen}.
     *
     * @param maxlen the output length, or {@code null} for the longest sequence's length
     * @param padding {@code "pre"} or {@code "post"}: where short sequences are padded
     * @param truncating {@code "pre"} or {@code "post"}: where long sequences lose values
     * @param value the padding value
     * @throws IllegalArgumentException for a null sequence (naming its position), a negative {@code maxlen}, or a
     *     padding or truncating other than "pre" and "post"
     */
    public static int[][] padSequences(int[][] sequences, Integer maxlen, String padding, String truncating,
            int value) {
        int length = outputLength(sequences, maxlen, padding, truncating);
        int[][] out = new int[sequences.length][length];
        for (int i = 0; i < sequences.length; i++) {
            java.util.Arrays.fill(out[i], value);
            int[] s = sequences[i];
            int kept = Math.min(s.length, length);
            int from = truncating.equals("pre") ? s.length - kept : 0;
            int to = padding.equals("pre") ? length - kept : 0;
            System.arraycopy(s, from, out[i], to, kept);
        }
        return out;
    }

    /** Pads float sequences with Keras's defaults (for sequences of values rather than ids). */
    public static float[][] padSequences(float[][] sequences) {
        return padSequences(sequences, null, "pre", "pre", 0f);
    }

    /** Pads float sequences; the arguments are as for {@link #padSequences(int[][], Integer, String, String, int)}. */
    public static float[][] padSequences(float[][] sequences, Integer maxlen, String padding, String truncating,
            float value) {
        int length = outputLength(sequences, maxlen, padding, truncating);
        float[][] out = new float[sequences.length][length];
        for (int i = 0; i < sequences.length; i++) {
            java.util.Arrays.fill(out[i], value);
            float[] s = sequences[i];
            int kept = Math.min(s.length, length);
            int from = truncating.equals("pre") ? s.length - kept : 0;
            int to = padding.equals("pre") ? length - kept : 0;
            System.arraycopy(s, from, out[i], to, kept);
        }
        return out;
    }

    private static int outputLength(Object[] sequences, Integer maxlen, String padding, String truncating) {
        if (sequences == null) {
            throw new IllegalArgumentException("sequences is null");
        }
        if (!"pre".equals(padding) && !"post".equals(padding)) {
            throw new IllegalArgumentException("padding must be \"pre\" or \"post\", got " + quoted(padding));
        }
        if (!"pre".equals(truncating) && !"post".equals(truncating)) {
            throw new IllegalArgumentException("truncating must be \"pre\" or \"post\", got " + quoted(truncating));
        }
        int longest = 0;
        for (int i = 0; i < sequences.length; i++) {
            if (sequences[i] == null) {
                throw new IllegalArgumentException("sequence " + i + " is null");
            }
            longest = Math.max(longest, java.lang.reflect.Array.getLength(sequences[i]));
        }
        if (maxlen == null) {
            return longest;
        }
        if (maxlen < 0) {
            throw new IllegalArgumentException("maxlen must be 0 or greater, got " + maxlen);
        }
        return maxlen;
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
