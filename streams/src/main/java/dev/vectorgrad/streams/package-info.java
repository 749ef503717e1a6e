/**
 * Per-key recurrent inference in Kafka Streams. {@link dev.vectorgrad.streams.RecurrentInference} is the
 * {@code ProcessorSupplier} (with its own store) that a topology adds; {@link dev.vectorgrad.streams.StreamModel} is the
 * immutable model the stream threads share; {@link dev.vectorgrad.streams.StateCodec} is the versioned byte format of a
 * key's state.
 */
package dev.vectorgrad.streams;
