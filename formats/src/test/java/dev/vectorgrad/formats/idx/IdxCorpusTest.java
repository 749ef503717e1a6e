package dev.vectorgrad.formats.idx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fuzz test's seed corpus ({@code IdxFuzzTestInputs/read/}, written by {@code make-corpus.py} beside it)
 * is what its folders say: every file under {@code valid/} is read with {@link IdxFuzzTest#LIMITS}, every
 * file under {@code invalid/} is rejected with an {@link IdxException}, and the folders hold the files
 * the script writes.
 */
class IdxCorpusTest {

    private static List<Path> files(String kind) throws IOException, URISyntaxException {
        URL url = IdxCorpusTest.class.getResource("IdxFuzzTestInputs/read/" + kind);
        assertNotNull(url, "test resources IdxFuzzTestInputs/read/" + kind + " are not on the class path");
        try (Stream<Path> list = Files.list(Path.of(url.toURI()))) {
            return list.sorted().toList();
        }
    }

    @Test
    void validInputsAreRead() throws IOException, URISyntaxException {
        List<Path> valid = files("valid");
        assertEquals(13, valid.size(), valid::toString);
        for (Path p : valid) {
            Idx.read(p, IdxFuzzTest.LIMITS);
        }
    }

    @Test
    void invalidInputsAreRejected() throws IOException, URISyntaxException {
        List<Path> invalid = files("invalid");
        assertEquals(26, invalid.size(), invalid::toString);
        for (Path p : invalid) {
            assertThrows(IdxException.class, () -> Idx.read(p, IdxFuzzTest.LIMITS), p::toString);
        }
    }
}
