package dev.vectorgrad.models.layers;

import dev.vectorgrad.autograd.Ops;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;
import java.util.Locale;

/**
 * Keras's activations by name, as differentiable ops on tensors. The names are Keras's:
 * <ul>
 *   <li>{@code linear} (also {@code null} or {@code "None"}, as Keras's {@code activation=None}): {@code x};</li>
 *   <li>{@code relu}: {@code max(x, 0)}; {@code tanh}; {@code sigmoid}: {@code 1 / (1 + e^-x)};</li>
 *   <li>{@code hard_sigmoid}: <b>Keras 3's</b> formula {@code relu6(x + 3) / 6 = clip(x / 6 + 1/2, 0, 1)}, not
 *       Keras 2's (and TensorFlow.js's) {@code clip(0.2 x + 0.5, 0, 1)};</li>
 *   <li>{@code softmax}: over the last axis;</li>
 *   <li>{@code elu}: {@code x} for {@code x > 0}, else {@code e^x - 1} (alpha 1);</li>
 *   <li>{@code selu}: {@code 1.0507009873554805 * elu_a(x)} with {@code a = 1.6732632423543772};</li>
 *   <li>{@code softplus}: {@code log(1 + e^x)}, computed as {@code relu(x) + log(1 + e^-|x|)} so it never
 *       overflows;</li>
 *   <li>{@code softsign}: {@code x / (1 + |x|)};</li>
 *   <li>{@code silu} (alias {@code swish}): {@code x * sigmoid(x)};</li>
 *   <li>{@code exponential}: {@code e^x}.</li>
 * </ul>
 * Each is composed of the autograd's primitive ops, so its gradient is theirs. {@code gelu} is not offered: Keras's
 * default ({@code approximate=False}) needs {@code erf}, which the autograd does not have.
 */
public final class Activations {

    /** The names {@link #apply} accepts, in canonical form. */
    public static final List<String> NAMES = List.of("linear", "relu", "tanh", "sigmoid", "hard_sigmoid", "softmax",
            "elu", "selu", "softplus", "softsign", "silu", "exponential");

    private static final double SELU_ALPHA = 1.6732632423543772;
    private static final double SELU_SCALE = 1.0507009873554805;

    private Activations() {
    }

    /**
     * The canonical Keras name of {@code name}: {@code null} and {@code "None"} give {@code "linear"}, {@code "swish"}
     * gives {@code "silu"}; names are case-sensitive as in Keras.
     *
     * @throws IllegalArgumentException for a name Keras or this class does not know, listing the known ones
     */
    public static String canonical(String name) {
        if (name == null || name.equals("None")) {
            return "linear";
        }
        if (name.equals("swish")) {
            return "silu";
        }
        if (!NAMES.contains(name)) {
            String hint = name.toLowerCase(Locale.ROOT).equals("gelu")
                    ? " (gelu needs erf, which the autograd does not have)" : "";
            throw new IllegalArgumentException("unknown activation '" + name + "'" + hint + "; known: " + NAMES
                    + " (and None, swish)");
        }
        return name;
    }

    /** {@code activation(x)} for a Keras activation name (see the class notes). */
    public static Tensor apply(String name, Tensor x) {
        return switch (canonical(name)) {
            case "linear" -> x;
            case "relu" -> Ops.relu(x);
            case "tanh" -> Ops.tanh(x);
            case "sigmoid" -> Ops.sigmoid(x);
            case "hard_sigmoid" -> hardSigmoid(x);
            case "softmax" -> Ops.softmax(x);
            case "elu" -> elu(x, 1);
            case "selu" -> Ops.scale(elu(x, SELU_ALPHA), SELU_SCALE);
            case "softplus" -> softplus(x);
            case "softsign" -> Ops.div(x, Ops.add(abs(x), one(x)));
            case "silu" -> Ops.mul(x, Ops.sigmoid(x));
            case "exponential" -> Ops.exp(x);
            default -> throw new AssertionError(name);
        };
    }

    /** {@code clip(x / 6 + 1/2, 0, 1)} as {@code relu(a) - relu(a - 1)} with {@code a = x / 6 + 1/2}. */
    private static Tensor hardSigmoid(Tensor x) {
        Tensor a = Ops.add(Ops.scale(x, 1.0 / 6), Tensor.scalar(x.dtype(), 0.5));
        return Ops.sub(Ops.relu(a), Ops.relu(Ops.sub(a, one(x))));
    }

    /** {@code relu(x) + alpha (e^{-relu(-x)} - 1)}: {@code x} above 0, {@code alpha (e^x - 1)} below. */
    private static Tensor elu(Tensor x, double alpha) {
        Tensor negativePart = Ops.neg(Ops.relu(Ops.neg(x)));
        return Ops.add(Ops.relu(x), Ops.scale(Ops.sub(Ops.exp(negativePart), one(x)), alpha));
    }

    private static Tensor softplus(Tensor x) {
        return Ops.add(Ops.relu(x), Ops.log(Ops.add(one(x), Ops.exp(Ops.neg(abs(x))))));
    }

    private static Tensor abs(Tensor x) {
        return Ops.add(Ops.relu(x), Ops.relu(Ops.neg(x)));
    }

    private static Tensor one(Tensor like) {
        return Tensor.scalar(like.dtype(), 1);
    }
}
