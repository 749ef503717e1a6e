/**
 * Recurrent modules that match PyTorch: the cells {@link dev.vectorgrad.cells.RnnCell},
 * {@link dev.vectorgrad.cells.LstmCell}, {@link dev.vectorgrad.cells.GruCell} and the sequence layers
 * {@link dev.vectorgrad.cells.Rnn}, {@link dev.vectorgrad.cells.Lstm}, {@link dev.vectorgrad.cells.Gru},
 * with PyTorch's equations, gate order and parameter names; their fused path and
 * {@link dev.vectorgrad.cells.StepInference allocation-free step inference}.
 */
package dev.vectorgrad.cells;
