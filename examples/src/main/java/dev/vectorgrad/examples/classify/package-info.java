/**
 * Sequence classification with Embedding + LSTM on a generated motif task, with a confusion matrix: a hand-written
 * loop over variable-length sequences ({@code Classify}), and the Keras form with {@code models}
 * ({@code SequentialClassify}).
 */
package dev.vectorgrad.examples.classify;
