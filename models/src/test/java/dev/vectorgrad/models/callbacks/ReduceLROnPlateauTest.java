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

/** Learning-rate timelines worked by hand from Keras 3's {@code ReduceLROnPlateau.on_epoch_end}. */
class ReduceLROnPlateauTest {

    /** The learning rate after each epoch, starting from 1.0. */
    private static List<Double> rates(ReduceLROnPlateau cb, double... values) {
        FakeModel model = new FakeModel();
        cb.setModel(model);
        cb.onTrainBegin(Map.of());
        List<Double> out = new ArrayList<>();
        for (int e = 0; e < values.length; e++) {
            cb.onEpochEnd(e, Map.of("val_loss", values[e]));
            out.add(model.optimizer.lr);
        }
        return out;
    }

    @Test
    void reducesAfterPatienceThenCoolsDownAndStopsAtMinLr() {
        // patience 1, cooldown 2, factor 0.5, floor 0.2, a flat loss: reductions at epochs 1, 3 (after 2 cooldown
        // epochs: the counter drops to 1 at epoch 2, to 0 at epoch 3 where counting resumes) and 5 (0.125 floored
        // to 0.2); at epoch 7, 0.2 is not above float(0.2), so no more
        ReduceLROnPlateau cb = new ReduceLROnPlateau().withFactor(0.5).withPatience(1).withCooldown(2).withMinLr(0.2);
        assertEquals(List.of(1.0, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2), rates(cb, 1, 1, 1, 1, 1, 1, 1, 1, 1));
    }

    @Test
    void anImprovementResetsTheWait() {
        ReduceLROnPlateau cb = new ReduceLROnPlateau().withFactor(0.5).withPatience(2);
        assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25), rates(cb, 1, 0.5, 0.6, 0.6, 0.4, 0.45, 0.45));
    }

    @Test
    void theDefaultMinDeltaIsOneTenThousandth() {
        // 0.99995 is 5e-5 better than 1.0: not an improvement by more than 1e-4
        assertEquals(List.of(1.0, 0.1), rates(new ReduceLROnPlateau().withPatience(1), 1.0, 0.99995));
        assertEquals(List.of(1.0, 1.0), rates(new ReduceLROnPlateau().withPatience(1), 1.0, 0.9998));
        // Keras's default patience is 10
        double[] flat = new double[12];
        java.util.Arrays.fill(flat, 1.0);
        List<Double> r = rates(new ReduceLROnPlateau(), flat);
        assertEquals(1.0, r.get(9));
        assertEquals(0.1, r.get(10), 1e-17); // 1.0 * 0.1 in double
    }

    @Test
    void verboseMessageAndArgumentChecks() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReduceLROnPlateau cb = new ReduceLROnPlateau().withFactor(0.5).withPatience(1).withVerbose(1)
                .withOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        rates(cb, 1, 1);
        assertEquals("\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.5.\n", bytes.toString(StandardCharsets.UTF_8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReduceLROnPlateau().withFactor(1.0));
        assertEquals("ReduceLROnPlateau does not support a factor >= 1.0, got factor=1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().withMinLr(-1));
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().withCooldown(-1));
    }
}
