package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.nn.Module;
import java.util.SplittableRandom;

/**
 * One recurrent cell applied to one time step, as PyTorch's {@code RNNCell}, {@code LSTMCell}
 * and {@code GRUCell}, with their parameter names ({@code weight_ih}, {@code weight_hh},
 * {@code bias_ih}, {@code bias_hh}). Differentiable through the tape.
 */
public abstract sealed class RecurrentCell extends Module permits RnnCell, LstmCell, GruCell {

    private final CellWeights weights;

    RecurrentCell(CellType type, int inputSize, int hiddenSize, DType dtype, long seed) {
        this.weights = CellWeights.create(type, inputSize, hiddenSize, dtype, new SplittableRandom(seed));
        weights.registerInto(this::registerParameter, "");
    }

    /** The cell's parameters. */
    public CellWeights weights() {
        return weights;
    }

    /** A zero state for {@code batch} rows. */
    public CellState zeroState(int batch) {
        int hidden = weights.hiddenSize();
        DType dtype = weights.dtype();
        return new CellState(Tensor.zeros(dtype, batch, hidden),
                weights.type().hasCellState() ? Tensor.zeros(dtype, batch, hidden) : null);
    }

    /** One step: {@code x} is {@code [batch, inputSize]}; a {@code null} state means zeros. */
    public CellState forward(Tensor x, CellState state) {
        return ComposedCell.step(weights, x, state == null ? zeroState(x.rank() == 2 ? x.dim(0) : 0) : state);
    }

    @Override
    protected String describe() {
        return weights.inputSize() + ", " + weights.hiddenSize()
                + (weights.type() == CellType.RNN_RELU ? ", nonlinearity=relu" : "");
    }
}
