package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per validation rule ({@link Corpus#invalid()}), each read from bytes, a file and a channel. */
class ValidationTest {

    @TempDir
    Path dir;

    static Stream<Corpus.Case> invalid() {
        return Corpus.invalid().stream();
    }

    static Stream<Corpus.Case> valid() {
        return Corpus.valid().stream();
    }

    /** The exception for {@code c}, checked for its type, tensor name and message. */
    static SafeTensorsException rejects(Corpus.Case c, ThrowingRead read) {
        SafeTensorsException e = assertThrows(SafeTensorsException.class, read::run, c.name());
        assertEquals(c.tensor(), e.tensorName(), c.name() + ": " + e.getMessage());
        if (c.tensor() != null) {
            assertTrue(e.getMessage().contains("tensor " + SafeTensorsException.quote(c.tensor()) + ": "),
                    c.name() + ": " + e.getMessage());
        }
        for (String m : c.mentions()) {
            assertTrue(e.getMessage().contains(m), c.name() + ": message '" + e.getMessage() + "' should mention '" + m + "'");
        }
        return e;
    }

    /** A read that may throw anything. */
    interface ThrowingRead {
        void run() throws Throwable;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidLayoutIsRejectedNamingTheTensorAndTheProblem(Corpus.Case c) throws IOException {
        SafeTensorsException fromBytes = rejects(c, () -> SafeTensors.read(c.bytes()));
        assertTrue(fromBytes.getMessage().startsWith("safetensors: "), fromBytes.getMessage());
        ByteBuffer direct = ByteBuffer.allocateDirect(c.bytes().length).put(c.bytes()).flip();
        assertEquals(fromBytes.getMessage(), rejects(c, () -> SafeTensors.read(direct)).getMessage());

        Path file = dir.resolve(c.name() + ".safetensors");
        Files.write(file, c.bytes());
        SafeTensorsException fromFile = rejects(c, () -> SafeTensors.read(file));
        assertEquals(file + ": " + fromBytes.getMessage().substring("safetensors: ".length()), fromFile.getMessage());
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            assertEquals(fromBytes.getMessage(), rejects(c, () -> SafeTensors.read(ch)).getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validLayoutIsRead(Corpus.Case c) throws SafeTensorsException {
        assertNotNull(SafeTensors.read(c.bytes()));
    }

    /** Rejection happens before anything proportional to the declared sizes is allocated. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectionAllocatesLittleMoreThanTheInput(Corpus.Case c) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        assertThrows(SafeTensorsException.class, () -> SafeTensors.read(c.bytes())); // warm up
        long before = threads.getThreadAllocatedBytes(id);
        assertThrows(SafeTensorsException.class, () -> SafeTensors.read(c.bytes()));
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        long budget = 64 * 1024 + 48L * c.bytes().length;
        assertTrue(allocated < budget, c.name() + ": allocated " + allocated + " bytes for a " + c.bytes().length
                + "-byte input (budget " + budget + ")");
    }

    @Test
    void deeplyNestedJsonDoesNotOverflowTheStack() {
        int depth = 1_000_000;
        List<String[]> cases = List.of(
                new String[] {"{\"w\":" + "[".repeat(depth) + "}", "the entry must be an object"},
                new String[] {"{\"w\":{\"dtype\":\"F32\",\"shape\":" + "[".repeat(depth) + "}", "an element of \"shape\""},
                new String[] {"{\"__metadata__\":{\"k\":" + "{\"k\":".repeat(depth) + "}", "must be a string"},
                new String[] {"{\"w\":" + "{\"w\":".repeat(depth) + "}", "unknown key \"w\""},
                new String[] {"{" + "\"w\":".repeat(depth) + "}", "the entry must be an object with \"dtype\", \"shape\" and \"data_offsets\", found a string"});
        for (String[] c : cases) {
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(Corpus.file(c[0], 0)));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void aChannelThatShrinksWhileBeingReadIsReported() throws IOException {
        byte[] bytes = SafeTensors.toBytes(WriterFixtures.mixed(), null);
        Path file = dir.resolve("shrinks.safetensors");
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        try (SeekableByteChannel real = Files.newByteChannel(file)) {
            SeekableByteChannel lying = new DelegatingChannel(real) {
                @Override
                public long size() {
                    return bytes.length; // as the file was when reading began
                }
            };
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(lying));
            assertTrue(e.getMessage().contains("changed while being read"), e.getMessage());
        }
    }

    @Test
    void aMissingFileIsThePlainIoExceptionOfTheFileSystem() {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(dir.resolve("absent.safetensors")));
        assertTrue(!(e instanceof SafeTensorsException), e.toString());
    }

    @Test
    void longNamesAreShortenedInMessagesButKeptInTensorName() {
        String name = "n".repeat(1000);
        byte[] bytes = Corpus.file("{" + Corpus.entry(name, "I64", "[1]", 0, 8) + "}", 8);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(bytes));
        assertEquals(name, e.tensorName());
        assertTrue(e.getMessage().contains("\"" + "n".repeat(120) + "\"... (1000 characters)"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    /** A channel forwarding to another. */
    private static class DelegatingChannel implements SeekableByteChannel {
        private final SeekableByteChannel d;

        DelegatingChannel(SeekableByteChannel d) {
            this.d = d;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return d.write(src);
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public SeekableByteChannel position(long p) throws IOException {
            d.position(p);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            d.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return d.isOpen();
        }

        @Override
        public void close() throws IOException {
            d.close();
        }
    }
}
