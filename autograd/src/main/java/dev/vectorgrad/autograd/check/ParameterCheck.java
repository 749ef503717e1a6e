package dev.vectorgrad.autograd.check;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link GradCheck#checkParameters}: turns a function of captured, named parameters into a function of inputs for
 * the {@link Checker}. The inputs are snapshots of the parameters; each evaluation copies the inputs' values into the
 * live parameters and runs the function. On the analytical side the function runs on a tape of its own, which
 * backpropagates once per element of its value (once for a loss) to get the Jacobian with respect to the parameters;
 * the value is then recorded on the checker's tape as one op whose backward hands {@code upstream . J} to the inputs.
 */
final class ParameterCheck {

    /** Runs a {@link Checker} over the inputs it is given, with their names. */
    interface Run {
        Report run(Function<Tensor[], Tensor> f, Tensor[] inputs, String[] names);
    }

    private ParameterCheck() {
    }

    static Report run(Map<String, Tensor> parameters, Supplier<Tensor> f, Run checker) {
        int n = parameters.size();
        String[] names = parameters.keySet().toArray(new String[0]);
        Tensor[] live = parameters.values().toArray(new Tensor[0]);
        Tensor[] snapshots = new Tensor[n];
        for (int i = 0; i < n; i++) {
            Tensor p = live[i];
            if (p == null) {
                throw new IllegalArgumentException("GradCheck: parameter '" + names[i] + "' is null");
            }
            if (p.requiresGrad() && p.dtype() != DType.F64) {
                throw new IllegalArgumentException("GradCheck: parameter '" + names[i] + "' is " + p.dtype() + " "
                        + Tensor.shapeString(p.shape()) + "; checking parameters needs them in F64 (build the model in"
                        + " double precision), since the finite differences perturb the parameters themselves");
            }
            snapshots[i] = p.detach().requiresGrad(p.requiresGrad());
        }
        try {
            return checker.run(in -> evaluate(in, live, f), snapshots, names);
        } finally {
            for (int i = 0; i < n; i++) {
                copy(snapshots[i], live[i]);
                live[i].zeroGrad();
            }
        }
    }

    private static Tensor evaluate(Tensor[] in, Tensor[] live, Supplier<Tensor> f) {
        for (int i = 0; i < in.length; i++) {
            copy(in[i], live[i]);
        }
        if (!Tape.willRecord(in)) {
            return f.get();
        }
        // The Jacobian of f with respect to the live parameters, one backward pass per element of its value, on a
        // tape of our own (innermost, so closed before returning). The recorded op hands upstream . J to the inputs.
        Tensor value;
        double[][][] jacobian = new double[in.length][][];
        try (Tape tape = Tape.open()) {
            for (Tensor p : live) {
                p.zeroGrad();
            }
            value = f.get();
            if (value == null) {
                return null;
            }
            int outSize = value.size();
            for (int i = 0; i < in.length; i++) {
                jacobian[i] = new double[outSize][];
            }
            Tensor oneHot = value.zerosLike();
            for (int j = 0; j < outSize; j++) {
                oneHot.set(j, 1);
                if (!value.isLeaf() || value.requiresGrad()) {
                    tape.backward(value, oneHot);
                }
                oneHot.set(j, 0);
                for (int i = 0; i < in.length; i++) {
                    Tensor g = live[i].grad();
                    jacobian[i][j] = g == null ? new double[live[i].size()] : g.toDoubleArray();
                    live[i].zeroGrad();
                }
            }
            value = value.detach();
        }
        return Tape.record("parameters", in.clone(), value, (outputGrads, inputGrads) -> {
            Tensor up = outputGrads[0];
            for (int i = 0; i < inputGrads.length; i++) {
                if (inputGrads[i] == null) {
                    continue;
                }
                for (int j = 0; j < up.size(); j++) {
                    double u = up.get(j);
                    double[] row = jacobian[i][j];
                    for (int k = 0; k < row.length; k++) {
                        inputGrads[i].set(k, inputGrads[i].get(k) + u * row[k]);
                    }
                }
            }
        });
    }

    private static void copy(Tensor from, Tensor to) {
        for (int k = 0; k < to.size(); k++) {
            to.set(k, from.get(k));
        }
    }
}
