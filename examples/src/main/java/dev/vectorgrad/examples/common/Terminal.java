package dev.vectorgrad.examples.common;

import java.io.Console;

/** Whether standard output is an interactive terminal, to choose between a redrawn line and plain log lines. */
public final class Terminal {

    private Terminal() {
    }

    /**
     * True when the JVM has a console attached to a terminal. Before JDK 22, and again from JDK 25,
     * {@link System#console()} is {@code null} unless both standard input and output are a
     * terminal; on JDK 22 to 24 it may return a console when they are not, and
     * {@code Console.isTerminal()} (JDK 22+, called reflectively because this code targets 21)
     * tells. {@code -Dprogress=plain} or {@code -Dprogress=terminal} overrides the detection.
     */
    public static boolean isInteractive() {
        String forced = System.getProperty("progress", "");
        if (forced.equals("plain")) {
            return false;
        }
        if (forced.equals("terminal")) {
            return true;
        }
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException noSuchMethodBeforeJdk22) {
            return true;
        }
    }
}
