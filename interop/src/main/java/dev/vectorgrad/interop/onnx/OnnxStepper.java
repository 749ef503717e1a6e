package dev.vectorgrad.interop.onnx;

import dev.vectorgrad.interop.onnx.OnnxIr.Node;
import java.util.Arrays;
import java.util.Map;

/**
 * Step inference over a whole {@link OnnxModel}: each call runs the graph on one time step for a batch of
 * independent streams, and every recurrent node ({@code RNN}, {@code GRU}, {@code LSTM}) starts from the state it
 * ended the previous call with, so that feeding a sequence step by step gives the same outputs as running it whole.
 * ONNX Runtime cannot carry this state between calls.
 *
 * <p>The inputs of a call are the model's graph inputs with a time dimension of 1 (the model's own time axis:
 * {@code [1, batch, ...]} time-major, {@code [batch, 1, ...]} for a {@code batch_first} export). On the first call
 * after creation or {@link #reset()}, each recurrent node starts from what the graph gives it ({@code initial_h}
 * inputs, or zeros); after that, from its own last {@code Y_h} (and {@code Y_c}). The batch size is fixed from the
 * first call until {@link #reset()}.
 *
 * <p>Only graphs whose recurrent nodes all run forward can step: a reverse or bidirectional node needs the future,
 * and one with {@code sequence_lens} has per-sequence ends, so {@link OnnxModel#stepper()} refuses them.
 *
 * <p>Not allocation-free: each step runs the general graph interpreter, which allocates every intermediate tensor
 * (a few per node). A stepper is for one thread; make one per thread (the model is shared).
 */
public final class OnnxStepper {

    private final OnnxModel model;
    private final OnnxTensor[][] state;
    private int batch = -1;

    OnnxStepper(OnnxModel model) {
        this.model = model;
        this.state = new OnnxTensor[model.ops.length][];
        boolean any = false;
        for (int k = 0; k < model.ops.length; k++) {
            if (model.ops[k] instanceof RecurrentOp r) {
                any = true;
                Node node = model.nodes[k];
                String where = node.describe(model.nodeIndex[k]);
                if (r.directions != 1 || r.reverse) {
                    throw new UnsupportedOperationException("step inference needs every recurrent node to run "
                            + "forward: " + where + " is " + (r.reverse ? "reverse" : "bidirectional")
                            + ", and its backward direction needs the future");
                }
                if (node.inputs().size() > 4 && !node.inputs().get(4).isEmpty()) {
                    throw new UnsupportedOperationException("step inference cannot honour sequence_lens: " + where
                            + " takes '" + node.inputs().get(4) + "'");
                }
            }
        }
        if (!any) {
            throw new UnsupportedOperationException("the model has no RNN, GRU or LSTM node to step");
        }
    }

    /**
     * Runs one time step. Returns the graph outputs of this step (for a sequence output, its one time step).
     *
     * @throws IllegalArgumentException for inputs as {@link OnnxModel#run} refuses them, a time dimension other
     *         than 1 at a recurrent node, or a batch size other than the first call's
     */
    public Map<String, OnnxTensor> step(Map<String, OnnxTensor> inputs) {
        return model.execute(inputs, new OnnxModel.StepHook() {
            @Override
            public OnnxTensor[] before(int k, OnnxTensor[] args) {
                if (!(model.ops[k] instanceof RecurrentOp r)) {
                    return args;
                }
                OnnxTensor x = args[0];
                int timeAxis = r.batchMajor ? 1 : 0;
                if (x.rank() != 3 || x.dim(timeAxis) != 1) {
                    throw new IllegalArgumentException("a step needs one time step: X has shape "
                            + Arrays.toString(x.shapeRef()) + " (time axis " + timeAxis + ")");
                }
                int b = x.dim(1 - timeAxis);
                if (batch >= 0 && b != batch) {
                    throw new IllegalArgumentException("batch size " + b + ", but this stepper carries " + batch
                            + " streams; call reset() to change it");
                }
                if (state[k] == null) {
                    return args;
                }
                OnnxTensor[] replaced = Arrays.copyOf(args, Math.max(args.length, 7));
                replaced[5] = state[k][0];
                replaced[6] = state[k][1];
                return replaced;
            }

            @Override
            public void after(int k, OnnxTensor[] outputs) {
                if (model.ops[k] instanceof RecurrentOp) {
                    state[k] = new OnnxTensor[] {outputs[1], outputs[2]};
                    batch = outputs[1].dim(((RecurrentOp) model.ops[k]).batchMajor ? 0 : 1);
                }
            }
        });
    }

    /** Forgets every carried state and the batch size: the next call starts as the first. */
    public void reset() {
        Arrays.fill(state, null);
        batch = -1;
    }
}
