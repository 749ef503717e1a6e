package dev.vectorgrad.models.data;

/**
 * A source of batches that {@code fit}, {@code evaluate} and {@code predict} read once per epoch. Each
 * {@link #iterator()} call starts a new pass; a shuffling data set draws the next permutation of its seeded stream.
 */
public interface Dataset extends Iterable<Batch> {

    /** Batches per pass, or -1 when not known in advance (a stream). */
    int batchCount();
}
