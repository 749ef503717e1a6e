package dev.vectorgrad.bench;

import java.util.SplittableRandom;

/** Seeded benchmark inputs, and the parsing of shape parameters written {@code MxNxK}. */
final class Data {

    private Data() {
    }

    static float[] floats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    static double[] doubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        return x;
    }

    /** Parses {@code "MxNxK"} (or {@code "MxN"}) into its integers. */
    static int[] shape(String text) {
        String[] parts = text.split("x");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            dims[i] = Integer.parseInt(parts[i]);
        }
        return dims;
    }
}
