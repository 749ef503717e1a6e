package dev.vectorgrad.examples.common;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on standard output: step, the caller's metrics (such as the loss), throughput
 * and the estimated time left.
 *
 * <p>In a terminal it is one line, redrawn in place with a carriage return a few times a second:
 * <pre>
 * step  420/1500 | loss 1.734 | 41.2k tokens/s | ETA 0:57
 * </pre>
 * When standard output is not a terminal (a pipe, a file, a CI log) it prints plain lines instead,
 * one every few seconds plus the last step, so logs stay readable.
 *
 * <p>Print anything else with {@link #message(String)}, which keeps the progress line intact.
 * Not thread-safe: call it from the training thread.
 */
public final class Progress {

    private static final long REDRAW_NANOS = 100_000_000L;       // terminal: at most 10 redraws a second
    private static final long PLAIN_LINE_NANOS = 5_000_000_000L; // elsewhere: a line every 5 seconds
    private static final long RATE_WINDOW_NANOS = 2_000_000_000L; // rates and ETA over the last 2-4 seconds

    private final PrintStream out;
    private final boolean terminal;
    private final int totalSteps;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos = startNanos - REDRAW_NANOS; // a terminal shows the first step at once
    private String current = "";
    // Two (step, items, time) marks a few seconds apart: the rate since the older one leaves out the
    // slow first steps (class loading, JIT compilation) once the run is a few seconds old.
    private long[] olderMark = {0, 0, startNanos};
    private long[] newerMark = {0, 0, startNanos};

    /**
     * @param totalSteps the number of steps the run will take, for the ETA
     * @param unit       what the throughput counts, e.g. {@code "tokens"} or {@code "sequences"}
     */
    public Progress(int totalSteps, String unit) {
        this(System.out, Terminal.isInteractive(), totalSteps, unit);
    }

    /** A progress line on {@code out}, redrawn in place when {@code terminal} and printed as plain lines otherwise. */
    public Progress(PrintStream out, boolean terminal, int totalSteps, String unit) {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("Progress: totalSteps must be >= 1, got " + totalSteps);
        }
        this.out = out;
        this.terminal = terminal;
        this.totalSteps = totalSteps;
        this.unit = unit;
    }

    /**
     * Reports that {@code step} (1-based) steps are done, having processed {@code items} units in
     * total since the start; {@code metrics} is shown as given (e.g. {@code "loss 1.734"}).
     */
    public void update(int step, long items, String metrics) {
        long now = System.nanoTime();
        boolean last = step >= totalSteps;
        long interval = terminal ? REDRAW_NANOS : PLAIN_LINE_NANOS;
        if (!last && now - lastPrintNanos < interval) {
            return;
        }
        lastPrintNanos = now;
        if (now - newerMark[2] >= RATE_WINDOW_NANOS) {
            olderMark = newerMark;
            newerMark = new long[] {step, items, now};
        }
        // The final line shows the average over the whole run; the others the recent rate.
        long[] from = last || step == olderMark[0] ? new long[] {0, 0, startNanos} : olderMark;
        double seconds = Math.max(1e-9, (now - from[2]) / 1e9);
        double rate = (items - from[1]) / seconds;
        double eta = seconds / (step - from[0]) * (totalSteps - step);
        int width = String.valueOf(totalSteps).length();
        String line = String.format(Locale.ROOT, "step %" + width + "d/%d | %s | %s %s/s | %s %s",
                step, totalSteps, metrics, compact(rate), unit,
                last ? "took" : "ETA", clock(last ? elapsedSeconds() : eta));
        if (terminal) {
            redraw(line);
            if (last) {
                out.println();
                current = "";
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints a line of text; in a terminal the progress line is redrawn below it. */
    public void message(String text) {
        if (terminal && !current.isEmpty()) {
            String line = current;
            redraw("");
            out.print('\r');
            out.println(text);
            redraw(line);
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Seconds since this progress started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void redraw(String line) {
        // Pad with spaces to wipe the end of a longer previous line (portable: no ANSI escapes).
        int pad = Math.max(0, current.length() - line.length());
        out.print('\r' + line + " ".repeat(pad));
        current = line;
    }

    /** {@code 41234.5} as {@code "41.2k"}. */
    static String compact(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        if (value >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", value / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Seconds as {@code m:ss} (or {@code h:mm:ss}). */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
