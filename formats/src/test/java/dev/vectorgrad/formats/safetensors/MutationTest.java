package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vectorgrad.autograd.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A small deterministic fuzz run (the real one uses Jazzer on the corpus): random mutations of the
 * valid layouts are either read or rejected with a {@link SafeTensorsException}, never anything else,
 * and what is read is consistent with the input's size.
 */
class MutationTest {

    /** Rounds and seed; raise them for a longer run with -Dvectorgrad.mutationRounds=N -Dvectorgrad.mutationSeed=S. */
    private static final int ROUNDS = Integer.getInteger("vectorgrad.mutationRounds", 40_000);
    private static final long SEED = Long.getLong("vectorgrad.mutationSeed", 20240611L);
    private static final byte[] INTERESTING = "{}[]\":,-0123456789.eE \\u\0\u007f".getBytes(StandardCharsets.ISO_8859_1);
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ":", ",", "-", "0", "1", "9", ".5", "e9", " ",
        "\\u", "\\ud800", "null", "true", "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F16\"",
        "\"BF16\"", "\"F64\"", "\"I64\"", "18446744073709551615", "9223372036854775807", "4294967296", "2147483648"};

    @Test
    void mutatedFilesAreReadOrRejectedWithSafeTensorsExceptionOnly() {
        List<byte[]> seeds = new ArrayList<>();
        for (Corpus.Case c : Corpus.valid()) {
            seeds.add(c.bytes());
        }
        seeds.add(SafeTensors.toBytes(WriterFixtures.mixed(), WriterFixtures.metadata()));
        SplittableRandom random = new SplittableRandom(SEED);
        int read = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] input = random.nextBoolean() ? mutateBytes(seed, random) : mutateHeader(seed, random);
            try {
                SafeTensorsFile file = SafeTensors.read(input);
                read++;
                long bytes = 0;
                for (Tensor t : file.tensors().values()) {
                    bytes += t.size();
                }
                if (bytes > input.length) {
                    fail("round " + round + ": read " + bytes + " elements from " + input.length + " bytes: "
                            + Base64.getEncoder().encodeToString(input));
                }
            } catch (SafeTensorsException expected) {
                assertEquals(expected.getClass(), SafeTensorsException.class);
            } catch (Throwable t) {
                throw new AssertionError("round " + round + ": " + t + " for input (base64) "
                        + Base64.getEncoder().encodeToString(input), t);
            }
        }
        // Both outcomes must be well represented for the run to mean something.
        if (read < ROUNDS / 50 || read > ROUNDS / 2) {
            fail("unbalanced mutation run: " + read + " of " + ROUNDS + " inputs were valid");
        }
    }

    /** Bit flips, byte overwrites, truncation, insertion, deletion, anywhere in the file. */
    private static byte[] mutateBytes(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                case 2 -> b[at] = (byte) r.nextInt(256);
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] grown = new byte[b.length + 1 + r.nextInt(8)];
                    System.arraycopy(b, 0, grown, 0, at);
                    System.arraycopy(b, at, grown, grown.length - (b.length - at), b.length - at);
                    b = grown;
                }
                default -> {
                    int n = Math.min(1 + r.nextInt(8), b.length - at);
                    byte[] shrunk = new byte[b.length - n];
                    System.arraycopy(b, 0, shrunk, 0, at);
                    System.arraycopy(b, at + n, shrunk, at, b.length - at - n);
                    b = shrunk;
                }
            }
        }
        return b;
    }

    /** Edits the header text with JSON tokens and keeps the length prefix consistent, so parsing is reached. */
    private static byte[] mutateHeader(byte[] seed, SplittableRandom r) {
        int length = (int) java.nio.ByteBuffer.wrap(seed).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(seed, 8, length, StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(seed, 8 + length, seed.length);
        StringBuilder h = new StringBuilder(header);
        int edits = 1 + r.nextInt(2);
        for (int e = 0; e < edits; e++) {
            int at = r.nextInt(h.length() + 1);
            switch (r.nextInt(3)) {
                case 0 -> h.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 1 -> {
                    if (at < h.length()) {
                        h.delete(at, Math.min(h.length(), at + 1 + r.nextInt(4)));
                    }
                }
                default -> {
                    if (at < h.length()) {
                        h.setCharAt(at, (char) INTERESTING[r.nextInt(INTERESTING.length)]);
                    }
                }
            }
        }
        if (r.nextInt(4) == 0) {
            data = Arrays.copyOf(data, Math.max(0, data.length + r.nextInt(-4, 5)));
        }
        return Corpus.file(h.toString(), data);
    }

    @Test
    void unchangedSeedsRead() throws SafeTensorsException {
        for (Corpus.Case c : Corpus.valid()) {
            SafeTensors.read(c.bytes());
        }
        Map<String, Tensor> mixed = WriterFixtures.mixed();
        assertEquals(mixed.keySet(), SafeTensors.read(SafeTensors.toBytes(mixed, null)).tensors().keySet());
    }
}
