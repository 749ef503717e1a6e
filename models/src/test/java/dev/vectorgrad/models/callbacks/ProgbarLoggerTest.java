package dev.vectorgrad.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Exact progress strings, with a scripted clock. The expected lines were written by hand from Keras's
 * {@code utils/progbar.py} ({@code update}, {@code _format_time}, {@code _estimate_step_duration}) and Python's
 * float formatting (checked in a Python shell), not from this code.
 */
class ProgbarLoggerTest {

    private static final String B = "\u001b[1m";
    private static final String G = "\u001b[32m";
    private static final String W = "\u001b[37m";
    private static final String R = "\u001b[0m";
    private static final String BAR = "\u2501";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long nanos;

    private ProgbarLogger logger(boolean terminal) {
        return new ProgbarLogger().withOutput(out).withClock(() -> nanos).withTerminal(terminal);
    }

    private void at(double seconds) {
        nanos = Math.round(seconds * 1e9);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Double> logs(Object... kv) {
        Map<String, Double> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }

    @Test
    void pipeWritesTheEpochLineAndOneFinalLinePerEpoch() {
        ProgbarLogger p = logger(false);
        p.setParams(new TrainingParams(2, 3, 1));
        p.onTrainBegin(null);
        for (int epoch = 0; epoch < 2; epoch++) {
            double t0 = 10 * epoch;
            at(t0);
            p.onEpochBegin(epoch, null);
            at(t0 + 1.0);
            p.onTrainBatchEnd(0, logs("loss", 0.5, "accuracy", 0.25));
            at(t0 + 1.5);
            p.onTrainBatchEnd(1, logs("loss", 0.375, "accuracy", 0.5));
            at(t0 + 2.0);
            p.onTrainBatchEnd(2, logs("loss", 0.25, "accuracy", 0.75));
            p.onEpochEnd(epoch, logs("loss", 0.25, "accuracy", 0.75, "val_loss", 0.125, "val_accuracy", 0.5));
        }
        p.onTrainEnd(null);
        // step time from the end of step 1: (2.0 - 1.0) / 2 = 0.5 s = 500ms; elapsed 2 s
        String line = "3/3 " + BAR.repeat(20)
                + " 2s 500ms/step - accuracy: 0.7500 - loss: 0.2500 - val_accuracy: 0.5000 - val_loss: 0.1250\n";
        assertEquals("Epoch 1/2\n" + line + "Epoch 2/2\n" + line, output());
    }

    @Test
    void terminalRedrawsInPlaceWithEtaThrottlingPaddingAndElapsedTimeAtTheEnd() {
        ProgbarLogger p = logger(true);
        p.setParams(new TrainingParams(1, 100, 1)); // one epoch: no "Epoch 1/1" line, as Keras
        p.onTrainBegin(null);
        at(0);
        p.onEpochBegin(0, null);
        at(100);
        p.onTrainBatchEnd(0, logs("loss", 2.0));
        at(100.01); // within 50 ms of the last draw: not drawn
        p.onTrainBatchEnd(1, logs("loss", 1.75));
        at(590);
        p.onTrainBatchEnd(49, logs("loss", 1.5));
        at(1090);
        p.onEpochEnd(0, logs("loss", 1.25, "val_loss", 0.0005));
        // step 1: 100 s/step, ETA 100 * 99 = 9900 s = 2:45:00, 0 of 20 bar cells done
        String first = "\r" + B + "  1/100" + R + " " + W + BAR.repeat(20) + R + " " + B + "2:45:00" + R
                + " 100s/step - loss: 2.0000";
        // step 50: (590 - 100) / 49 = 10 s/step, ETA 10 * 50 = 500 s = 8:20, 10 cells; 4 columns shorter than the
        // previous line (visible widths 61 and 57), so 4 spaces wipe its tail
        String middle = "\r" + B + " 50/100" + R + " " + G + BAR.repeat(10) + R + W + BAR.repeat(10) + R + " " + B
                + "8:20" + R + " 10s/step - loss: 1.5000" + "    ";
        // end: (1090 - 100) / 99 = 10 s/step, elapsed 1090 s, 0.0005 <= 1e-3 so %.4e
        String last = "\r" + B + "100/100" + R + " " + G + BAR.repeat(20) + R + W + R + " " + B + "1090s" + R
                + " 10s/step - loss: 1.2500 - val_loss: 5.0000e-04\n";
        assertEquals(first + middle + last, output());
    }

    @Test
    void verboseTwoWritesOneLinePerEpochWithKerasValueRule() {
        ProgbarLogger p = logger(true);
        p.setParams(new TrainingParams(2, 32, 2));
        p.onTrainBegin(null);
        at(0);
        p.onEpochBegin(0, null);
        for (int b = 0; b < 32; b++) {
            at(0.02 * (b + 1));
            p.onTrainBatchEnd(b, logs("loss", 0.5));
        }
        at(0.64);
        p.onEpochEnd(0, logs("loss", 0.1234, "val_loss", -0.5));
        // (0.64 - 0) / 32 = 0.02 s = 20ms/step; elapsed 0.64 rounds to 1 s; verbose 2 tests v > 1e-3 (not |v|), so
        // the negative value is written %.4e, as Keras does
        assertEquals("Epoch 1/2\n32/32 - 1s - 20ms/step - loss: 0.1234 - val_loss: -5.0000e-01\n", output());
    }

    @Test
    void verboseZeroIsSilent() {
        ProgbarLogger p = logger(true);
        p.setParams(new TrainingParams(3, 2, 0));
        p.onTrainBegin(null);
        p.onEpochBegin(0, null);
        p.onTrainBatchEnd(0, logs("loss", 1.0));
        p.onEpochEnd(0, logs("loss", 1.0));
        assertEquals("", output());
        assertThrows(IllegalArgumentException.class, () -> p.setParams(new TrainingParams(1, 1, 3)));
    }

    @Test
    void aStreamOfUnknownLengthShowsUnknownThenLearnsTheTarget() {
        ProgbarLogger p = logger(true);
        p.setParams(new TrainingParams(2, -1, 1));
        p.onTrainBegin(null);
        at(0);
        p.onEpochBegin(0, null);
        at(0.5);
        p.onTrainBatchEnd(0, logs("loss", 1.0));
        at(1.0);
        p.onTrainBatchEnd(1, logs("loss", 0.5));
        p.onEpochEnd(0, logs("loss", 0.5));
        at(2.0);
        p.onEpochBegin(1, null);
        at(2.25);
        p.onTrainBatchEnd(0, logs("loss", 0.25));
        assertEquals("Epoch 1/2\n"
                + "\r      1/Unknown " + B + "0s" + R + " 500ms/step - loss: 1.0000"
                + "\r      2/Unknown " + B + "1s" + R + " 500ms/step - loss: 0.5000"
                + "\r" + B + "2/2" + R + " " + G + BAR.repeat(20) + R + W + R + " " + B + "1s" + R
                + " 500ms/step - loss: 0.5000\n"
                + "Epoch 2/2\n"
                + "\r" + B + "1/2" + R + " " + G + BAR.repeat(10) + R + W + BAR.repeat(10) + R + " " + B + "0s" + R
                + " 250ms/step - loss: 0.2500", output());
    }

    @Test
    void evaluateOutsideFitGetsItsOwnBar() {
        ProgbarLogger p = logger(false);
        p.setParams(new TrainingParams(1, 4, 1));
        at(0);
        p.onTestBegin(null);
        for (int b = 0; b < 4; b++) {
            at(0.002 * (b + 1));
            p.onTestBatchEnd(b, logs("loss", 0.5));
        }
        p.onTestEnd(logs("loss", 0.4, "accuracy", 0.9));
        // (0.008 - 0.002) / 3 = 0.002 s = 2ms/step; "accuracy" is first seen at the end, so it follows "loss"
        assertEquals("4/4 " + BAR.repeat(20) + " 0s 2ms/step - loss: 0.4000 - accuracy: 0.9000\n", output());
    }

    @Test
    void validationInsideFitIsSilent() {
        ProgbarLogger p = logger(false);
        p.setParams(new TrainingParams(1, 1, 1));
        p.onTrainBegin(null);
        p.onEpochBegin(0, null);
        p.onTrainBatchEnd(0, logs("loss", 1.0));
        p.onTestBegin(null);
        p.onTestBatchEnd(0, logs("loss", 2.0));
        p.onTestEnd(logs("loss", 2.0));
        p.onEpochEnd(0, logs("loss", 1.0, "val_loss", 2.0));
        assertEquals("1/1 " + BAR.repeat(20) + " 0s 0s/step - loss: 1.0000 - val_loss: 2.0000\n", output());
    }

    @Test
    void timePerStepUnits() {
        assertEquals(" 2s/step", ProgbarLogger.formatTime(2.4));
        assertEquals(" 0s/step", ProgbarLogger.formatTime(0));
        assertEquals(" 1s/step", ProgbarLogger.formatTime(1.0));
        assertEquals(" 20ms/step", ProgbarLogger.formatTime(0.02));
        assertEquals(" 822us/step", ProgbarLogger.formatTime(0.000822));
        assertEquals(" 1000ms/step", ProgbarLogger.formatTime(0.9999)); // 999.9 rounds up, still in ms, as Keras
    }

    @Test
    void aForkedTestJvmWritingIntoAPipeIsNotATerminal() {
        // surefire's forked JVM writes into a pipe; on JDK 22+ System.console() exists there, so this checks that
        // Console.isTerminal() is consulted
        org.junit.jupiter.api.Assertions.assertFalse(ProgbarLogger.detectTerminal());
    }
}
