package dev.vectorgrad.autograd.optim;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.List;

/**
 * The update shared by {@link Adam} (weight decay as an L2 term in the gradient) and {@link AdamW}
 * (decoupled weight decay): PyTorch 1.13's {@code _single_tensor_adam} and {@code _single_tensor_adamw}.
 */
final class AdamCore {

    final String who;
    final Tensor[] params;
    final List<Tensor> paramList;
    final double beta1;
    final double beta2;
    final double eps;
    final double weightDecay;
    final boolean amsgrad;
    final boolean decoupled;
    double lr;

    /** Per parameter: steps taken (0 before its first update) and the moment estimates, in its dtype. */
    private final long[] steps;
    private final Tensor[] expAvg;
    private final Tensor[] expAvgSq;
    private final Tensor[] maxExpAvgSq;

    AdamCore(String who, Tensor[] params, double lr, double beta1, double beta2, double eps, double weightDecay,
             boolean amsgrad, boolean decoupled) {
        this.who = who;
        this.params = params;
        this.paramList = List.of(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
        this.steps = new long[params.length];
        this.expAvg = new Tensor[params.length];
        this.expAvgSq = new Tensor[params.length];
        this.maxExpAvgSq = new Tensor[params.length];
    }

    void setLearningRate(double value) {
        lr = Checks.nonNegative(who, "lr", value);
    }

    void step() {
        for (int i = 0; i < params.length; i++) {
            Tensor p = params[i];
            Tensor g = Checks.grad(who, i, p);
            if (g == null) {
                continue;
            }
            if (expAvg[i] == null) {
                expAvg[i] = p.zerosLike();
                expAvgSq[i] = p.zerosLike();
                if (amsgrad) {
                    maxExpAvgSq[i] = p.zerosLike();
                }
            }
            long step = ++steps[i];
            // Scalars in double, as PyTorch computes them in Python; the step is a float there, exact to 2^24.
            double biasCorrection1 = 1 - Math.pow(beta1, step);
            double biasCorrection2 = 1 - Math.pow(beta2, step);
            double stepSize = lr / biasCorrection1;
            double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
            if (p.dtype() == DType.F64) {
                stepF64(p.dataF64(), g.dataF64(), expAvg[i].dataF64(), expAvgSq[i].dataF64(),
                        amsgrad ? maxExpAvgSq[i].dataF64() : null, stepSize, biasCorrection2Sqrt);
            } else {
                stepF32(p.dataF32(), g.dataF32(), expAvg[i].dataF32(), expAvgSq[i].dataF32(),
                        amsgrad ? maxExpAvgSq[i].dataF32() : null, stepSize, biasCorrection2Sqrt);
            }
        }
    }

    // One statement per PyTorch kernel, in its order, each result rounded (no fused multiply-add):
    // add(x, alpha=a) is self + a * x, addcmul(x, y, value=v) is self + v * x * y,
    // addcdiv(x, y, value=v) is self + v * x / y, torch.maximum propagates NaN as Math.max does.

    private void stepF64(double[] p, double[] g, double[] m, double[] v, double[] vMax, double stepSize,
                         double biasCorrection2Sqrt) {
        double wd = weightDecay;
        double b1 = beta1;
        double b2 = beta2;
        double oneMinusB1 = 1 - beta1;
        double oneMinusB2 = 1 - beta2;
        double decay = 1 - lr * weightDecay;
        double negStepSize = -stepSize;
        double e = eps;
        for (int j = 0; j < p.length; j++) {
            double d = g[j];
            if (decoupled) {
                p[j] = p[j] * decay;
            } else if (wd != 0) {
                d = d + wd * p[j];
            }
            double mj = m[j] * b1 + oneMinusB1 * d;
            double vj = v[j] * b2 + oneMinusB2 * d * d;
            m[j] = mj;
            v[j] = vj;
            if (vMax != null) {
                vj = Math.max(vMax[j], vj);
                vMax[j] = vj;
            }
            double denom = Math.sqrt(vj) / biasCorrection2Sqrt + e;
            p[j] = p[j] + negStepSize * mj / denom;
        }
    }

    private void stepF32(float[] p, float[] g, float[] m, float[] v, float[] vMax, double stepSize,
                         double biasCorrection2Sqrt) {
        float wd = (float) weightDecay;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float decay = (float) (1 - lr * weightDecay);
        float negStepSize = (float) -stepSize;
        float bc2Sqrt = (float) biasCorrection2Sqrt;
        float e = (float) eps;
        for (int j = 0; j < p.length; j++) {
            float d = g[j];
            if (decoupled) {
                p[j] = p[j] * decay;
            } else if (weightDecay != 0) {
                d = d + wd * p[j];
            }
            float mj = m[j] * b1 + oneMinusB1 * d;
            float vj = v[j] * b2 + oneMinusB2 * d * d;
            m[j] = mj;
            v[j] = vj;
            if (vMax != null) {
                vj = Math.max(vMax[j], vj);
                vMax[j] = vj;
            }
            float denom = (float) Math.sqrt(vj) / bc2Sqrt + e;
            p[j] = p[j] + negStepSize * mj / denom;
        }
    }
}
