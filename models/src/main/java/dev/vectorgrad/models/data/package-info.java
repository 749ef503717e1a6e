/**
 * Input pipelines for {@code fit}, {@code evaluate} and {@code predict}: Java arrays of any rank and flat arrays
 * with a shape, batched and shuffled with a seed; streaming data sets; {@code timeseriesDataset} and
 * {@code padSequences} as in {@code keras.utils}.
 */
package dev.vectorgrad.models.data;
