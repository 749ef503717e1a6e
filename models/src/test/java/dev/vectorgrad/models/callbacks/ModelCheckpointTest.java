package dev.vectorgrad.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names and best-only decisions worked by hand from Keras 3's {@code ModelCheckpoint} and Python's format. */
class ModelCheckpointTest {

    @TempDir
    Path dir;

    private static FakeModel run(ModelCheckpoint cb, double... valLoss) {
        FakeModel model = new FakeModel();
        cb.setModel(model);
        cb.onTrainBegin(Map.of());
        for (int e = 0; e < valLoss.length; e++) {
            cb.onEpochBegin(e, Map.of());
            cb.onEpochEnd(e, Map.of("loss", 0.25, "val_loss", valLoss[e]));
        }
        cb.onTrainEnd(Map.of());
        return model;
    }

    @Test
    void savesTheWholeModelEveryEpochUnderFormattedNames() {
        FakeModel m = run(new ModelCheckpoint(dir.resolve("ckpt-{epoch:02d}-{val_loss:.2f}.vgm").toString()),
                0.5, 0.41234, 0.6);
        assertEquals(List.of("model ckpt-01-0.50.vgm", "model ckpt-02-0.41.vgm", "model ckpt-03-0.60.vgm"), m.saves);
        assertTrue(Files.exists(dir.resolve("ckpt-02-0.41.vgm")));
    }

    @Test
    void saveBestOnlySavesOnImprovementAndSaysSo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path file = dir.resolve("best.weights");
        ModelCheckpoint cb = new ModelCheckpoint(file.toString()).withSaveBestOnly(true).withSaveWeightsOnly(true)
                .withVerbose(1).withOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        FakeModel m = run(cb, 0.5, 0.4, 0.45);
        assertEquals(List.of("weights best.weights", "weights best.weights"), m.saves);
        assertEquals(0.4, cb.best());
        assertEquals("\nEpoch 1: val_loss improved from None to 0.50000, saving model to " + file + "\n"
                + "\nEpoch 2: val_loss improved from 0.50000 to 0.40000, saving model to " + file + "\n"
                + "\nEpoch 3: val_loss did not improve from 0.40000\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void initialValueThresholdAndMaxMode() {
        FakeModel m = run(new ModelCheckpoint(dir.resolve("e{epoch}.vgm").toString()).withSaveBestOnly(true)
                .withInitialValueThreshold(0.45), 0.5, 0.4, 0.42);
        assertEquals(List.of("model e2.vgm"), m.saves);
        FakeModel max = run(new ModelCheckpoint(dir.resolve("m{epoch}.vgm").toString()).withSaveBestOnly(true)
                .withMode("max"), 0.5, 0.4, 0.6);
        assertEquals(List.of("model m1.vgm", "model m3.vgm"), max.saves);
    }

    @Test
    void missingDirectoriesAreCreated() {
        run(new ModelCheckpoint(dir.resolve("a/b/w-{epoch}.vgm").toString()), 0.5);
        assertTrue(Files.exists(dir.resolve("a/b/w-1.vgm")));
    }

    @Test
    void pythonFormatSpecs() {
        Map<String, Double> logs = Map.of("loss", 0.000123456, "acc", 0.25, "neg", -0.5);
        assertEquals("003", ModelCheckpoint.formatPath("{epoch:03d}", 3, logs));
        assertEquals("3.00", ModelCheckpoint.formatPath("{epoch:.2f}", 3, logs));
        assertEquals("1.235e-04", ModelCheckpoint.formatPath("{loss:.3e}", 3, logs));
        assertEquals("   0.250", ModelCheckpoint.formatPath("{acc:8.3f}", 3, logs));
        assertEquals("-000.50", ModelCheckpoint.formatPath("{neg:07.2f}", 3, logs));
        assertEquals("0.25", ModelCheckpoint.formatPath("{acc}", 3, logs));
        assertEquals("5.000000e-01", ModelCheckpoint.formatPath("{acc:e}", 3, Map.of("acc", 0.5)));
        assertEquals("{literal}-3", ModelCheckpoint.formatPath("{{literal}}-{epoch}", 3, logs));
    }

    @Test
    void badTemplatesFailWithTheTemplateNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelCheckpoint.formatPath("w-{val_acc:.2f}", 1, Map.of("loss", 1.0)));
        assertEquals("Failed to format this callback filepath: \"w-{val_acc:.2f}\". Reason: no 'val_acc' in the logs"
                + " [loss]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.formatPath("{loss:d}", 1,
                Map.of("loss", 1.0)));
        assertEquals("Failed to format this callback filepath: \"{loss:d}\". Reason: 'loss' is a float, and format code"
                + " 'd' takes integers (as in Python)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("w-{epoch:x}.vgm"));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("w-{epoch.vgm"));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("w-}.vgm"));
    }

    @Test
    void saveBestOnlyNeedsTheMonitorInTheLogs() {
        ModelCheckpoint cb = new ModelCheckpoint(dir.resolve("x.vgm").toString()).withSaveBestOnly(true)
                .withMonitor("val_accuracy");
        assertThrows(IllegalStateException.class, () -> run(cb, 0.5));
    }
}
