/** Sequence classification with Embedding + LSTM on a generated motif task, with a confusion matrix. */
package dev.vectorgrad.examples.classify;
