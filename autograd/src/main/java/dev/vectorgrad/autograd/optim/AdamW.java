package dev.vectorgrad.autograd.optim;

/**
 * AdamW (Loshchilov and Hutter): Adam with decoupled weight decay, PyTorch 1.13's
 * {@code torch.optim.AdamW}. For each parameter {@code p} with gradient {@code g}, at its step
 * {@code t}:
 *
 * <pre>
 * p = p * (1 - lr * weightDecay)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * vHat = max(vHatPrevious, v) with AMSGrad, else v
 * p = p - lr / (1 - beta1^t) * m / (sqrt(vHat) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * The optimizer it builds is an {@link Adam} whose {@link Adam#decoupledWeightDecay()} is true.
 *
 * <pre>{@code
 * Adam adamw = AdamW.builder(1e-3).weightDecay(0.05).build(List.of(w, b));
 * }</pre>
 */
public final class AdamW {

    private AdamW() {
    }

    /**
     * A builder with learning rate {@code lr} and PyTorch's AdamW defaults for the rest: betas
     * (0.9, 0.999), eps 1e-8, weight decay 1e-2, no AMSGrad.
     *
     * @throws IllegalArgumentException if {@code lr} is negative, NaN or infinite
     */
    public static Adam.Builder builder(double lr) {
        return new Adam.Builder("AdamW", lr, true);
    }
}
