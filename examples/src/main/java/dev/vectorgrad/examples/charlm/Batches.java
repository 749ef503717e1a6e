package dev.vectorgrad.examples.charlm;

/**
 * Cuts a text into {@code batch} equal streams and walks them {@code seq} characters at a time:
 * stream b is the b-th slice of the text, so consecutive chunks continue each other and the LSTM
 * state can be carried from one chunk to the next. Inputs and targets are time-major
 * ({@code [t * batch + b]}), as the LSTM reads them; the target is the next character.
 */
final class Batches {

    private final int[] text;
    private final int batch;
    private final int seq;
    private final int streamLength;
    private final int chunksPerPass;
    private final int[] inputs;
    private final int[] targets;
    private int chunk = -1;

    Batches(int[] text, int batch, int seq) {
        this.text = text;
        this.batch = batch;
        this.seq = seq;
        this.streamLength = text.length / batch;
        this.chunksPerPass = (streamLength - 1) / seq;
        if (chunksPerPass < 1) {
            throw new IllegalArgumentException(text.length + " characters are too few for " + batch + " streams of "
                    + (seq + 1));
        }
        this.inputs = new int[seq * batch];
        this.targets = new int[seq * batch];
    }

    /** Moves to the next chunk; returns true when that is the first chunk of a pass (the streams restart). */
    boolean next() {
        chunk = (chunk + 1) % chunksPerPass;
        for (int t = 0; t < seq; t++) {
            for (int b = 0; b < batch; b++) {
                int at = b * streamLength + chunk * seq + t;
                inputs[t * batch + b] = text[at];
                targets[t * batch + b] = text[at + 1];
            }
        }
        return chunk == 0;
    }

    /** Chunks in one pass over the streams. */
    int chunksPerPass() {
        return chunksPerPass;
    }

    int[] inputs() {
        return inputs;
    }

    int[] targets() {
        return targets;
    }
}
