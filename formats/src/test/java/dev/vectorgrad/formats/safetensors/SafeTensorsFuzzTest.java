package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Jazzer fuzz test of the safetensors reader. Under {@code mvn test} it is a regression test over
 * the committed inputs in {@code src/test/resources/dev/vectorgrad/formats/safetensors/SafeTensorsFuzzTestInputs/}
 * (the seed corpus that {@link Corpus} generates, plus anything a fuzzing run found); with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them, guided by coverage (see {@code formats/FUZZING.md}).
 *
 * <p>For every input, read from a byte array and again through a channel:
 * <ul>
 *   <li>the reader returns or throws {@link SafeTensorsException}, never any other exception or
 *       error (an {@code OutOfMemoryError} included);</li>
 *   <li>it allocates at most {@link #allocationBudget(int)} bytes on the reading thread: a fixed
 *       64 KiB plus 48 times the input's size, so memory is bounded by the file, not by the sizes
 *       the header claims;</li>
 *   <li>it never asks the channel for a byte outside the file;</li>
 *   <li>both ways give the same result: the same tensors bit for bit, or the same message;</li>
 *   <li>what it returns is consistent with the input: no more tensor bytes than the file holds.</li>
 * </ul>
 */
class SafeTensorsFuzzTest {

    /** Bytes a read of an {@code inputLength}-byte input may allocate on its thread. */
    static long allocationBudget(int inputLength) {
        return 64 * 1024 + 48L * inputLength;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "5m")
    void read(byte[] input) {
        // The first read of an input may initialise classes and bootstrap call sites on its error
        // path; the second, measured, allocates only what reading the input needs.
        Result warmUp = Result.of(input, () -> SafeTensors.read(input));
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Result fromArray = Result.of(input, () -> SafeTensors.read(input));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated <= allocationBudget(input.length), () -> "allocated " + allocated + " bytes reading a "
                + input.length + "-byte input (budget " + allocationBudget(input.length) + "): " + describe(input));
        warmUp.assertSame(fromArray, input);

        InsideTheFileChannel channel = new InsideTheFileChannel(input);
        Result fromChannel = Result.of(input, () -> SafeTensors.read(channel));
        fromArray.assertSame(fromChannel, input);

        if (fromArray.file != null) {
            long bytes = 0;
            for (Map.Entry<String, Tensor> e : fromArray.file.tensors().entrySet()) {
                String stored = fromArray.file.storedDtype(e.getKey());
                bytes += (long) e.getValue().size() * StoredType.valueOf(stored).bytes;
            }
            long dataBytes = bytes;
            assertTrue(dataBytes <= input.length - 8L, () -> "read " + dataBytes + " bytes of tensor data from a "
                    + input.length + "-byte input: " + describe(input));
        }
    }

    /** The input, for failure messages (Jazzer also saves it as a crash file). */
    static String describe(byte[] input) {
        byte[] shown = input.length > 512 ? Arrays.copyOf(input, 512) : input;
        return "base64 " + Base64.getEncoder().encodeToString(shown) + (shown != input ? "..." : "");
    }

    /** A read that may throw. */
    interface Read {
        SafeTensorsFile run() throws IOException;
    }

    /** What one read gave: a file or the reader's exception. Anything else fails the test here. */
    record Result(SafeTensorsFile file, SafeTensorsException rejection) {

        static Result of(byte[] input, Read read) {
            try {
                return new Result(read.run(), null);
            } catch (SafeTensorsException e) {
                if (e.getClass() != SafeTensorsException.class) {
                    throw new AssertionError("unexpected subclass " + e.getClass() + ": " + describe(input), e);
                }
                return new Result(null, e);
            } catch (IOException | RuntimeException | Error e) {
                throw new AssertionError("the reader let " + e + " escape for " + describe(input), e);
            }
        }

        void assertSame(Result other, byte[] input) {
            if (rejection != null || other.rejection != null) {
                assertEquals(rejection == null ? "a file" : rejection.getMessage(),
                        other.rejection == null ? "a file" : other.rejection.getMessage(), () -> describe(input));
                return;
            }
            assertEquals(new ArrayList<>(file.tensors().keySet()), new ArrayList<>(other.file.tensors().keySet()));
            assertEquals(file.metadata(), other.file.metadata());
            for (Map.Entry<String, Tensor> e : file.tensors().entrySet()) {
                Tensor a = e.getValue();
                Tensor b = other.file.tensors().get(e.getKey());
                assertEquals(file.storedDtype(e.getKey()), other.file.storedDtype(e.getKey()));
                assertEquals(a.dtype(), b.dtype());
                assertArrayEquals(a.shape(), b.shape());
                for (int i = 0; i < a.size(); i++) {
                    long bitsA = a.dtype() == DType.F32 ? Float.floatToRawIntBits(a.dataF32()[i])
                            : Double.doubleToRawLongBits(a.dataF64()[i]);
                    long bitsB = b.dtype() == DType.F32 ? Float.floatToRawIntBits(b.dataF32()[i])
                            : Double.doubleToRawLongBits(b.dataF64()[i]);
                    if (bitsA != bitsB) {
                        throw new AssertionError("tensor " + e.getKey() + " element " + i + " differs: " + describe(input));
                    }
                }
            }
        }
    }

    /**
     * A read-only channel over an array that fails the test when asked for any byte outside it
     * (reading at or past the end included): the reader must only ask for bytes it has checked.
     */
    static final class InsideTheFileChannel implements SeekableByteChannel {
        private final byte[] bytes;
        private long position;
        private boolean open = true;

        InsideTheFileChannel(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            if (position < 0 || position + dst.remaining() > bytes.length) {
                throw new AssertionError("the reader asked for bytes [" + position + ", " + (position + dst.remaining())
                        + ") of a " + bytes.length + "-byte input: " + describe(bytes));
            }
            int n = dst.remaining();
            dst.put(bytes, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            if (newPosition < 0) {
                throw new IllegalArgumentException("negative position " + newPosition);
            }
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
