package dev.vectorgrad.cells;

/**
 * The gate equations of every cell type, written once, with the derivatives the fused backward
 * uses next to them. The three engines that run a cell step all call {@link #forward}:
 * {@link ComposedCell} (autograd ops, the op-level reference), {@link FusedSequence} (tensor rows,
 * one tape node per sequence) and {@link StepInference} (float arrays, allocation-free); only the
 * fused backward calls {@link #backward}. A new variant (configurable activations, another GRU) is
 * added here, and the engines run it.
 *
 * <p><b>What is here and what is not.</b> Here: everything after the gate pre-activations, that is
 * the activations, the state update and the new hidden state, and their derivatives. Not here: the
 * products by the weights and the biases, which each engine makes its own way (GEMM over all steps
 * and a packed per-step GEMM; one GEMV over {@code [x | h]}; matmul ops). The pre-activations they
 * hand over are laid out as {@link CellType} says, gates stacked in PyTorch's order: all of
 * {@code x W_ih^T + b_ih + h W_hh^T + b_hh}, except for a GRU, whose n rows get
 * {@code x W_in^T + b_in} in the gates and {@code h W_hn^T + b_hn} apart ({@code hn}), since
 * {@code r} scales that term alone ({@link #recurrentInGates}).
 *
 * <p><b>Written once over the engines' buffers.</b> The equations are calls of the element-wise
 * {@link Kernels} on vectors of {@code hidden} elements (or two adjacent ones), each named by a
 * buffer of the engine's type {@code B} and an offset. A {@link StepVectors} (or
 * {@link GradientVectors}) names the buffers, made once per sequence or per inference state; the
 * offsets are passed per row. Every engine keeps the vectors of one batch row at three offsets:
 * {@code gate} for its gate row (width {@code gates * hidden}), {@code state} for the row of the
 * running state ({@code h}, {@code c} and their gradients) and {@code saved} for the row of what is
 * kept per step ({@code tanh(c')}, {@code hn}, the previous states). Inference, which keeps nothing,
 * passes its state offset as {@code saved} and {@code h} as {@code tanhC}: {@code h' = o tanh(c')}
 * is then computed in place. The derivatives also read the step's output (an RNN's activation) at
 * its own row, {@code output}, since the output may be batch-first. The composed path's buffers are arrays of {@code [batch, H]} tensors,
 * one per block of {@code hidden} elements, and its ops build the tape (offset {@code k * hidden}
 * names block {@code k}), so its tape is the one the equations spell out.
 *
 * <p><b>Speed.</b> The engines' kernels are final classes in final or static final fields, so a call
 * site here sees at most two receiver types in a running program (the composed one only in tests),
 * which C2 inlines behind a type check. Seen with {@code -XX:+PrintInlining} (C2 alone, JDK 25): in
 * {@code StepInference.layerStep} the equations and the kernel adapters inline down to the vector
 * kernels' entry points; the fused row loop calls {@link #forward} once per row (compiled on its
 * own, it is too big to inline there). The vector kernels themselves are called, not inlined, on
 * every path, as before. Nothing is boxed or allocated; the kernels run per vector, never per
 * element, in the order the engines called them before, so the numbers are the same bits as before.
 *
 * <p><b>Checks.</b> The composed path shares these equations, so {@code FusedEqualsComposedTest}
 * proves the engines run them alike (and the fused backward against the ops' own derivatives), but
 * not that they are right. What checks the equations independently: {@code PyTorchParityTest}
 * (both paths' outputs, states and gradients against fixtures made by real PyTorch) and the
 * finite-difference gradient checks of both paths ({@code CellGradCheckTest}).
 */
final class GateEquations {

    private GateEquations() {
    }

    /**
     * The element-wise kernels the equations are written in, over an engine's buffer type {@code B}:
     * {@code n} elements from each offset. An output may be the same range as an input.
     */
    interface Kernels<B> {

        void sigmoid(int n, B x, int xOff, B out, int outOff);

        void tanh(int n, B x, int xOff, B out, int outOff);

        void relu(int n, B x, int xOff, B out, int outOff);

        /** {@code out = x * y}. */
        void mul(int n, B x, int xOff, B y, int yOff, B out, int outOff);

        /** {@code out += x * y}. */
        void addProduct(int n, B x, int xOff, B y, int yOff, B out, int outOff);

        /** {@code out = a * b + c * d}. */
        void productSum(int n, B a, int aOff, B b, int bOff, B c, int cOff, B d, int dOff, B out, int outOff);

        /** {@code out = a + t * (b - a)}. */
        void lerp(int n, B t, int tOff, B a, int aOff, B b, int bOff, B out, int outOff);
    }

    /** {@link Kernels} plus those the derivatives need. */
    interface GradientKernels<B> extends Kernels<B> {

        /** {@code out = x + y}. */
        void add(int n, B x, int xOff, B y, int yOff, B out, int outOff);

        /** {@code out = x - y}. */
        void sub(int n, B x, int xOff, B y, int yOff, B out, int outOff);

        void copy(int n, B src, int srcOff, B dst, int dstOff);

        void zero(int n, B x, int xOff);

        /** {@code dx = dy * (1 - y^2)}, given {@code y = tanh(x)}. */
        void tanhBackward(int n, B y, int yOff, B dy, int dyOff, B dx, int dxOff);

        /** {@code dx = dy * y * (1 - y)}, given {@code y = sigmoid(x)}. */
        void sigmoidBackward(int n, B y, int yOff, B dy, int dyOff, B dx, int dxOff);

        /** {@code dx = y > 0 ? dy : 0}, given {@code y = relu(x)}. */
        void reluBackward(int n, B y, int yOff, B dy, int dyOff, B dx, int dxOff);
    }

    /**
     * The buffers of a step's vectors ({@code null} where a cell type has none). {@code gates}: the
     * pre-activations on entry, the activated gates after (what the derivatives read); {@code h}: the
     * hidden state, replaced by the new one; {@code c}: an LSTM's cell state, replaced by the new one;
     * {@code tanhC}: receives an LSTM's {@code tanh(c')}; {@code hn}: a GRU's {@code h W_hn^T + b_hn}.
     * Offsets: {@code gates} at the gate row, {@code h} and {@code c} at the state row,
     * {@code tanhC} and {@code hn} at the saved row.
     */
    record StepVectors<B>(B gates, B h, B c, B tanhC, B hn) {
    }

    /**
     * The buffers the derivatives of a step read and write. At the gate row: {@code gates} (activated,
     * as the forward left them), {@code dGates} (receives the gate pre-activation gradients) and
     * {@code dRecurrent} (receives those of the products by {@code W_hh}: {@code dGates} itself, but
     * for a GRU, whose n rows reach {@code h W_hn^T} through {@code r}). At the state row: {@code dh},
     * {@code dc} and two scratch vectors. At the saved row: the step's {@code hPrev}, {@code cPrev},
     * {@code tanhC} and {@code hn}. {@code y}, the step's output (an RNN's activated gates), at the
     * output row.
     */
    record GradientVectors<B>(B gates, B dGates, B dRecurrent, B dh, B dc, B tmp, B tmp2,
                              B hPrev, B cPrev, B tanhC, B hn, B y) {
    }

    /**
     * Of the gate rows, those whose recurrent product is added to the gates before the activations:
     * all, but a GRU's n rows, whose product {@code h W_hn^T + b_hn} goes to {@code hn} (in
     * elements: times {@code hidden}).
     */
    static int recurrentInGates(CellType type) {
        return type == CellType.GRU ? 2 : type.gates();
    }

    /**
     * One batch row of one step: from the pre-activations in {@code v.gates} at {@code gate} to the
     * new state in {@code v.h} (and {@code v.c}) at {@code state}.
     */
    static <B> void forward(CellType type, Kernels<B> k, int hidden, StepVectors<B> v, int gate, int state,
                            int saved) {
        switch (type) {
            // h' = tanh(g) or relu(g)
            case RNN_TANH -> k.tanh(hidden, v.gates(), gate, v.h(), state);
            case RNN_RELU -> k.relu(hidden, v.gates(), gate, v.h(), state);
            case LSTM -> lstm(k, hidden, v.gates(), gate, v.c(), state, v.tanhC(), saved, v.h(), state);
            case GRU -> gru(k, hidden, v.gates(), gate, v.hn(), saved, v.h(), state);
            default -> throw new AssertionError(type);
        }
    }

    /** Gates i, f, g, o (adjacent blocks from {@code a}): {@code c' = f c + i g}, {@code h' = o tanh(c')}. */
    private static <B> void lstm(Kernels<B> k, int hidden, B gates, int a, B c, int cOff, B tanhC, int tOff,
                                 B h, int hOff) {
        int f = a + hidden;
        int g = a + 2 * hidden;
        int o = a + 3 * hidden;
        k.sigmoid(2 * hidden, gates, a, gates, a); // i and f
        k.tanh(hidden, gates, g, gates, g);
        k.sigmoid(hidden, gates, o, gates, o);
        k.productSum(hidden, gates, f, c, cOff, gates, a, gates, g, c, cOff);
        k.tanh(hidden, c, cOff, tanhC, tOff);
        k.mul(hidden, gates, o, tanhC, tOff, h, hOff);
    }

    /**
     * Gates r, z, n (adjacent blocks from {@code a}), the reset applied after the recurrent product
     * (PyTorch's): {@code n = tanh(gi_n + r hn)}, {@code h' = (1 - z) n + z h = n + z (h - n)}.
     */
    private static <B> void gru(Kernels<B> k, int hidden, B gates, int a, B hn, int nOff, B h, int hOff) {
        int z = a + hidden;
        int n = a + 2 * hidden;
        k.sigmoid(2 * hidden, gates, a, gates, a); // r and z
        k.addProduct(hidden, gates, a, hn, nOff, gates, n);
        k.tanh(hidden, gates, n, gates, n);
        k.lerp(hidden, gates, z, gates, n, h, hOff, h, hOff);
    }

    /**
     * The derivatives of {@link #forward} for one batch row of one step. On entry {@code v.dh} holds
     * the gradient of the new hidden state (the output's and the next step's), {@code v.dc} that of
     * the new cell state. On return {@code v.dGates} and {@code v.dRecurrent} hold the gate
     * gradients, {@code v.dc} the gradient of the previous cell state and {@code v.dh} the part of the
     * previous hidden state's gradient that does not pass through {@code W_hh} (a GRU's {@code z dh};
     * 0 for the others): the caller adds {@code dRecurrent W_hh}.
     */
    static <B> void backward(CellType type, GradientKernels<B> k, int hidden, GradientVectors<B> v, int gate,
                             int state, int saved, int output) {
        switch (type) {
            case RNN_TANH -> {
                k.tanhBackward(hidden, v.y(), output, v.dh(), state, v.dGates(), gate);
                k.zero(hidden, v.dh(), state);
            }
            case RNN_RELU -> {
                k.reluBackward(hidden, v.y(), output, v.dh(), state, v.dGates(), gate);
                k.zero(hidden, v.dh(), state);
            }
            case LSTM -> lstmBackward(k, hidden, v, gate, state, saved);
            case GRU -> gruBackward(k, hidden, v, gate, state, saved);
            default -> throw new AssertionError(type);
        }
    }

    private static <B> void lstmBackward(GradientKernels<B> k, int hidden, GradientVectors<B> v, int a, int s,
                                         int saved) {
        int f = a + hidden;
        int g = a + 2 * hidden;
        int o = a + 3 * hidden;
        B act = v.gates();
        B dGates = v.dGates();
        B dh = v.dh();
        B dc = v.dc();
        B tmp = v.tmp();
        // do = dh tanh(c')
        k.mul(hidden, dh, s, v.tanhC(), saved, tmp, s);
        k.sigmoidBackward(hidden, act, o, tmp, s, dGates, o);
        // dc' += dh o (1 - tanh(c')^2)
        k.mul(hidden, dh, s, act, o, tmp, s);
        k.tanhBackward(hidden, v.tanhC(), saved, tmp, s, tmp, s);
        k.add(hidden, dc, s, tmp, s, dc, s);
        // di = dc' g;  dg = dc' i;  df = dc' c
        k.mul(hidden, dc, s, act, g, tmp, s);
        k.sigmoidBackward(hidden, act, a, tmp, s, dGates, a);
        k.mul(hidden, dc, s, act, a, tmp, s);
        k.tanhBackward(hidden, act, g, tmp, s, dGates, g);
        k.mul(hidden, dc, s, v.cPrev(), saved, tmp, s);
        k.sigmoidBackward(hidden, act, f, tmp, s, dGates, f);
        // dc = dc' f;  h reaches h' only through the gates
        k.mul(hidden, dc, s, act, f, dc, s);
        k.zero(hidden, dh, s);
    }

    private static <B> void gruBackward(GradientKernels<B> k, int hidden, GradientVectors<B> v, int r, int s,
                                        int saved) {
        int z = r + hidden;
        int n = r + 2 * hidden;
        B act = v.gates();
        B dGates = v.dGates();
        B dRecurrent = v.dRecurrent();
        B dh = v.dh();
        B tmp = v.tmp();
        B tmp2 = v.tmp2();
        // dz = dh (h - n);  dn = dh (1 - z) = dh - dh z;  the direct part of dh_prev: dh z
        k.sub(hidden, v.hPrev(), saved, act, n, tmp, s);
        k.mul(hidden, dh, s, tmp, s, tmp, s);
        k.sigmoidBackward(hidden, act, z, tmp, s, dGates, z);
        k.mul(hidden, dh, s, act, z, tmp2, s);
        k.sub(hidden, dh, s, tmp2, s, tmp, s);
        k.tanhBackward(hidden, act, n, tmp, s, dGates, n);
        // n's recurrent term is scaled by r: d(hn) = dn r;  dr = dn hn
        k.mul(hidden, dGates, n, act, r, dRecurrent, n);
        k.mul(hidden, dGates, n, v.hn(), saved, tmp, s);
        k.sigmoidBackward(hidden, act, r, tmp, s, dGates, r);
        k.copy(2 * hidden, dGates, r, dRecurrent, r);
        k.copy(hidden, tmp2, s, dh, s);
    }
}
