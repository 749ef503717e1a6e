package dev.vectorgrad.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.GRU;
import dev.vectorgrad.models.layers.LSTM;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The state format: its size and layout, bit-exact round trips, and what it rejects, in words. */
class StateCodecTest {

    private static final StreamModel MODEL = StreamModel.of(TestModels.lstm(16, 1));
    private static final StateCodec CODEC = new StateCodec(MODEL);

    @Test
    void sizesFollowTheFormula() {
        assertEquals(32 + 16 + 4 * 32, CODEC.encodedSize());
        StreamModel big = StreamModel.of(new Sequential(new LSTM(256)).inputShape(-1, 128));
        assertEquals(2_096, new StateCodec(big).encodedSize(), "one LSTM layer of 256 units");
        StreamModel two = StreamModel.of(new Sequential(LSTM.builder(8).returnSequences(true).build(), new GRU(5),
                new Dense(2)).inputShape(-1, 3));
        assertEquals(32 + 3 * 8 + 4 * (8 + 8 + 5), new StateCodec(two).encodedSize());
    }

    /** Any floats, NaN payloads and infinities included, with any counters, come back with the same bits. */
    @Test
    void roundTripsKeepEveryBit() {
        qt().withExamples(500).forAll(longs().all(), longs().all(), longs().all()).checkAssert((seed, steps, seen) -> {
            SplittableRandom r = new SplittableRandom(seed);
            float[] state = new float[CODEC.stateFloats()];
            for (int i = 0; i < state.length; i++) {
                state[i] = Float.intBitsToFloat(r.nextInt());
            }
            byte[] bytes = CODEC.encode(state, steps, seen);
            assertEquals(StateCodec.Match.SAME_MODEL, CODEC.match(bytes));
            float[] back = new float[state.length];
            CODEC.decode(bytes, back);
            assertArrayEquals(RecurrentInferenceTest.bits(state), RecurrentInferenceTest.bits(back));
            assertEquals(steps, StateCodec.steps(bytes));
            assertEquals(seen, StateCodec.lastSeen(bytes));
            assertEquals(MODEL.fingerprint(), StateCodec.fingerprint(bytes));
        });
    }

    /** Flipping any byte of the header but the counters makes the state another model's or incompatible. */
    @Test
    void everyHeaderByteIsChecked() {
        byte[] good = CODEC.encode(new float[CODEC.stateFloats()], 3, 4);
        qt().withExamples(300).forAll(integers().between(0, CODEC.encodedSize() - 4 * CODEC.stateFloats() - 1),
                integers().between(1, 255)).checkAssert((at, flip) -> {
                    byte[] bad = good.clone();
                    bad[at] ^= flip.byteValue();
                    StateCodec.Match m = CODEC.match(bad);
                    if (at >= 16 && at < 32) {
                        assertEquals(StateCodec.Match.SAME_MODEL, m, "counters at " + at);
                    } else if (at >= 8 && at < 16) {
                        assertEquals(StateCodec.Match.OTHER_MODEL_SAME_LAYOUT, m, "fingerprint at " + at);
                    } else {
                        assertEquals(StateCodec.Match.INCOMPATIBLE, m, "header byte " + at);
                    }
                });
    }

    @Test
    void rejectionsSayWhatWasExpectedAndFound() {
        byte[] good = CODEC.encode(new float[CODEC.stateFloats()], 1, 2);
        String expected = "model '" + MODEL.name() + "' (fingerprint " + MODEL.fingerprintHex() + ", format version 1,"
                + " layout [layer 0 LSTM h[16], layer 0 LSTM c[16]], 176 bytes)";
        byte[] version = good.clone();
        version[4] = 2;
        assertEquals("stored state has format version 2, this codec reads version 1; expected a state of " + expected,
                CODEC.describe(version));
        assertFalse(StateCodec.readable(version));
        byte[] shorter = java.util.Arrays.copyOf(good, good.length - 4);
        assertEquals(StateCodec.Match.INCOMPATIBLE, CODEC.match(shorter));
        assertTrue(CODEC.describe(shorter).contains("172 bytes) does not fit " + expected), CODEC.describe(shorter));
        StateMismatchException e = assertThrows(StateMismatchException.class,
                () -> CODEC.decode(new byte[] {1, 2, 3}, new float[CODEC.stateFloats()]));
        assertEquals("stored state of 3 bytes is not a vectorgrad state (magic missing, expected 0x54534756 \"VGST\");"
                + " expected a state of " + expected, e.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> CODEC.encode(new float[3], 0, 0, new byte[CODEC.encodedSize()]));
        assertEquals("StateCodec: encodes 32 floats into 176 bytes, got 3 floats and 176 bytes", wrong.getMessage());
    }

    /** A model saved as a whole-model file and loaded back is the same model: same fingerprint, same layout. */
    @Test
    void aModelFileLoadsWithTheSameIdentity(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("model.safetensors");
        TestModels.lstm(16, 1).save(file);
        StreamModel loaded = StreamModel.load(file);
        assertEquals(MODEL.fingerprint(), loaded.fingerprint());
        assertEquals(MODEL.stateLayout(), loaded.stateLayout());
        assertEquals(MODEL.outputSize(), loaded.outputSize());
    }

    @Test
    void theFingerprintCoversWeightsAndArchitectureButNotNames() {
        assertEquals(MODEL.fingerprint(), StreamModel.of(TestModels.lstm(16, 1)).fingerprint(), "same weights");
        assertTrue(MODEL.fingerprint() != StreamModel.of(TestModels.lstm(16, 2)).fingerprint(), "other weights");
        Sequential a = new Sequential("first", new LSTM(4), new Dense(2, "sigmoid")).inputShape(-1, 2);
        Sequential renamed = new Sequential("second", new LSTM(4), new Dense(2, "sigmoid")).inputShape(-1, 2);
        Sequential tanh = new Sequential("first", new LSTM(4), new Dense(2, "tanh")).inputShape(-1, 2);
        renamed.loadStateDict(a.stateDict());
        tanh.loadStateDict(a.stateDict());
        assertEquals(StreamModel.of(a).fingerprint(), StreamModel.of(renamed).fingerprint(), "names are left out");
        assertTrue(StreamModel.of(a).fingerprint() != StreamModel.of(tanh).fingerprint(), "another activation");
    }
}
