package dev.vectorgrad.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of one float vector per partition, always added in the same binary tree whatever order Spark's
 * {@code treeAggregate} merges partial results in: leaf {@code p} is partition {@code p}; node {@code k} of a level
 * is node {@code 2k} plus node {@code 2k + 1} of the level below, left operand first; a last node without a sibling
 * moves up unchanged. Spark combines partial results in the order tasks finish, which changes a float sum's bits; this
 * combiner adds a pair only when both of its operands are complete, so the result is the same bits for any merge
 * order and any retry. Alongside it sums a double per
 * partition (the loss) the same way, and the tasks' compute nanoseconds.
 */
final class TreeSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int leaves;
    /** Complete nodes, by (level << 32 | index). */
    private final TreeMap<Long, Node> nodes = new TreeMap<>();
    private long computeNanos;
    private long maxTaskNanos;

    /** An empty sum over {@code leaves} partitions. */
    TreeSum(int leaves) {
        if (leaves < 1) {
            throw new IllegalArgumentException("TreeSum: expected at least 1 partition, got " + leaves);
        }
        this.leaves = leaves;
    }

    private record Node(float[] vector, double scalar) implements Serializable {
    }

    /** Adds partition {@code index}'s vector and scalar, and the nanoseconds its task computed. Returns this. */
    TreeSum add(int index, float[] vector, double scalar, long nanos) {
        if (index < 0 || index >= leaves) {
            throw new IllegalArgumentException("TreeSum: partition " + index + " outside [0, " + leaves + ")");
        }
        put(0, index, new Node(vector, scalar));
        computeNanos += nanos;
        maxTaskNanos = Math.max(maxTaskNanos, nanos);
        return this;
    }

    /** Merges {@code other}'s complete nodes into this one. Returns this. */
    TreeSum merge(TreeSum other) {
        if (other.leaves != leaves) {
            throw new IllegalArgumentException("TreeSum: cannot merge sums over " + leaves + " and " + other.leaves
                    + " partitions");
        }
        for (Map.Entry<Long, Node> e : other.nodes.entrySet()) {
            put((int) (e.getKey() >>> 32), (int) (long) e.getKey(), e.getValue());
        }
        computeNanos += other.computeNanos;
        maxTaskNanos = Math.max(maxTaskNanos, other.maxTaskNanos);
        return this;
    }

    private static long key(int level, int index) {
        return ((long) level << 32) | index;
    }

    /** Nodes at {@code level}: ceil(leaves / 2^level). */
    private int width(int level) {
        int n = leaves;
        for (int l = 0; l < level; l++) {
            n = (n + 1) / 2;
        }
        return n;
    }

    private void put(int level, int index, Node node) {
        if (nodes.put(key(level, index), node) != null) {
            throw new IllegalStateException("TreeSum: partition subtree (level " + level + ", node " + index
                    + ") arrived twice");
        }
        int width = width(level);
        if (width == 1) {
            return;
        }
        if (index == width - 1 && width % 2 == 1) {
            nodes.remove(key(level, index));
            put(level + 1, index / 2, node);
            return;
        }
        int sibling = index ^ 1;
        Node other = nodes.get(key(level, sibling));
        if (other == null) {
            return;
        }
        nodes.remove(key(level, index));
        nodes.remove(key(level, sibling));
        Node left = index % 2 == 0 ? node : other;
        Node right = index % 2 == 0 ? other : node;
        put(level + 1, index / 2, add(left, right));
    }

    private static Node add(Node left, Node right) {
        if (left.vector.length != right.vector.length) {
            throw new IllegalArgumentException("TreeSum: vectors of " + left.vector.length + " and " + right.vector.length
                    + " elements");
        }
        float[] sum = new float[left.vector.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = left.vector[i] + right.vector[i];
        }
        return new Node(sum, left.scalar + right.scalar);
    }

    /** Whether every partition has been added. */
    boolean complete() {
        return nodes.size() == 1 && nodes.containsKey(key(topLevel(), 0));
    }

    private int topLevel() {
        int level = 0;
        while (width(level) > 1) {
            level++;
        }
        return level;
    }

    /** The summed vector. @throws IllegalStateException naming how many partitions are missing */
    float[] vector() {
        return root().vector;
    }

    /** The summed scalars. */
    double scalar() {
        return root().scalar;
    }

    /** The compute nanoseconds of all tasks together. */
    long computeNanos() {
        return computeNanos;
    }

    /** The longest task's compute nanoseconds. */
    long maxTaskNanos() {
        return maxTaskNanos;
    }

    private Node root() {
        if (!complete()) {
            throw new IllegalStateException("TreeSum: expected all " + leaves + " partitions, have " + nodes.size()
                    + " incomplete subtree(s) " + nodes.keySet());
        }
        return nodes.get(key(topLevel(), 0));
    }
}
