package dev.vectorgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The executors run the vector kernels, and a JVM without the Vector API module fails with the flag to add. */
class ExecutorTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("ExecutorTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theVectorProviderIsActiveInTheExecutors() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> providers = jsc.parallelize(List.of(1, 2, 3, 4), 2)
                .mapPartitions(it -> List.of(ExecutorChecks.prepare().name()).iterator()).collect();
        assertEquals(List.of("vector", "vector"), providers);
    }

    @Test
    void missingModuleAndScalarKernelsAreRefused() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> ExecutorChecks.requireVectorModule(false));
        assertTrue(missing.getMessage().contains("--add-modules=jdk.incubator.vector"), missing.getMessage());
        IllegalStateException scalar = assertThrows(IllegalStateException.class,
                () -> ExecutorChecks.requireVectorKernels("scalar", null));
        assertTrue(scalar.getMessage().contains("-Dvectorgrad.kernels.provider=scalar"), scalar.getMessage());
        ExecutorChecks.requireVectorKernels("scalar", "scalar");
        ExecutorChecks.requireVectorKernels("vector", null);
    }

    /** Runs {@link ExecutorProbe} in a new JVM with {@code flags}; returns its exit code and output. */
    private static Object[] probe(String... flags) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", classPath, ExecutorProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe JVM finished");
        return new Object[] {process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)};
    }

    /** An executor JVM (where the task is the first vectorgrad code) runs the vector kernels on one GEMM thread. */
    @Test
    void aFreshExecutorJvmRunsTheKernelsOnOneThread() throws IOException, InterruptedException {
        Object[] result = probe("--add-modules=jdk.incubator.vector");
        assertEquals(0, result[0], (String) result[1]);
        assertTrue(((String) result[1]).contains("kernels vector, threads 1"), (String) result[1]);
    }

    /** A real JVM started without the module: the first borrow fails before any model is built, naming the flag. */
    @Test
    void aJvmWithoutTheModuleFailsFast() throws IOException, InterruptedException {
        Object[] result = probe();
        String output = (String) result[1];
        assertEquals(3, result[0], output);
        assertTrue(output.contains("vectorgrad: the Java Vector API module jdk.incubator.vector is not in this executor's"
                + " JVM: start the executor JVMs with --add-modules=jdk.incubator.vector"), output);
    }
}
