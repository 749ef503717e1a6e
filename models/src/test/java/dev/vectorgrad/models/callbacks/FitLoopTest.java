package dev.vectorgrad.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callbacks together in a scripted loop shaped as Keras 3's {@code fit}: early stopping, the CSV log, the history
 * and the progress bar see the same epochs, and training ends after the epoch that asked to stop.
 */
class FitLoopTest {

    @TempDir
    Path dir;

    @Test
    void earlyStoppingEndsTheRunAndEveryRecordAgrees() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] nanos = {0};
        ProgbarLogger progbar = new ProgbarLogger().withOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .withClock(() -> nanos[0]).withTerminal(false);
        Path csv = dir.resolve("log.csv");
        EarlyStopping es = new EarlyStopping().withPatience(1).withRestoreBestWeights(true);
        CallbackList callbacks = CallbackList.forFit(List.of(es, new CSVLogger(csv), progbar), true);
        FakeModel model = new FakeModel();
        double[] valLoss = {0.5, 0.25, 0.375, 0.125, 0.0625};
        int epochs = valLoss.length;
        int steps = 2;

        callbacks.setModel(model);
        callbacks.setParams(new TrainingParams(epochs, steps, 1));
        callbacks.onTrainBegin(Map.of());
        List<Integer> ran = new ArrayList<>();
        for (int epoch = 0; epoch < epochs && model.stops.isEmpty(); epoch++) {
            model.epoch = epoch;
            ran.add(epoch);
            callbacks.onEpochBegin(epoch, Map.of());
            for (int b = 0; b < steps; b++) {
                callbacks.onTrainBatchBegin(b, Map.of());
                nanos[0] += 250_000_000L;
                callbacks.onTrainBatchEnd(b, Map.of("loss", 1.0));
            }
            model.w.set(0, epoch);
            callbacks.onTestBegin(Map.of());
            callbacks.onTestBatchEnd(0, Map.of("loss", valLoss[epoch]));
            callbacks.onTestEnd(Map.of("loss", valLoss[epoch]));
            Map<String, Double> logs = new TreeMap<>(Map.of("loss", 1.0, "val_loss", valLoss[epoch]));
            callbacks.onEpochEnd(epoch, logs);
        }
        callbacks.onTrainEnd(Map.of());

        assertEquals(List.of(0, 1, 2), ran); // 0.375 after 0.25 exhausts patience 1 at epoch 2
        History history = callbacks.history();
        assertEquals(ran, history.epoch());
        assertEquals(List.of(0.5, 0.25, 0.375), history.get("val_loss"));
        assertEquals(1.0, model.w.get(0)); // epoch 1's weights restored
        assertEquals("epoch,loss,val_loss\r\n0,1.0,0.5\r\n1,1.0,0.25\r\n2,1.0,0.375\r\n", Files.readString(csv));
        String bar = "\u2501".repeat(20);
        // each epoch: 2 steps of 0.25 s; the second step's time is measured from the end of the first
        assertEquals("Epoch 1/5\n2/2 " + bar + " 0s 250ms/step - loss: 1.0000 - val_loss: 0.5000\n"
                + "Epoch 2/5\n2/2 " + bar + " 0s 250ms/step - loss: 1.0000 - val_loss: 0.2500\n"
                + "Epoch 3/5\n2/2 " + bar + " 0s 250ms/step - loss: 1.0000 - val_loss: 0.3750\n",
                bytes.toString(StandardCharsets.UTF_8));
    }
}
