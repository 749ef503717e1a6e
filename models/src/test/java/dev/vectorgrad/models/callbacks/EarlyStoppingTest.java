package dev.vectorgrad.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Timelines worked by hand from Keras 3's {@code EarlyStopping.on_epoch_end} and {@code MonitorCallback}: the fit
 * loop below stops after the epoch in which {@code stopTraining} was called, as {@code fit} does.
 */
class EarlyStoppingTest {

    /** Runs epochs with the given monitored values; weight w is set to 10 * epoch before each epoch ends. */
    private static FakeModel run(Callback cb, String name, double... values) {
        FakeModel model = new FakeModel();
        cb.setModel(model);
        cb.setParams(new TrainingParams(values.length, 1, 0));
        cb.onTrainBegin(Map.of());
        for (int e = 0; e < values.length; e++) {
            model.epoch = e;
            cb.onEpochBegin(e, Map.of());
            model.w.set(0, 10 * e);
            cb.onEpochEnd(e, Map.of(name, values[e], "loss", 0.0));
            if (!model.stops.isEmpty()) {
                break;
            }
        }
        cb.onTrainEnd(Map.of());
        return model;
    }

    @Test
    void patienceCountsEpochsWithoutImprovement() {
        // best 1.0, 0.9; then 0.95 (wait 1), 0.92 (wait 2 >= patience 2): stop at epoch 3
        assertEquals(List.of(3), run(new EarlyStopping().withPatience(2), "val_loss", 1.0, 0.9, 0.95, 0.92, 0.8).stops);
        // patience 0 (Keras's default) stops at the first epoch without improvement, but never at epoch 0
        assertEquals(List.of(2), run(new EarlyStopping(), "val_loss", 1.0, 0.9, 0.9).stops);
        assertEquals(List.of(), run(new EarlyStopping(), "val_loss", 1.0, 0.9, 0.8).stops);
    }

    @Test
    void minDeltaIsTheSmallestImprovementThatCounts() {
        // 0.95 improves on 1.0 by 0.05 < 0.1: not an improvement, so patience 1 stops at epoch 1
        assertEquals(List.of(1), run(new EarlyStopping().withPatience(1).withMinDelta(0.1), "val_loss", 1.0, 0.95, 0.8)
                .stops);
        assertEquals(List.of(1), run(new EarlyStopping().withPatience(1).withMinDelta(-0.1), "val_loss", 1.0, 0.95)
                .stops); // its absolute value is used
        assertEquals(List.of(), run(new EarlyStopping().withPatience(1), "val_loss", 1.0, 0.95, 0.8).stops);
    }

    @Test
    void anImprovementThatMissesTheBaselineDoesNotResetTheWait() {
        // baseline 0.5: 0.9 and 0.8 improve but miss it, so the wait reaches 3 at 0.85 (no improvement): stop at 2
        assertEquals(List.of(2), run(new EarlyStopping().withPatience(2).withBaseline(0.5), "val_loss", 0.9, 0.8, 0.85)
                .stops);
        // without a baseline the wait is 1 at epoch 2
        assertEquals(List.of(), run(new EarlyStopping().withPatience(2), "val_loss", 0.9, 0.8, 0.85).stops);
        // improvements never stop training, even past patience
        assertEquals(List.of(), run(new EarlyStopping().withPatience(1).withBaseline(0.5), "val_loss", 0.9, 0.8, 0.7, 0.6)
                .stops);
    }

    @Test
    void restoreBestWeightsLoadsACopyOfTheBestEpochWhenStopping() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EarlyStopping es = new EarlyStopping().withPatience(2).withRestoreBestWeights(true).withVerbose(1)
                .withOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        FakeModel m = run(es, "val_loss", 0.5, 0.3, 0.4, 0.45);
        assertEquals(List.of(3), m.stops);
        assertEquals(1, m.loads.size());
        assertEquals(10.0, m.loads.get(0).get("w").get(0)); // a copy from epoch 1, not the live tensor (30)
        assertEquals(10.0, m.w.get(0));
        assertEquals(1, es.bestEpoch());
        assertEquals(3, es.stoppedEpoch());
        assertEquals("Epoch 4: early stopping\nRestoring model weights from the end of the best epoch: 2.\n",
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void restoreBestWeightsAlsoWhenStoppingNeverTriggered() {
        FakeModel m = run(new EarlyStopping().withPatience(5).withRestoreBestWeights(true), "val_loss", 0.5, 0.3, 0.4);
        assertEquals(List.of(), m.stops);
        assertEquals(10.0, m.w.get(0)); // Keras 3 restores at the end of training either way
        FakeModel plain = run(new EarlyStopping().withPatience(5), "val_loss", 0.5, 0.3, 0.4);
        assertEquals(List.of(), plain.loads);
    }

    @Test
    void autoModeMaximisesAccuraciesAndRefusesUnknownNames() {
        assertEquals(List.of(2), run(new EarlyStopping().withMonitor("val_accuracy"), "val_accuracy", 0.5, 0.6, 0.55)
                .stops);
        assertEquals(List.of(1), run(new EarlyStopping().withMonitor("val_loss").withMode("max"), "val_loss", 0.5, 0.4)
                .stops);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping().withMonitor("val_custom").onTrainBegin(Map.of()));
        assertEquals("EarlyStopping received monitor=val_custom, but cannot tell whether that metric should be"
                + " maximized or minimized: pass mode \"max\" or \"min\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EarlyStopping().withMode("up"));
        assertEquals(List.of(1), run(new EarlyStopping().withMonitor("val_custom").withMode("min"), "val_custom", 1, 2)
                .stops);
    }

    @Test
    void startFromEpochSkipsTheWarmUp() {
        assertEquals(List.of(1), run(new EarlyStopping().withMonitor("val_loss"), "val_loss", 1, 2, 3, 4, 5).stops);
        assertEquals(List.of(3), run(new EarlyStopping().withStartFromEpoch(2), "val_loss", 1, 2, 3, 4, 5).stops);
    }

    @Test
    void aMissingMonitorNamesTheAvailableMetrics() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(new EarlyStopping(), "val_accuracy", 0.5));
        assertEquals("EarlyStopping is conditioned on metric 'val_loss' which is not available; available metrics"
                + " are: [loss, val_accuracy]", e.getMessage());
    }
}
