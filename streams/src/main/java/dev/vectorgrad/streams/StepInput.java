package dev.vectorgrad.streams;

/**
 * Turns a record's value into the features of the steps it carries: one step, or a short sequence of them.
 * Shared by all tasks: it must not keep state of its own.
 *
 * @param <V> the record value
 */
@FunctionalInterface
public interface StepInput<V> {

    /**
     * Writes the value's steps into {@code buffer}, {@code [steps, featureSize]} row-major from index 0, and returns
     * how many steps it wrote: from 1 to {@code buffer.length / featureSize} (the processor's {@code maxSteps}).
     * {@code buffer} is the task's own and is reused for every record.
     */
    int write(V value, float[] buffer, int featureSize);

    /**
     * Values that are the features themselves: {@code float[]} of {@code steps * featureSize} floats.
     *
     * @throws IllegalArgumentException for a value that is empty, not a whole number of steps, or longer than the
     *                                  buffer, naming its length
     */
    static StepInput<float[]> floats() {
        return (value, buffer, featureSize) -> {
            if (value.length == 0 || value.length % featureSize != 0 || value.length > buffer.length) {
                throw new IllegalArgumentException("StepInput.floats: a value holds 1 to "
                        + buffer.length / featureSize + " steps of " + featureSize + " features, got " + value.length
                        + " floats");
            }
            System.arraycopy(value, 0, buffer, 0, value.length);
            return value.length / featureSize;
        };
    }
}
