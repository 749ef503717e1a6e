package dev.vectorgrad.examples.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link UserAnomalies} end to end on a small stream, against its in-process broker: every payment is scored once, and
 * the scores separate the injected anomalies (AUC bound below the measured value, with room for a different kernel
 * width's rounding).
 */
class UserAnomaliesTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void everyPaymentIsScoredOnceAndAnomaliesRankHigh() throws Exception {
        UserAnomalies.Result r = CommandLine.populateCommand(new UserAnomalies(), "--users", "40", "--events", "2000",
                "--train", "2000", "--epochs", "6", "--partitions", "2", "--threads", "1", "--state-dir",
                dir.toString()).run();
        assertEquals(2000, r.scored());
        assertEquals(32 + 2 * 8 + 4 * 64, r.stateBytes(), "LSTM(32): h and c");
        assertEquals("vector", r.provider());
        // measured: AUC 0.946 (an untrained model: about 0.5)
        assertTrue(r.auc() > 0.85, "AUC " + r.auc());
    }
}
