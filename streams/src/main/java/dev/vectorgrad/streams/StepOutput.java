package dev.vectorgrad.streams;

/**
 * Makes the value a processed record forwards from the model's output after its last step. Shared by all tasks.
 *
 * @param <K> the record key
 * @param <V> the record value
 * @param <R> the forwarded value
 */
@FunctionalInterface
public interface StepOutput<K, V, R> {

    /**
     * The value to forward for a record of {@code key} and {@code value}; {@code output} is the model's output after the
     * record's last step ({@link StreamModel#outputSize()} floats; the task's buffer, valid during this call only), and
     * {@code steps} the key's step count after the record.
     */
    R output(K key, V value, float[] output, long steps);

    /** A copy of the model's output. */
    static <K, V> StepOutput<K, V, float[]> copy() {
        return (key, value, output, steps) -> output.clone();
    }
}
