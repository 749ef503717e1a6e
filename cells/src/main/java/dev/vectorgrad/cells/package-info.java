/**
 * RNN, LSTM and GRU cells and sequence layers, Linear, Embedding and weight I/O.
 * Not built yet: this package is a placeholder until its issue is taken.
 */
package dev.vectorgrad.cells;
