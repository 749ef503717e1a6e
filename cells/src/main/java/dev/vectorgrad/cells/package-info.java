/**
 * Layers that match PyTorch: {@link dev.vectorgrad.cells.Linear}, {@link dev.vectorgrad.cells.Embedding},
 * the cells {@link dev.vectorgrad.cells.RnnCell}, {@link dev.vectorgrad.cells.LstmCell},
 * {@link dev.vectorgrad.cells.GruCell} and the sequence layers {@link dev.vectorgrad.cells.Rnn},
 * {@link dev.vectorgrad.cells.Lstm}, {@link dev.vectorgrad.cells.Gru}, with PyTorch's equations, gate
 * order and parameter names; and {@link dev.vectorgrad.cells.Init initializers}.
 */
package dev.vectorgrad.cells;
