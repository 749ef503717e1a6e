package dev.vectorgrad.models.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File contents as Keras's {@code CSVLogger} writes them through Python's csv module (excel dialect, "\r\n"). */
class CSVLoggerTest {

    @TempDir
    Path dir;

    private static void run(CSVLogger cb, List<Map<String, Double>> epochs) {
        cb.onTrainBegin(Map.of());
        for (int e = 0; e < epochs.size(); e++) {
            cb.onEpochEnd(e, epochs.get(e));
        }
        cb.onTrainEnd(Map.of());
    }

    private static Map<String, Double> logs(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }

    @Test
    void headerIsEpochThenSortedKeysAndValuesArePythonFloats() throws Exception {
        Path f = dir.resolve("log.csv");
        run(new CSVLogger(f), List.of(logs("val_loss", 0.5, "loss", 0.1 + 0.2, "accuracy", 1e-5),
                logs("val_loss", Double.NaN, "loss", 0.25, "accuracy", 1.0)));
        assertEquals("epoch,accuracy,loss,val_loss\r\n0,1e-05,0.30000000000000004,0.5\r\n1,1.0,0.25,nan\r\n",
                Files.readString(f));
    }

    @Test
    void withoutValidationKeysValColumnsAreAddedAndFilledWithNA() throws Exception {
        Path f = dir.resolve("log.csv");
        run(new CSVLogger(f), List.of(logs("loss", 0.5, "accuracy", 0.25)));
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss\r\n0,0.25,0.5,NA,NA\r\n", Files.readString(f));
    }

    @Test
    void appendKeepsRowsAndWritesNoSecondHeaderWhileOverwriteTruncates() throws Exception {
        Path f = dir.resolve("log.csv");
        run(new CSVLogger(f, ";", true), List.of(logs("loss", 0.5, "val_loss", 0.75)));
        run(new CSVLogger(f, ";", true), List.of(logs("loss", 0.25, "val_loss", 0.5)));
        assertEquals("epoch;loss;val_loss\r\n0;0.5;0.75\r\n0;0.25;0.5\r\n", Files.readString(f));
        run(new CSVLogger(f), List.of(logs("loss", 0.125, "val_loss", 0.5)));
        assertEquals("epoch,loss,val_loss\r\n0,0.125,0.5\r\n", Files.readString(f));
    }

    @Test
    void fieldsHoldingTheSeparatorAreQuoted() throws Exception {
        Path f = dir.resolve("log.csv");
        run(new CSVLogger(f), List.of(logs("a,b", 1.0, "val_x", 2.0)));
        assertEquals("epoch,\"a,b\",val_x\r\n0,1.0,2.0\r\n", Files.readString(f));
        assertThrows(IllegalArgumentException.class, () -> new CSVLogger(f, ",,", false));
    }
}
