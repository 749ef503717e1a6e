package dev.vectorgrad.bench;

import dev.vectorgrad.cells.CellType;
import dev.vectorgrad.cells.Gru;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.Nonlinearity;
import dev.vectorgrad.cells.Recurrent;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.Rnn;
import dev.vectorgrad.kernels.Kernels;

/**
 * The recurrent shapes of the {@code cells} and {@code train} suites (input 128, hidden 256, float,
 * as issue 6 and {@code torch_peer.py}), the layers by name, and the thread-count check.
 */
final class Rnns {

    static final int INPUT = 128;
    static final int HIDDEN = 256;

    private Rnns() {
    }

    /** A one-layer float layer, PyTorch's default initialisation, seed 0: {@code cell} is rnn (tanh), lstm or gru. */
    static Recurrent layer(String cell) {
        return layer(cell, RecurrentOptions.defaults());
    }

    /** {@link #layer(String)} with other options (the same weights for the same seed and layers). */
    static Recurrent layer(String cell, RecurrentOptions options) {
        return switch (cell) {
            case "rnn" -> new Rnn(INPUT, HIDDEN, Nonlinearity.TANH, options);
            case "lstm" -> new Lstm(INPUT, HIDDEN, options);
            case "gru" -> new Gru(INPUT, HIDDEN, options);
            default -> throw new IllegalArgumentException("cell must be rnn, lstm or gru, got '" + cell + "'");
        };
    }

    /** Rows of the stacked gate matrices: gates x hidden (1024 for an LSTM, 768 for a GRU, 256 for an RNN). */
    static int gateRows(String cell) {
        return switch (cell) {
            case "rnn" -> CellType.RNN_TANH.gates() * HIDDEN;
            case "lstm" -> CellType.LSTM.gates() * HIDDEN;
            case "gru" -> CellType.GRU.gates() * HIDDEN;
            default -> throw new IllegalArgumentException("cell must be rnn, lstm or gru, got '" + cell + "'");
        };
    }

    /** Columns of the roofline GEMV matrix: {@code hh} is W_hh (H), {@code ihhh} is [W_ih | W_hh] (I + H). */
    static int matrixColumns(String matrix) {
        return switch (matrix) {
            case "hh" -> HIDDEN;
            case "ihhh" -> INPUT + HIDDEN;
            default -> throw new IllegalArgumentException("matrix must be hh or ihhh, got '" + matrix + "'");
        };
    }

    /**
     * The kernels read their thread count once, from the system property {@value Kernels#THREADS_PROPERTY};
     * Suites starts one fork per count with the property set. Fails when the fork disagrees with the
     * {@code threads} parameter (a benchmark run without Suites, or a wrong property).
     */
    static void checkThreads(int threads) {
        int actual = Kernels.provider().threads();
        if (actual != threads) {
            throw new IllegalStateException("the kernels use " + actual + " threads but the benchmark parameter says "
                    + threads + "; start the fork with -D" + Kernels.THREADS_PROPERTY + "=" + threads
                    + " (bench/run does)");
        }
    }
}
