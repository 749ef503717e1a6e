package com.example.consumer;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Losses;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.optim.Adam;
import dev.vectorgrad.autograd.optim.Optimizer;
import dev.vectorgrad.cells.Lstm;
import dev.vectorgrad.cells.RecurrentOptions;
import dev.vectorgrad.cells.StepInference;
import dev.vectorgrad.nn.Linear;
import dev.vectorgrad.nn.Module;

/**
 * A small model as a user writes one: an LSTM and a linear head, trained with Adam to output the running
 * mean of its input features, then served step by step.
 */
public final class Regressor extends Module {

    static final int T = 12;
    static final int B = 4;
    static final int IN = 3;
    static final int HIDDEN = 16;

    final Lstm lstm = registerModule("lstm", new Lstm(IN, HIDDEN, RecurrentOptions.defaults()));
    final Linear head = registerModule("head", new Linear(HIDDEN, 1));

    /** {@code x [T, B, IN]} to {@code [T, B, 1]}. */
    Tensor forward(Tensor x) {
        return head.forward(lstm.forward(x).output());
    }

    /** Inputs in [-1, 1], seeded. */
    static Tensor inputs() {
        return Tensor.uniform(DType.F32, -1, 1, 42, T, B, IN);
    }

    /** The target: the mean of the features seen so far, per sequence ({@code [T, B, 1]}). */
    static Tensor targets(Tensor x) {
        float[] in = x.toFloatArray();
        float[] out = new float[T * B];
        for (int b = 0; b < B; b++) {
            double sum = 0;
            for (int t = 0; t < T; t++) {
                for (int f = 0; f < IN; f++) {
                    sum += in[(t * B + b) * IN + f];
                }
                out[t * B + b] = (float) (sum / ((t + 1) * IN));
            }
        }
        return Tensor.of(out, T, B, 1);
    }

    /** Trains for {@code steps} Adam steps on one batch; returns the loss before the first and after the last. */
    double[] train(int steps) {
        Tensor x = inputs();
        Tensor y = targets(x);
        Optimizer adam = Adam.builder(1e-2).build(parameters());
        double first = Double.NaN;
        for (int step = 0; step < steps; step++) {
            adam.zeroGrad();
            try (Tape tape = Tape.open()) {
                Tensor loss = Losses.mse(forward(x), y);
                if (step == 0) {
                    first = loss.item();
                }
                tape.backward(loss);
            }
            adam.step();
        }
        try (Tape.NoGrad noGrad = Tape.noGrad()) {
            return new double[] {first, Losses.mse(forward(x), y).item()};
        }
    }

    /**
     * The largest difference between the LSTM's sequence output and the same sequence run through
     * {@link StepInference}, one step at a time, over all steps, streams and units.
     */
    double stepInferenceDifference() {
        Tensor x = inputs();
        float[] sequence;
        try (Tape.NoGrad noGrad = Tape.noGrad()) {
            sequence = lstm.forward(x).output().toFloatArray();
        }
        StepInference serving = StepInference.of(lstm);
        StepInference.State state = serving.newState(B);
        float[] in = x.toFloatArray();
        double worst = 0;
        for (int t = 0; t < T; t++) {
            float[] h = serving.step(state, in, t * B * IN);
            for (int i = 0; i < B * HIDDEN; i++) {
                worst = Math.max(worst, Math.abs(h[i] - sequence[t * B * HIDDEN + i]));
            }
        }
        return worst;
    }
}
