package dev.vectorgrad.formats.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * Jazzer fuzz test of the IDX reader. Under {@code mvn test} it is a regression test over the committed
 * inputs in {@code src/test/resources/dev/vectorgrad/formats/idx/IdxFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them, guided by coverage (see {@code formats/FUZZING.md}).
 *
 * <p>Every input is read with small limits ({@link #LIMITS}, so that inputs reach them), from a byte
 * array and again from a stream that hands out one byte per read, and:
 * <ul>
 *   <li>the reader returns an array or throws {@link IdxException}, never any other exception or error
 *       (an {@code OutOfMemoryError} included);</li>
 *   <li>it allocates at most {@link #allocationBudget(int)} bytes on the reading thread, whatever the
 *       header claims;</li>
 *   <li>both reads give the same result: the same array, or the same message; for a gzip'd input whose
 *       deflate data is damaged both are rejected, but the messages may differ, because zlib reports
 *       damage as soon as the compressed bytes it has been given show it, and a stream that hands out
 *       one byte at a time shows it later (the first fuzzing run found this: the array read met the
 *       damage while decoding the header, the byte-by-byte read first met the element limit);</li>
 *   <li>an array it returns is within the limits, and written back out (by this test, with the JDK) is
 *       exactly the input, or for a gzip'd input exactly what the JDK's own gzip reader decompresses
 *       from it.</li>
 * </ul>
 */
class IdxFuzzTest {

    static final IdxLimits LIMITS = IdxLimits.defaults().withMaxRank(8).withMaxElements(1 << 12)
            .withMaxDataBytes(1 << 14);

    /**
     * Bytes a read may allocate: a fixed 256 KiB (the exception, its message and stack trace, the gzip
     * reader's 64 KiB buffer), 8 per input byte, and 4 per data byte the limits allow (the data array
     * while it doubles).
     */
    static long allocationBudget(int inputLength) {
        return 256 * 1024 + 8L * inputLength + 4L * LIMITS.maxDataBytes();
    }

    @FuzzTest(maxDuration = "5m")
    void read(byte[] input) {
        // The first read may load classes and bootstrap call sites; the second, measured, does not.
        Result warmUp = Result.of(input, () -> Idx.read(input, LIMITS));
        long before = IdxBytes.allocatedBytes();
        Result fromArray = Result.of(input, () -> Idx.read(input, LIMITS));
        long allocated = IdxBytes.allocatedBytes() - before;
        assertTrue(allocated <= allocationBudget(input.length), () -> "allocated " + allocated + " bytes reading a "
                + input.length + "-byte input (budget " + allocationBudget(input.length) + "): " + describe(input));
        warmUp.assertSame(fromArray, input);

        Result fromStream = Result.of(input, () -> Idx.read(new IdxSourcesTest.Trickle(input), LIMITS));
        if (isGzip(input) && fromArray.rejection != null && fromStream.rejection != null) {
            assertTrue(fromArray.rejection.getMessage().contains("the gzip stream is damaged")
                    || fromStream.rejection.getMessage().contains("the gzip stream is damaged")
                    || fromArray.rejection.getMessage().equals(fromStream.rejection.getMessage()),
                    () -> "two rejections, neither for damaged gzip data, differ: " + fromArray.rejection.getMessage()
                    + " / " + fromStream.rejection.getMessage() + ": " + describe(input));
        } else {
            fromArray.assertSame(fromStream, input);
        }

        if (fromArray.array != null) {
            IdxArray a = fromArray.array;
            assertTrue(a.size() <= LIMITS.maxElements() && a.rank() >= 1 && a.rank() <= LIMITS.maxRank(), a::toString);
            byte[] written = write(a);
            byte[] expected = isGzip(input) ? gunzip(input, written.length) : input;
            assertArrayEquals(expected, written, () -> "read " + a + " from " + describe(input));
        }
    }

    private static boolean isGzip(byte[] input) {
        return input.length >= 2 && (input[0] & 0xff) == 0x1f && (input[1] & 0xff) == 0x8b;
    }

    /** The first {@code length + 1} bytes the JDK decompresses from {@code gz} (fewer if it holds fewer). */
    private static byte[] gunzip(byte[] gz, int length) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readNBytes(length + 1);
        } catch (IOException e) {
            throw new AssertionError("the reader accepted what the JDK cannot decompress: " + describe(gz), e);
        }
    }

    /** The IDX bytes of {@code a}, written from its type, dimensions and values with a ByteBuffer. */
    static byte[] write(IdxArray a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] dims = a.dims();
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.put((byte) 0).put((byte) 0).put((byte) a.type().code()).put((byte) dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        out.writeBytes(header.array());
        ByteBuffer data = ByteBuffer.allocate(a.size() * a.type().bytes());
        switch (a.type()) {
            case UNSIGNED_BYTE, SIGNED_BYTE -> Arrays.stream(a.toInts()).forEach(v -> data.put((byte) v));
            case SHORT -> Arrays.stream(a.toInts()).forEach(v -> data.putShort((short) v));
            case INT -> Arrays.stream(a.toInts()).forEach(data::putInt);
            case FLOAT -> {
                for (float f : a.toFloats()) {
                    data.putInt(Float.floatToRawIntBits(f));
                }
            }
            case DOUBLE -> Arrays.stream(a.toDoubles()).forEach(d -> data.putLong(Double.doubleToRawLongBits(d)));
        }
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    static String describe(byte[] input) {
        byte[] shown = input.length > 512 ? Arrays.copyOf(input, 512) : input;
        return "base64 " + Base64.getEncoder().encodeToString(shown) + (shown != input ? "..." : "");
    }

    /** A read that may throw. */
    interface Read {
        IdxArray run() throws IOException;
    }

    /** What one read gave: an array or the reader's exception. Anything else fails the test here. */
    record Result(IdxArray array, IdxException rejection) {

        static Result of(byte[] input, Read read) {
            try {
                return new Result(read.run(), null);
            } catch (IdxException e) {
                return new Result(null, e);
            } catch (IOException | RuntimeException | Error e) {
                throw new AssertionError("the reader let " + e + " escape for " + describe(input), e);
            }
        }

        void assertSame(Result other, byte[] input) {
            if (rejection != null || other.rejection != null) {
                assertEquals(rejection == null ? "an array" : rejection.getMessage(),
                        other.rejection == null ? "an array" : other.rejection.getMessage(), () -> describe(input));
                return;
            }
            assertArrayEquals(write(array), write(other.array), () -> describe(input));
        }
    }
}
