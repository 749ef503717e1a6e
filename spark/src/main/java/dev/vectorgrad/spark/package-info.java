/**
 * vectorgrad on Apache Spark 4.2: {@link dev.vectorgrad.spark.BroadcastModel} ships a {@code models}
 * {@code Sequential} to the executors as the bytes of its whole-model file, {@link dev.vectorgrad.spark.SequenceScorer}
 * scores a {@code Dataset<Row>} of sequences in batches, and {@link dev.vectorgrad.spark.DataParallelTrainer} trains
 * synchronously, data-parallel, the way Spark MLlib's optimisers do (broadcast parameters, per-partition gradients, a
 * fixed-order tree sum, the update on the driver). Spark is a provided dependency.
 */
package dev.vectorgrad.spark;
