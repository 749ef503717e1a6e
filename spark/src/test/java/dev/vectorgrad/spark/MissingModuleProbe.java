package dev.vectorgrad.spark;

/** Run in a JVM without {@code --add-modules jdk.incubator.vector}: prints the executor check's message, exits 3. */
final class MissingModuleProbe {

    private MissingModuleProbe() {
    }

    public static void main(String[] args) {
        try {
            ExecutorChecks.prepare();
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
        System.out.println("no failure: the module is present");
        System.exit(1);
    }
}
