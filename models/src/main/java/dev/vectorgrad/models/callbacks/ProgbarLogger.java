package dev.vectorgrad.models.callbacks;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Keras's progress output ({@code callbacks/progbar_logger.py} over {@code utils/progbar.py}), driven by
 * {@code fit}'s {@code verbose}:
 * <ul>
 *   <li>0: nothing;
 *   <li>1: {@code Epoch 3/100} (when there is more than one epoch), then
 *       {@code 1688/1688 ━━━━━━━━━━━━━━━━━━━━ 2s 822us/step - accuracy: 0.8730 - loss: 0.4257 - val_accuracy: 0.9687
 *       - val_loss: 0.1058}. On a terminal the line is redrawn in place ({@code \r}, at most every 50 ms, with
 *       Keras's bold counter and green/grey bar, padded with spaces over a longer previous line) and shows the ETA
 *       while the epoch runs and the elapsed seconds at its end. Elsewhere (a pipe, a CI log) only the epoch's final
 *       line is written, once, without escape codes;
 *   <li>2: one line per epoch, {@code 32/32 - 1s - 20ms/step - loss: 0.1234 - val_loss: 0.2345}.
 * </ul>
 * Values are the logs' running averages as given, written {@code %.4f}, or {@code %.4e} when their magnitude is at most
 * 1e-3 (with verbose 2, as Keras, when the value itself is at most 1e-3, so negative values are written
 * {@code %.4e}); Python's correctly rounded formatting. Names appear in the order first seen, each log map read in
 * sorted order: the training names, then the {@code val_} ones. Time per step is {@code s}, {@code ms} or
 * {@code us}, measured from the end of the first step when there are several (Keras ignores the first, slow step).
 * Outside {@code fit} (after {@code setParams}), an {@code evaluate} run gets its own bar from the test hooks.
 *
 * <p>The output stream, the clock and whether the output is a terminal are injectable for tests.
 */
public final class ProgbarLogger implements Callback {

    private static final int WIDTH = 20;
    private static final double INTERVAL_SECONDS = 0.05;
    private static final String BOLD = "\u001b[1m";
    private static final String GREEN = "\u001b[32m";
    private static final String GREY = "\u001b[37m";
    private static final String RESET = "\u001b[0m";
    private static final String BAR_CHAR = "\u2501";

    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final boolean terminal;

    private int verbose = 1;
    private int epochs = 1;
    private int target = -1;
    private int seen;
    private boolean calledInFit;
    private Bar bar;

    /** Writes to {@code System.out}, timed by {@code System.nanoTime}, redrawing in place when a terminal is attached. */
    public ProgbarLogger() {
        this(System.out, System::nanoTime, detectTerminal());
    }

    private ProgbarLogger(PrintStream out, LongSupplier nanoClock, boolean terminal) {
        if (out == null || nanoClock == null) {
            throw new IllegalArgumentException("output and clock must not be null");
        }
        this.out = out;
        this.nanoClock = nanoClock;
        this.terminal = terminal;
    }

    /** A logger writing to {@code value}. */
    public ProgbarLogger withOutput(PrintStream value) {
        return new ProgbarLogger(value, nanoClock, terminal);
    }

    /** A logger reading time, in nanoseconds, from {@code value}. */
    public ProgbarLogger withClock(LongSupplier value) {
        return new ProgbarLogger(out, value, terminal);
    }

    /** A logger that redraws in place ({@code true}) or writes each epoch's final line once ({@code false}). */
    public ProgbarLogger withTerminal(boolean value) {
        return new ProgbarLogger(out, nanoClock, value);
    }

    /**
     * Whether standard output is a terminal: {@code System.console()} exists and, on JDK 22 and later (where it
     * exists even when output is redirected), {@code Console.isTerminal()} says so.
     */
    static boolean detectTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: System.console() is non-null only when attached to a terminal
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Console.isTerminal() failed", e);
        }
    }

    @Override
    public void setParams(TrainingParams params) {
        if (params.verbose() < 0 || params.verbose() > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + params.verbose());
        }
        verbose = params.verbose();
        epochs = params.epochs();
        target = params.steps();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        calledInFit = true; // validation inside fit is silent
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        calledInFit = false;
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        if (!calledInFit) {
            reset();
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        reset();
        if (verbose > 0 && epochs > 1) {
            out.print("Epoch " + (epoch + 1) + "/" + epochs + "\n");
            out.flush();
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        updateBar(batch, logs);
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        if (!calledInFit) {
            updateBar(batch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        finish(logs);
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        if (!calledInFit) {
            finish(logs);
        }
    }

    private void reset() {
        seen = 0;
        bar = new Bar(target, seconds());
    }

    private void updateBar(int batch, Map<String, Double> logs) {
        if (bar == null) {
            reset();
        }
        seen = batch + 1;
        if (verbose == 1) {
            bar.update(seen, logs, false);
        }
    }

    private void finish(Map<String, Double> logs) {
        if (bar == null) {
            reset();
        }
        if (target < 0) {
            target = seen; // a stream: the first pass tells the length
            bar.target = target;
        }
        bar.update(target, logs, true);
    }

    private double seconds() {
        return nanoClock.getAsLong() / 1e9;
    }

    /** One bar: Keras's {@code Progbar} with every metric shown as given (Keras's progbar logger averages none). */
    private final class Bar {
        int target;
        private final double start;
        private double lastUpdate = Double.NEGATIVE_INFINITY;
        private double timeAfterFirstStep = Double.NaN;
        private int previousWidth;
        private final Map<String, Double> values = new LinkedHashMap<>();

        Bar(int target, double start) {
            this.target = target;
            this.start = start;
        }

        void update(int current, Map<String, Double> logs, boolean finalize) {
            if (logs != null) {
                if (values.keySet().containsAll(logs.keySet())) {
                    values.putAll(logs); // known names keep their places: no sorting on the per-batch path
                } else {
                    values.putAll(new TreeMap<>(logs)); // new names are appended in sorted order
                }
            }
            double now = seconds();
            double timePerUnit = stepDuration(current, now);
            if (verbose == 1) {
                if (now - lastUpdate < INTERVAL_SECONDS && !finalize) {
                    return;
                }
                if (terminal || finalize) {
                    out.print(line(current, now, timePerUnit, finalize));
                    out.flush();
                }
            } else if (verbose == 2 && finalize && target > 0) {
                StringBuilder s = new StringBuilder(counter(current)).append(" - ")
                        .append(KerasFormat.fixed(now - start, 0)).append("s -").append(formatTime(timePerUnit));
                for (Map.Entry<String, Double> e : values.entrySet()) {
                    double v = e.getValue();
                    s.append(" - ").append(e.getKey()).append(": ")
                            .append(v > 1e-3 ? KerasFormat.fixed(v, 4) : KerasFormat.scientific(v));
                }
                out.print(s.append('\n'));
                out.flush();
            }
            lastUpdate = now;
        }

        private String line(int current, double now, double timePerUnit, boolean finalize) {
            StringBuilder s = new StringBuilder(terminal ? "\r" : "");
            int width;
            if (target > 0) {
                String count = counter(current);
                int done = (int) (WIDTH * ((double) current / target));
                s.append(style(BOLD, count)).append(' ');
                if (done > 0) {
                    s.append(style(GREEN, BAR_CHAR.repeat(done)));
                }
                s.append(style(GREY, BAR_CHAR.repeat(WIDTH - done)));
                width = count.length() + 1 + WIDTH;
            } else {
                String count = String.format("%7d/Unknown", current);
                s.append(count);
                width = count.length();
            }
            String time;
            if (target > 0 && !finalize) {
                double eta = timePerUnit * (target - current);
                if (eta > 3600) {
                    time = String.format("%d:%02d:%02d", (long) Math.floor(eta / 3600),
                            (long) Math.floor((eta % 3600) / 60), (long) (eta % 60));
                } else if (eta > 60) {
                    time = String.format("%d:%02d", (long) Math.floor(eta / 60), (long) (eta % 60));
                } else {
                    time = (long) eta + "s";
                }
            } else {
                time = KerasFormat.fixed(now - start, 0) + "s";
            }
            StringBuilder info = new StringBuilder(" ").append(style(BOLD, time));
            width += 1 + time.length();
            String perStep = formatTime(timePerUnit);
            info.append(perStep);
            width += perStep.length();
            for (Map.Entry<String, Double> e : values.entrySet()) {
                double v = e.getValue();
                String item = " - " + e.getKey() + ": "
                        + (Math.abs(v) > 1e-3 ? KerasFormat.fixed(v, 4) : KerasFormat.scientific(v));
                info.append(item);
                width += item.length();
            }
            s.append(info);
            if (terminal && previousWidth > width) {
                s.append(" ".repeat(previousWidth - width));
            }
            previousWidth = width;
            if (finalize) {
                s.append('\n');
            }
            return s.toString();
        }

        private String style(String code, String text) {
            return terminal ? code + text + RESET : text;
        }

        private String counter(int current) {
            int digits = (int) Math.log10(target) + 1;
            return String.format("%" + digits + "d/%d", current, target);
        }

        /** Keras's estimate: from the end of the first step once there are several, else from the start. */
        private double stepDuration(int current, double now) {
            if (current == 0) {
                return 0;
            }
            double perUnit = !Double.isNaN(timeAfterFirstStep) && current > 1
                    ? (now - timeAfterFirstStep) / (current - 1)
                    : (now - start) / current;
            if (current == 1) {
                timeAfterFirstStep = now;
            }
            return perUnit;
        }
    }

    /** Keras's {@code _format_time}: {@code " 2s/step"}, {@code " 20ms/step"} or {@code " 822us/step"}. */
    static String formatTime(double timePerUnit) {
        if (timePerUnit >= 1 || timePerUnit == 0) {
            return " " + KerasFormat.fixed(timePerUnit, 0) + "s/step";
        }
        if (timePerUnit >= 1e-3) {
            return " " + KerasFormat.fixed(timePerUnit * 1000.0, 0) + "ms/step";
        }
        return " " + KerasFormat.fixed(timePerUnit * 1000000.0, 0) + "us/step";
    }
}
