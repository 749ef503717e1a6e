package dev.vectorgrad.spark;

/**
 * A fresh JVM's first vectorgrad task, as on an executor: without {@code --add-modules jdk.incubator.vector} it prints
 * the executor check's message and exits 3; with it, it prints the chosen kernels and their GEMM thread count.
 */
final class ExecutorProbe {

    private ExecutorProbe() {
    }

    public static void main(String[] args) {
        try {
            ExecutorChecks.prepare();
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
        System.out.println("kernels " + ExecutorChecks.prepare().name() + ", threads " + ExecutorChecks.prepare().threads());
    }
}
