package dev.vectorgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TreeSumTest {

    /** The tree written out: pairs (2k, 2k+1) summed left first, a last odd node carried up. */
    private static float[] explicit(List<float[]> level) {
        while (level.size() > 1) {
            List<float[]> up = new ArrayList<>();
            for (int k = 0; k + 1 < level.size(); k += 2) {
                float[] a = level.get(k);
                float[] b = level.get(k + 1);
                float[] s = new float[a.length];
                for (int i = 0; i < s.length; i++) {
                    s[i] = a[i] + b[i];
                }
                up.add(s);
            }
            if (level.size() % 2 == 1) {
                up.add(level.get(level.size() - 1));
            }
            level = up;
        }
        return level.get(0);
    }

    private static float[][] vectors(int partitions, long seed) {
        Random r = new Random(seed);
        float[][] v = new float[partitions][5];
        for (float[] x : v) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8) - 4));
            }
        }
        return v;
    }

    /** Any arrival order and any grouping into partial sums gives the bits of the explicit tree. */
    @Test
    void everyMergeOrderGivesTheTreesBits() {
        qt().forAll(integers().between(1, 13), longs().all()).checkAssert((partitions, seed) -> {
            float[][] v = vectors(partitions, seed);
            List<Integer> order = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                order.add(p);
            }
            Random r = new Random(seed ^ 0x5DEECE66DL);
            Collections.shuffle(order, r);
            List<TreeSum> partials = new ArrayList<>();
            for (int p : order) {
                if (partials.isEmpty() || r.nextBoolean()) {
                    partials.add(new TreeSum(partitions));
                }
                partials.get(partials.size() - 1).add(p, v[p], p, 1);
            }
            while (partials.size() > 1) {
                int i = r.nextInt(partials.size() - 1);
                TreeSum merged = partials.remove(i).merge(partials.remove(i));
                partials.add(r.nextInt(partials.size() + 1), merged);
            }
            TreeSum sum = partials.get(0);
            assertArrayEquals(explicit(List.of(v)), sum.vector());
            assertEquals((long) partitions, sum.computeNanos());
        });
    }

    @Test
    void incompleteAndRepeatedPartitionsFail() {
        TreeSum sum = new TreeSum(3).add(0, new float[1], 0, 0);
        IllegalStateException missing = assertThrows(IllegalStateException.class, sum::vector);
        assertEquals("TreeSum: expected all 3 partitions, have 1 incomplete subtree(s) [0]", missing.getMessage());
        assertThrows(IllegalStateException.class, () -> sum.add(0, new float[1], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> sum.add(3, new float[1], 0, 0));
        assertThrows(IllegalArgumentException.class, () -> sum.merge(new TreeSum(2)));
        assertThrows(IllegalArgumentException.class, () -> new TreeSum(0));
    }
}
