package dev.vectorgrad.models.data;

/**
 * Options of {@link Datasets#timeseriesDataset}, with Keras's names and defaults: stride 1, sampling rate 1, batch
 * size 128, no shuffling, seed 0, the whole series ({@code startIndex} 0, {@code endIndex} -1 meaning the end).
 * Immutable; each {@code withX} returns a copy.
 *
 * @param sequenceStride steps between the starts of successive windows
 * @param samplingRate steps between successive elements of a window
 * @param batchSize windows per batch (the last batch may be smaller)
 * @param shuffle whether windows come in a seeded random order, drawn anew each pass, instead of in time order
 * @param seed seeds the shuffling stream
 * @param startIndex the first step windows may use
 * @param endIndex the step before which windows must end (exclusive), or -1 for the series' end
 */
public record TimeseriesOptions(int sequenceStride, int samplingRate, int batchSize, boolean shuffle, long seed,
        int startIndex, int endIndex) {

    /** Checks what does not need the series' length. */
    public TimeseriesOptions {
        if (sequenceStride <= 0) {
            throw new IllegalArgumentException("sequenceStride must be higher than 0, got " + sequenceStride);
        }
        if (samplingRate <= 0) {
            throw new IllegalArgumentException("samplingRate must be higher than 0, got " + samplingRate);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (startIndex < 0) {
            throw new IllegalArgumentException("startIndex must be 0 or greater, got " + startIndex);
        }
        if (endIndex < -1 || endIndex == 0) {
            throw new IllegalArgumentException("endIndex must be higher than 0 (or -1 for the end), got " + endIndex);
        }
    }

    /** Keras's defaults. */
    public static TimeseriesOptions defaults() {
        return new TimeseriesOptions(1, 1, 128, false, 0, 0, -1);
    }

    public TimeseriesOptions withSequenceStride(int value) {
        return new TimeseriesOptions(value, samplingRate, batchSize, shuffle, seed, startIndex, endIndex);
    }

    public TimeseriesOptions withSamplingRate(int value) {
        return new TimeseriesOptions(sequenceStride, value, batchSize, shuffle, seed, startIndex, endIndex);
    }

    public TimeseriesOptions withBatchSize(int value) {
        return new TimeseriesOptions(sequenceStride, samplingRate, value, shuffle, seed, startIndex, endIndex);
    }

    public TimeseriesOptions withShuffle(boolean value) {
        return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, value, seed, startIndex, endIndex);
    }

    public TimeseriesOptions withSeed(long value) {
        return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, shuffle, value, startIndex, endIndex);
    }

    public TimeseriesOptions withStartIndex(int value) {
        return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, shuffle, seed, value, endIndex);
    }

    public TimeseriesOptions withEndIndex(int value) {
        return new TimeseriesOptions(sequenceStride, samplingRate, batchSize, shuffle, seed, startIndex, value);
    }
}
