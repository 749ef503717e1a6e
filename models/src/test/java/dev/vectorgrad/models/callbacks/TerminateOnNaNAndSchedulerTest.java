package dev.vectorgrad.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminateOnNaNAndSchedulerTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aNaNOrInfiniteLossStopsTrainingNamingEpochAndBatch() {
        FakeModel model = new FakeModel();
        TerminateOnNaN cb = new TerminateOnNaN().withOutput(out);
        cb.setModel(model);
        cb.onEpochBegin(0, Map.of());
        cb.onTrainBatchEnd(0, Map.of("loss", 1.0));
        cb.onTrainBatchEnd(1, Map.of("accuracy", Double.NaN)); // only the loss is watched, as Keras
        assertEquals(List.of(), model.stops);
        model.epoch = 2;
        cb.onEpochBegin(2, Map.of());
        cb.onTrainBatchEnd(17, Map.of("loss", Double.NaN));
        assertEquals(List.of(2), model.stops);
        cb.onTrainBatchEnd(18, Map.of("loss", Double.NEGATIVE_INFINITY));
        assertEquals("Epoch 3, batch 17: invalid loss nan, terminating training\n"
                + "Epoch 3, batch 18: invalid loss -inf, terminating training\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void raiseErrorThrowsWithTheEpochAndBatch() {
        TerminateOnNaN cb = new TerminateOnNaN().withRaiseError(true).withOutput(out);
        FakeModel model = new FakeModel();
        cb.setModel(model);
        cb.onEpochBegin(4, Map.of());
        InvalidLossException e = assertThrows(InvalidLossException.class,
                () -> cb.onTrainBatchEnd(7, Map.of("loss", Double.POSITIVE_INFINITY)));
        assertEquals(4, e.epoch());
        assertEquals(7, e.batch());
        assertEquals("Epoch 5, batch 7: NaN or Inf loss encountered (loss inf), terminating training", e.getMessage());
        assertEquals(List.of(), model.stops);
    }

    @Test
    void schedulerSetsTheRateAtEachEpochStart() {
        FakeModel model = new FakeModel();
        model.optimizer.lr = 0.01;
        LearningRateScheduler cb = new LearningRateScheduler((epoch, lr) -> epoch < 2 ? lr : lr * 0.5).withVerbose(1)
                .withOutput(out);
        cb.setModel(model);
        List<Double> rates = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            cb.onEpochBegin(e, Map.of());
            rates.add(model.optimizer.lr);
        }
        assertEquals(List.of(0.01, 0.01, 0.005, 0.0025), rates);
        assertEquals("\nEpoch 1: LearningRateScheduler setting learning rate to 0.01.\n"
                + "\nEpoch 2: LearningRateScheduler setting learning rate to 0.01.\n"
                + "\nEpoch 3: LearningRateScheduler setting learning rate to 0.005.\n"
                + "\nEpoch 4: LearningRateScheduler setting learning rate to 0.0025.\n",
                bytes.toString(StandardCharsets.UTF_8));
        LearningRateScheduler bad = new LearningRateScheduler((epoch, lr) -> -1);
        bad.setModel(model);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.onEpochBegin(3, Map.of()));
        assertEquals("LearningRateScheduler: the schedule gave learning rate -1.0 for epoch 3; it must be finite and 0"
                + " or more", e.getMessage());
    }
}
