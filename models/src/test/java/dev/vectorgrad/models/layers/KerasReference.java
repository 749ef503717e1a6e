package dev.vectorgrad.models.layers;

import java.util.function.DoubleUnaryOperator;

/**
 * Keras 3's recurrent equations in plain double arithmetic, written from Keras's documented equations
 * (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py, the cells' {@code call}) and independent of the code under test:
 * loops over arrays, no autograd, no cells. Weights in Keras's layout: kernel {@code [in][k*units]},
 * recurrent {@code [units][k*units]}, blocks i,f,c,o (LSTM) and z,r,h (GRU).
 */
final class KerasReference {

    private KerasReference() {
    }

    /** Outputs of one sequence batch: {@code seq[b][t][u]} in processing order, final {@code h[b][u]}, {@code c}. */
    record Out(double[][][] seq, double[][] h, double[][] c) {
    }

    static DoubleUnaryOperator activation(String name) {
        return switch (name) {
            case "tanh" -> Math::tanh;
            case "sigmoid" -> v -> 1 / (1 + Math.exp(-v));
            case "relu" -> v -> Math.max(v, 0);
            // Keras 3: relu6(x + 3) / 6.
            case "hard_sigmoid" -> v -> Math.min(Math.max(v + 3, 0), 6) / 6;
            case "linear" -> v -> v;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static double[] project(double[] x, double[][] kernel, double[] bias) {
        int width = kernel[0].length;
        double[] out = new double[width];
        for (int j = 0; j < width; j++) {
            double s = bias == null ? 0 : bias[j];
            for (int i = 0; i < x.length; i++) {
                s += x[i] * kernel[i][j];
            }
            out[j] = s;
        }
        return out;
    }

    private static int[] order(int steps, boolean goBackwards) {
        int[] o = new int[steps];
        for (int s = 0; s < steps; s++) {
            o[s] = goBackwards ? steps - 1 - s : s;
        }
        return o;
    }

    static Out simpleRnn(double[][][] x, double[][] k, double[][] r, double[] bias, String act, boolean goBackwards) {
        DoubleUnaryOperator a = activation(act);
        int batch = x.length;
        int steps = x[0].length;
        int units = r.length;
        double[][][] seq = new double[batch][steps][];
        double[][] hs = new double[batch][];
        for (int b = 0; b < batch; b++) {
            double[] h = new double[units];
            int s = 0;
            for (int t : order(steps, goBackwards)) {
                double[] z = project(x[b][t], k, bias);
                double[] rec = project(h, r, null);
                double[] next = new double[units];
                for (int u = 0; u < units; u++) {
                    next[u] = a.applyAsDouble(z[u] + rec[u]);
                }
                h = next;
                seq[b][s++] = h;
            }
            hs[b] = h;
        }
        return new Out(seq, hs, null);
    }

    static Out lstm(double[][][] x, double[][] k, double[][] r, double[] bias, String act, String ract,
                    boolean goBackwards, double[][] h0, double[][] c0) {
        DoubleUnaryOperator a = activation(act);
        DoubleUnaryOperator s = activation(ract);
        int batch = x.length;
        int steps = x[0].length;
        int units = r.length;
        double[][][] seq = new double[batch][steps][];
        double[][] hs = new double[batch][];
        double[][] cs = new double[batch][];
        for (int b = 0; b < batch; b++) {
            double[] h = h0 == null ? new double[units] : h0[b].clone();
            double[] c = c0 == null ? new double[units] : c0[b].clone();
            int p = 0;
            for (int t : order(steps, goBackwards)) {
                double[] z = project(x[b][t], k, bias);
                double[] rec = project(h, r, null);
                double[] nh = new double[units];
                double[] nc = new double[units];
                for (int u = 0; u < units; u++) {
                    double i = s.applyAsDouble(z[u] + rec[u]);
                    double f = s.applyAsDouble(z[units + u] + rec[units + u]);
                    double g = a.applyAsDouble(z[2 * units + u] + rec[2 * units + u]);
                    double o = s.applyAsDouble(z[3 * units + u] + rec[3 * units + u]);
                    nc[u] = f * c[u] + i * g;
                    nh[u] = o * a.applyAsDouble(nc[u]);
                }
                h = nh;
                c = nc;
                seq[b][p++] = h;
            }
            hs[b] = h;
            cs[b] = c;
        }
        return new Out(seq, hs, cs);
    }

    /** {@code bias}: {@code [2][3U]} for reset-after (input, recurrent), {@code [1][3U]} for reset-before, or null. */
    static Out gru(double[][][] x, double[][] k, double[][] r, double[][] bias, String act, String ract,
                   boolean resetAfter, boolean goBackwards) {
        DoubleUnaryOperator a = activation(act);
        DoubleUnaryOperator s = activation(ract);
        int batch = x.length;
        int steps = x[0].length;
        int units = r.length;
        double[][][] seq = new double[batch][steps][];
        double[][] hs = new double[batch][];
        for (int b = 0; b < batch; b++) {
            double[] h = new double[units];
            int p = 0;
            for (int t : order(steps, goBackwards)) {
                double[] xp = project(x[b][t], k, bias == null ? null : bias[0]);
                double[] inner = project(h, r, resetAfter && bias != null ? bias[1] : null);
                double[] z = new double[units];
                double[] rr = new double[units];
                for (int u = 0; u < units; u++) {
                    z[u] = s.applyAsDouble(xp[u] + inner[u]);
                    rr[u] = s.applyAsDouble(xp[units + u] + inner[units + u]);
                }
                double[] nh = new double[units];
                for (int u = 0; u < units; u++) {
                    double pre;
                    if (resetAfter) {
                        pre = xp[2 * units + u] + rr[u] * inner[2 * units + u];
                    } else {
                        pre = xp[2 * units + u];
                        for (int v = 0; v < units; v++) {
                            pre += rr[v] * h[v] * r[v][2 * units + u];
                        }
                    }
                    nh[u] = z[u] * h[u] + (1 - z[u]) * a.applyAsDouble(pre);
                }
                h = nh;
                seq[b][p++] = h;
            }
            hs[b] = h;
        }
        return new Out(seq, hs, null);
    }
}
