package com.example.consumer;

import dev.vectorgrad.kernels.KernelProvider;
import dev.vectorgrad.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs {@link Regressor} and checks how the kernels were chosen. Exits with status 1, naming what differs,
 * when the library does not behave as its README says.
 *
 * <pre>
 * java [flags] ... com.example.consumer.Main EXPECT PATH
 *   EXPECT  vector    started with --add-modules=jdk.incubator.vector: the vector kernels are active
 *           fallback  started without it: one warning naming the flag, then the scalar kernels
 *           fail-fast started without it and with -Dvectorgrad.kernels.provider=vector: the first use of
 *                     the kernels fails, naming the flag
 *   PATH    class-path or module-path: how this program was started
 * </pre>
 */
public final class Main {

    /** The logger the kernels warn through (System.Logger, which the JDK maps to java.util.logging). */
    private static final String KERNELS_LOGGER = "dev.vectorgrad.kernels.Kernels";
    private static final String FLAG = "--add-modules jdk.incubator.vector";

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            fail("usage: Main vector|fallback|fail-fast class-path|module-path");
        }
        // Before anything touches the kernels: keep what they log (it still goes to the console too).
        List<LogRecord> warnings = new ArrayList<>();
        Logger kernelsLogger = Logger.getLogger(KERNELS_LOGGER);
        kernelsLogger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });

        String path = checkPath(args[1]);
        switch (args[0]) {
            case "vector" -> {
                KernelProvider provider = Kernels.provider();
                check(provider.name().equals("vector"), "the vector kernels are not active: provider "
                        + provider.name() + ", logged " + messages(warnings));
                check(warnings.isEmpty(), "the kernels logged " + messages(warnings));
                run(path, provider);
            }
            case "fallback" -> {
                KernelProvider provider = Kernels.provider();
                check(provider.name().equals("scalar"), "expected the scalar kernels, got " + provider.name());
                check(warnings.size() == 1 && warnings.get(0).getMessage().contains(FLAG),
                        "expected one warning naming '" + FLAG + "', got " + messages(warnings));
                System.out.println("consumer: the fallback warning was logged: " + warnings.get(0).getMessage());
                run(path, provider);
            }
            case "fail-fast" -> {
                check("vector".equals(System.getProperty(Kernels.PROVIDER_PROPERTY)),
                        "start this mode with -D" + Kernels.PROVIDER_PROPERTY + "=vector");
                try {
                    KernelProvider provider = Kernels.provider();
                    fail("expected the kernels to fail without the flag, got provider " + provider.name());
                } catch (ExceptionInInitializerError e) {
                    Throwable cause = e.getCause();
                    check(cause instanceof UnsupportedOperationException && cause.getMessage().contains(FLAG),
                            "expected an UnsupportedOperationException naming '" + FLAG + "', got " + cause);
                    System.out.println("consumer: " + path + ", -D" + Kernels.PROVIDER_PROPERTY
                            + "=vector without the flag fails at the first use of the kernels: " + cause);
                }
            }
            default -> fail("unknown mode " + args[0]);
        }
    }

    /** Checks that this program runs where it was told to, and on the module path that no internal package is open to it. */
    private static String checkPath(String path) {
        Module self = Main.class.getModule();
        Module cells = dev.vectorgrad.cells.Lstm.class.getModule();
        switch (path) {
            case "class-path" -> check(!self.isNamed() && !cells.isNamed(),
                    "expected the class path, but runs in module " + self.getName() + " with " + cells);
            case "module-path" -> {
                check("com.example.consumer".equals(self.getName()) && "dev.vectorgrad.cells".equals(cells.getName()),
                        "expected the module path, but runs in " + self + " with " + cells);
                for (Module m : self.getLayer().modules()) {
                    if (m.getName().startsWith("dev.vectorgrad.")) {
                        for (String pkg : m.getPackages()) {
                            boolean internal = pkg.endsWith(".internal") || pkg.equals("dev.vectorgrad.kernels.vector")
                                    || pkg.equals("dev.vectorgrad.kernels.scalar");
                            check(!(internal && m.isExported(pkg, self)), m.getName() + " exports " + pkg + " to this module");
                        }
                    }
                }
            }
            default -> fail("unknown path " + path);
        }
        return path;
    }

    private static void run(String path, KernelProvider provider) {
        Regressor model = new Regressor();
        double[] loss = model.train(40);
        // Adam at 1e-2 on one batch: 40 steps bring the loss well down; a third is a loose bound that a
        // model that does not learn (wrong gradients, no updates) cannot meet.
        check(loss[1] < loss[0] / 3, "training did not reduce the loss enough: " + loss[0] + " -> " + loss[1]);
        double difference = model.stepInferenceDifference();
        // float32, the same equations through GEMV steps instead of the sequence GEMMs: rounding only.
        check(difference < 1e-5, "StepInference differs from the sequence output by " + difference);
        System.out.printf("consumer: %s, kernels %s (%s); %d parameters; loss %.5f -> %.5f after 40 Adam steps;"
                        + " StepInference within %.1e of the sequence output%n",
                path, provider.name(), provider.description(), model.parameterCount(), loss[0], loss[1], difference);
    }

    private static List<String> messages(List<LogRecord> records) {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            fail(message);
        }
    }

    private static void fail(String message) {
        System.err.println("consumer: FAILED: " + message);
        System.exit(1);
    }
}
