package dev.vectorgrad.cells;

import static dev.vectorgrad.autograd.Ops.add;
import static dev.vectorgrad.autograd.Ops.matmul;
import static dev.vectorgrad.autograd.Ops.mul;
import static dev.vectorgrad.autograd.Ops.relu;
import static dev.vectorgrad.autograd.Ops.sigmoid;
import static dev.vectorgrad.autograd.Ops.sub;
import static dev.vectorgrad.autograd.Ops.tanh;

import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * One cell step built from primitive autograd ops: the readable reference that the fused path
 * is tested against. The equations are PyTorch's (see {@link CellType}).
 */
final class ComposedCell {

    private ComposedCell() {
    }

    static CellState step(CellWeights w, Tensor x, CellState s) {
        checkInput(w, x, s);
        int hidden = w.hiddenSize();
        Tensor gi = add(matmul(x, w.weightIh(), false, true), w.biasIh());
        Tensor gh = add(matmul(s.h(), w.weightHh(), false, true), w.biasHh());
        switch (w.type()) {
            case RNN_TANH:
                return new CellState(tanh(add(gi, gh)), null);
            case RNN_RELU:
                return new CellState(relu(add(gi, gh)), null);
            case LSTM: {
                Tensor[] g = Shapes.split(add(gi, gh), 1, hidden, hidden, hidden, hidden);
                Tensor in = sigmoid(g[0]);
                Tensor forget = sigmoid(g[1]);
                Tensor cand = tanh(g[2]);
                Tensor out = sigmoid(g[3]);
                Tensor c = add(mul(forget, s.c()), mul(in, cand));
                return new CellState(mul(out, tanh(c)), c);
            }
            case GRU: {
                Tensor[] a = Shapes.split(gi, 1, hidden, hidden, hidden);
                Tensor[] b = Shapes.split(gh, 1, hidden, hidden, hidden);
                Tensor r = sigmoid(add(a[0], b[0]));
                Tensor z = sigmoid(add(a[1], b[1]));
                Tensor n = tanh(add(a[2], mul(r, b[2])));
                // h' = (1 - z) n + z h = n + z (h - n)
                return new CellState(add(n, mul(z, sub(s.h(), n))), null);
            }
            default:
                throw new AssertionError(w.type());
        }
    }

    static void checkInput(CellWeights w, Tensor x, CellState s) {
        String cell = w.type().toString();
        if (x.rank() != 2 || x.dim(1) != w.inputSize()) {
            throw new IllegalArgumentException(cell + ": input is " + Arrays.toString(x.shape())
                    + ", expected [batch, " + w.inputSize() + "]");
        }
        int batch = x.dim(0);
        checkState(cell + ": h", s.h(), batch, w.hiddenSize());
        if (w.type().hasCellState()) {
            if (s.c() == null) {
                throw new IllegalArgumentException(cell + ": the state needs c, got none");
            }
            checkState(cell + ": c", s.c(), batch, w.hiddenSize());
        }
        if (x.dtype() != w.dtype()) {
            throw new IllegalArgumentException(cell + ": input is " + x.dtype() + ", weights are " + w.dtype());
        }
    }

    private static void checkState(String what, Tensor t, int batch, int hidden) {
        if (t.rank() != 2 || t.dim(0) != batch || t.dim(1) != hidden) {
            throw new IllegalArgumentException(what + " is " + Arrays.toString(t.shape())
                    + ", expected [" + batch + ", " + hidden + "]");
        }
    }
}
