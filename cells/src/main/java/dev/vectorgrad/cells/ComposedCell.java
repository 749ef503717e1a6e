package dev.vectorgrad.cells;

import static dev.vectorgrad.autograd.Ops.add;
import static dev.vectorgrad.autograd.Ops.matmul;
import static dev.vectorgrad.autograd.Ops.sub;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * One cell step built from primitive autograd ops: the op-level reference that the fused path is
 * tested against. The products and biases are written here; the gate equations are
 * {@link GateEquations}', run on autograd ops (so the fused path is checked against the same
 * equations, and PyTorch's fixtures and finite differences check the equations themselves).
 */
final class ComposedCell {

    private ComposedCell() {
    }

    static CellState step(CellWeights w, Tensor x, CellState s) {
        checkInput(w, x, s);
        int hidden = w.hiddenSize();
        CellType type = w.type();
        Tensor gi = add(matmul(x, w.weightIh(), false, true), w.biasIh());
        Tensor gh = add(matmul(s.h(), w.weightHh(), false, true), w.biasHh());
        // The pre-activations as the gate equations read them, one [batch, H] tensor per gate.
        int gates = type.gates();
        int summed = GateEquations.recurrentInGates(type);
        Tensor[] pre;
        Tensor[] hn = null;
        if (summed == gates) {
            Tensor sum = add(gi, gh);
            pre = gates == 1 ? new Tensor[] {sum} : Shapes.split(sum, 1, blockSizes(gates, hidden));
        } else {
            Tensor[] a = Shapes.split(gi, 1, blockSizes(gates, hidden));
            Tensor[] b = Shapes.split(gh, 1, blockSizes(gates, hidden));
            pre = a;
            for (int k = 0; k < summed; k++) {
                pre[k] = add(a[k], b[k]);
            }
            hn = Arrays.copyOfRange(b, summed, gates);
        }
        Tensor[] h = {s.h()};
        Tensor[] c = {s.c()};
        GateEquations.StepVectors<Tensor[]> v = new GateEquations.StepVectors<>(pre, h, c, new Tensor[1], hn);
        GateEquations.forward(type, new OpKernels(hidden), hidden, v, 0, 0, 0);
        return new CellState(h[0], c[0]);
    }

    private static int[] blockSizes(int blocks, int hidden) {
        int[] sizes = new int[blocks];
        Arrays.fill(sizes, hidden);
        return sizes;
    }

    /**
     * The gate equations' kernels as autograd ops, so that the equations build the tape. A buffer is an
     * array of {@code [batch, H]} tensors, one per block of {@code hidden} elements: offset
     * {@code k * hidden} names block {@code k}, and an op over several blocks is that op on each.
     */
    private static final class OpKernels implements GateEquations.Kernels<Tensor[]> {
        private final int hidden;

        OpKernels(int hidden) {
            this.hidden = hidden;
        }

        /** Index of block {@code j} of the vector at element offset {@code off}. */
        private int block(int off, int j) {
            return off / hidden + j;
        }

        private int blocks(int n) {
            return n / hidden;
        }

        @Override
        public void sigmoid(int n, Tensor[] x, int xOff, Tensor[] out, int outOff) {
            for (int j = 0; j < blocks(n); j++) {
                out[block(outOff, j)] = Ops.sigmoid(x[block(xOff, j)]);
            }
        }

        @Override
        public void tanh(int n, Tensor[] x, int xOff, Tensor[] out, int outOff) {
            for (int j = 0; j < blocks(n); j++) {
                out[block(outOff, j)] = Ops.tanh(x[block(xOff, j)]);
            }
        }

        @Override
        public void relu(int n, Tensor[] x, int xOff, Tensor[] out, int outOff) {
            for (int j = 0; j < blocks(n); j++) {
                out[block(outOff, j)] = Ops.relu(x[block(xOff, j)]);
            }
        }

        @Override
        public void mul(int n, Tensor[] x, int xOff, Tensor[] y, int yOff, Tensor[] out, int outOff) {
            for (int j = 0; j < blocks(n); j++) {
                out[block(outOff, j)] = Ops.mul(x[block(xOff, j)], y[block(yOff, j)]);
            }
        }

        @Override
        public void addProduct(int n, Tensor[] x, int xOff, Tensor[] y, int yOff, Tensor[] out, int outOff) {
            for (int j = 0; j < blocks(n); j++) {
                int o = block(outOff, j);
                out[o] = add(out[o], Ops.mul(x[block(xOff, j)], y[block(yOff, j)]));
            }
        }

        @Override
        public void productSum(int n, Tensor[] a, int aOff, Tensor[] b, int bOff, Tensor[] c, int cOff, Tensor[] d,
                               int dOff, Tensor[] out, int outOff) {
            for (int j = 0; j < blocks(n); j++) {
                out[block(outOff, j)] = add(Ops.mul(a[block(aOff, j)], b[block(bOff, j)]),
                        Ops.mul(c[block(cOff, j)], d[block(dOff, j)]));
            }
        }

        @Override
        public void lerp(int n, Tensor[] t, int tOff, Tensor[] a, int aOff, Tensor[] b, int bOff, Tensor[] out,
                         int outOff) {
            for (int j = 0; j < blocks(n); j++) {
                Tensor from = a[block(aOff, j)];
                out[block(outOff, j)] = add(from, Ops.mul(t[block(tOff, j)], sub(b[block(bOff, j)], from)));
            }
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
