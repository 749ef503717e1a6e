package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.Tensor;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/** Validation shared by the optimizers; every message names the optimizer, the setting and the value. */
final class Checks {

    private Checks() {
    }

    /** A finite value {@code >= 0} (learning rate, eps, weight decay, momentum). */
    static double nonNegative(String who, String name, double value) {
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(who + ": " + name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1)} (Adam's betas). */
    static double unitOpen(String who, String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(who + ": " + name + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A value in {@code [0, 1]} (dampening, RMSprop's alpha). */
    static double unitClosed(String who, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(who + ": " + name + " must be in [0, 1], got " + value);
        }
        return value;
    }

    /**
     * The parameters as an array: not empty, no nulls, no tensor twice, every one a leaf that
     * requires a gradient.
     */
    static Tensor[] parameters(String who, Collection<Tensor> params) {
        Objects.requireNonNull(params, who + ": params");
        Tensor[] out = params.toArray(new Tensor[0]);
        if (out.length == 0) {
            throw new IllegalArgumentException(who + ": got an empty parameter list");
        }
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < out.length; i++) {
            Tensor p = out[i];
            if (p == null) {
                throw new NullPointerException(who + ": parameter " + i + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(who + ": parameter " + i + " " + describe(p)
                        + " is the output of a recorded op; parameters must be leaf tensors");
            }
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException(who + ": parameter " + i + " " + describe(p)
                        + " does not require a gradient; call requiresGrad(true) on it");
            }
            Integer first = seen.putIfAbsent(p, i);
            if (first != null) {
                throw new IllegalArgumentException(who + ": parameters " + first + " and " + i
                        + " are the same tensor " + describe(p) + "; it would be updated twice per step");
            }
        }
        return out;
    }

    /**
     * The gradient of parameter {@code i}, or {@code null} when it has none; throws if it does not
     * match the parameter's dtype and size (only possible if something replaced its storage).
     */
    static Tensor grad(String who, int i, Tensor p) {
        Tensor g = p.grad();
        if (g != null && (g.dtype() != p.dtype() || g.size() != p.size())) {
            throw new IllegalStateException(who + ": gradient of parameter " + i + " is " + describe(g)
                    + " but the parameter is " + describe(p));
        }
        return g;
    }

    static String describe(Tensor t) {
        return t.dtype() + " " + Tensor.shapeString(t.shape());
    }
}
