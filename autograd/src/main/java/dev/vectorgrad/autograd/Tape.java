package dev.vectorgrad.autograd;

import dev.vectorgrad.autograd.internal.Compute;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Wengert list: the ops run on one thread while the tape is open, in the order they ran, each
 * with its {@link Backward}. Because the list is already in topological order,
 * {@link #backward(Tensor)} is a plain reverse loop over it, with no recursion and no sort, so
 * chains of any length (a 100,000-step sequence) backpropagate in constant stack depth.
 *
 * <pre>{@code
 * try (Tape tape = Tape.open()) {
 *     Tensor loss = Losses.mse(Ops.tanh(Ops.matmul(x, w)), y);
 *     tape.backward(loss);          // w.grad() now holds d loss / d w
 * }
 * }</pre>
 *
 * <p>An op is recorded when a tape is open on the calling thread, recording is not suspended by
 * {@link #noGrad()}, and at least one input requires a gradient; otherwise it only computes.
 * Tapes nest: the innermost open tape records. A tape belongs to the thread that opened it;
 * tapes on different threads are independent and run at once.
 *
 * <p>The tape keeps what each op saved for its backward until it is {@link #reset()} or closed,
 * so {@code backward} can run more than once. After a reset or close, the tensors it recorded
 * can no longer be used in ops; {@link Tensor#detach()} them first to carry values across (as
 * truncated BPTT carries the recurrent state).
 */
public final class Tape implements AutoCloseable {

    private static final ThreadLocal<Scope> SCOPE = ThreadLocal.withInitial(Scope::new);

    /** Per-thread state: the stack of open tapes and the depth of no-grad scopes. */
    private static final class Scope {
        final ArrayDeque<Tape> open = new ArrayDeque<>();
        int noGradDepth;
    }

    /** One recorded op. */
    private record Node(String op, Tensor[] inputs, Tensor[] outputs, Backward backward) {
    }

    private final Thread owner = Thread.currentThread();
    private final List<Node> nodes = new ArrayList<>();
    private int generation;
    private boolean closed;

    private Tape() {
    }

    /** Opens a new tape that records this thread's ops until it is closed. */
    public static Tape open() {
        Tape tape = new Tape();
        SCOPE.get().open.push(tape);
        return tape;
    }

    /**
     * Suspends recording on this thread until the returned scope is closed: ops only compute.
     * Use it for inference and for optimizer updates. Scopes nest.
     */
    public static NoGrad noGrad() {
        Scope scope = SCOPE.get();
        scope.noGradDepth++;
        return new NoGrad(scope);
    }

    /** A no-grad scope; see {@link Tape#noGrad()}. */
    public static final class NoGrad implements AutoCloseable {
        private final Scope scope;
        private boolean closed;

        private NoGrad(Scope scope) {
            this.scope = scope;
        }

        /** Ends the scope (idempotent). */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                scope.noGradDepth--;
            }
        }
    }

    /** The tape that records this thread's ops now, or {@code null} (none open, or in a no-grad scope). */
    public static Tape recording() {
        Scope scope = SCOPE.get();
        return scope.noGradDepth > 0 ? null : scope.open.peek();
    }

    /**
     * Records a custom op on this thread's recording tape, if there is one and any input requires
     * a gradient; otherwise does nothing. The outputs, already computed by the caller, then
     * require gradients, and {@code backward} will be called with their gradients.
     *
     * @param op       name used in error messages and reports
     * @param inputs   tensors the op read (leaves or outputs of ops on this tape)
     * @param outputs  tensors the op made; they must be new leaves that nothing has recorded
     * @param backward adds the op's contribution to each input's gradient
     * @return {@code outputs}
     */
    public static Tensor[] record(String op, Tensor[] inputs, Tensor[] outputs, Backward backward) {
        Tape tape = tapeFor(op, inputs);
        if (tape != null) {
            tape.add(op, inputs, outputs, backward);
        }
        return outputs;
    }

    /**
     * Whether {@link #record} would record an op over {@code inputs} now: a tape is recording on
     * this thread and an input requires a gradient. A custom op asks this before computing, to
     * skip saving what only its backward reads (as under {@link #noGrad()}).
     */
    public static boolean willRecord(Tensor... inputs) {
        return recording() != null && anyRequiresGrad(inputs);
    }

    private static boolean anyRequiresGrad(Tensor[] inputs) {
        for (Tensor in : inputs) {
            if (in.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** Single-output form of {@link #record(String, Tensor[], Tensor[], Backward)}. */
    public static Tensor record(String op, Tensor[] inputs, Tensor output, Backward backward) {
        return record(op, inputs, new Tensor[] {output}, backward)[0];
    }

    /**
     * Checks that {@code inputs} can be used by {@code op} now and returns the tape to record on,
     * or {@code null} when the op is not to be recorded.
     */
    static Tape tapeFor(String op, Tensor[] inputs) {
        Tape tape = recording();
        for (Tensor in : inputs) {
            if (in.tape != null) {
                in.tape.checkCurrent(op, in);
                if (tape != null && in.tape != tape) {
                    throw new IllegalStateException(op + ": input " + Tensor.shapeString(in.shape())
                            + " was recorded on another (outer) tape than the one recording now; detach() it first");
                }
            }
        }
        return tape != null && anyRequiresGrad(inputs) ? tape : null;
    }

    private void add(String op, Tensor[] inputs, Tensor[] outputs, Backward backward) {
        checkOwner("record");
        for (Tensor out : outputs) {
            if (!out.isLeaf() || out.requiresGrad()) {
                throw new IllegalArgumentException(op + ": output " + Tensor.shapeString(out.shape())
                        + " must be a new tensor, but it is already recorded or requires a gradient");
            }
            out.markRecorded(this, generation);
        }
        nodes.add(new Node(op, inputs.clone(), outputs.clone(), backward));
    }

    private void checkCurrent(String op, Tensor t) {
        if (closed || t.generation != generation) {
            throw new IllegalStateException(op + ": tensor " + Tensor.shapeString(t.shape())
                    + " was recorded on a tape that has since been " + (closed ? "closed" : "reset")
                    + "; detach() tensors before reset() to carry their values across");
        }
    }

    private void checkOwner(String what) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException(what + ": this tape belongs to thread '" + owner.getName()
                    + "', not '" + Thread.currentThread().getName() + "' (tapes are thread-confined)");
        }
    }

    /** Number of recorded ops. */
    public int size() {
        return nodes.size();
    }

    /**
     * Backpropagates from a scalar (one-element) output: accumulates d output / d leaf into the
     * gradient of every leaf that requires one.
     */
    public void backward(Tensor output) {
        if (output.size() != 1) {
            throw new IllegalArgumentException("backward: output has shape " + Tensor.shapeString(output.shape())
                    + " (" + output.size() + " elements); backward without an upstream gradient needs a scalar,"
                    + " pass one with backward(output, upstream)");
        }
        backward(output, Tensor.ones(output.dtype(), output.shape()));
    }

    /**
     * Backpropagates from any output given the gradient of the final result with respect to it
     * ({@code upstream}, same shape and dtype): accumulates {@code upstream . d output / d leaf}
     * into every leaf that requires a gradient.
     */
    public void backward(Tensor output, Tensor upstream) {
        checkOwner("backward");
        if (closed) {
            throw new IllegalStateException("backward: this tape is closed");
        }
        if (!Arrays.equals(output.shape(), upstream.shape()) || output.dtype() != upstream.dtype()) {
            throw new IllegalArgumentException("backward: upstream gradient is " + upstream.dtype() + " "
                    + Tensor.shapeString(upstream.shape()) + " but the output is " + output.dtype() + " "
                    + Tensor.shapeString(output.shape()));
        }
        if (output.isLeaf()) {
            if (!output.requiresGrad()) {
                throw new IllegalArgumentException("backward: output " + Tensor.shapeString(output.shape())
                        + " does not require a gradient: no input of the ops that made it requires one,"
                        + " or they ran with no tape recording");
            }
            Compute.addInto(output.gradBuffer(), upstream);
            return;
        }
        if (output.tape != this) {
            throw new IllegalArgumentException("backward: output " + Tensor.shapeString(output.shape())
                    + " was recorded on another tape");
        }
        checkCurrent("backward", output);
        Compute.addInto(output.gradBuffer(), upstream);
        // Backward functions may call ops (a custom Backward naturally does); they must compute, not
        // append nodes to the list being walked (the tape would grow with every backward pass).
        try (NoGrad ignored = noGrad()) {
            reverse();
        }
    }

    private void reverse() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node node = nodes.get(i);
            Tensor[] outGrads = new Tensor[node.outputs.length];
            boolean reached = false;
            for (int j = 0; j < outGrads.length; j++) {
                outGrads[j] = node.outputs[j].grad();
                reached |= outGrads[j] != null;
            }
            if (!reached) {
                continue;
            }
            for (int j = 0; j < outGrads.length; j++) {
                if (outGrads[j] == null) {
                    outGrads[j] = node.outputs[j].zerosLike();
                }
                node.outputs[j].clearGrad();
            }
            Tensor[] inGrads = new Tensor[node.inputs.length];
            for (int j = 0; j < inGrads.length; j++) {
                if (node.inputs[j].requiresGrad()) {
                    inGrads[j] = node.inputs[j].gradBuffer();
                }
            }
            node.backward.accumulate(outGrads, inGrads);
        }
    }

    /**
     * Forgets every recorded op, so the tape can record the next step. Tensors it recorded can no
     * longer be used in ops (detach them first to keep their values).
     */
    public void reset() {
        checkOwner("reset");
        nodes.clear();
        generation++;
    }

    /** Resets the tape and stops it recording; it must be the innermost open tape of this thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkOwner("close");
        ArrayDeque<Tape> open = SCOPE.get().open;
        if (open.peek() != this) {
            throw new IllegalStateException("close: tapes must be closed innermost first");
        }
        open.pop();
        reset();
        closed = true;
    }
}
