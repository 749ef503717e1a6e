package dev.vectorgrad.models.data;

import dev.vectorgrad.autograd.Tensor;
import java.util.Iterator;
import java.util.function.Supplier;

/** Data sets that are not arrays in memory: streams of batches, and sliding windows over a time series. */
public final class Datasets {

    private Datasets() {}

    /**
     * A streaming data set of unknown length, for data that does not fit in memory: each {@link Dataset#iterator()}
     * call (each epoch) asks {@code passes} for a fresh iterator of batches, read until it ends.
     */
    public static Dataset stream(Supplier<? extends Iterator<Batch>> passes) {
        return stream(passes, -1);
    }

    /**
     * A streaming data set whose passes hold {@code batchCount} batches (so that progress bars know the target),
     * or -1 when unknown.
     *
     * @throws IllegalArgumentException if {@code batchCount} is below -1
     */
    public static Dataset stream(Supplier<? extends Iterator<Batch>> passes, int batchCount) {
        if (passes == null) {
            throw new IllegalArgumentException("passes is null");
        }
        if (batchCount < -1) {
            throw new IllegalArgumentException("batchCount must be -1 (unknown) or at least 0, got " + batchCount);
        }
        return new Dataset() {
            @Override
            public int batchCount() {
                return batchCount;
            }

            @Override
            public Iterator<Batch> iterator() {
                Iterator<Batch> pass = passes.get();
                if (pass == null) {
                    throw new IllegalStateException("the stream's supplier returned no iterator");
                }
                return pass;
            }
        };
    }

    /**
     * Sliding windows over a time series with Keras's defaults ({@code sequenceStride} 1, {@code samplingRate} 1,
     * {@code batchSize} 128, no shuffling): see {@link #timeseriesDataset(Tensor, Tensor, int, TimeseriesOptions)}.
     */
    public static TimeseriesDataset timeseriesDataset(Tensor data, Tensor targets, int sequenceLength) {
        return new TimeseriesDataset(data, targets, sequenceLength, TimeseriesOptions.defaults());
    }

    /**
     * Keras's {@code keras.utils.timeseries_dataset_from_array}: windows of {@code sequenceLength} steps of
     * {@code data [steps, ...]}. Window {@code i} starts at {@code startIndex + i * sequenceStride} and takes every
     * {@code samplingRate}-th step; its target is {@code targets[startIndex + i * sequenceStride]}, the target row
     * aligned with the window's <em>first</em> step (to predict the step after a window, pass
     * {@code targets = data} shifted by {@code sequenceLength}, as Keras's documentation does). Batches are
     * {@code x [batch, sequenceLength, ...]} and {@code y [batch, ...]} ({@code y} is null when {@code targets} is).
     *
     * @throws IllegalArgumentException for the arguments Keras rejects, naming the value and the limit
     */
    public static TimeseriesDataset timeseriesDataset(Tensor data, Tensor targets, int sequenceLength,
            TimeseriesOptions options) {
        return new TimeseriesDataset(data, targets, sequenceLength, options);
    }
}
