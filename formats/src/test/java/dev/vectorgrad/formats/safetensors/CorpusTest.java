package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus in {@code src/test/resources/dev/vectorgrad/formats/safetensors/SafeTensorsFuzzTestInputs/read/}
 * (where Jazzer finds the inputs of {@link SafeTensorsFuzzTest#read}): {@code valid/} files read,
 * {@code invalid/} files are rejected with a {@link SafeTensorsException}, and both equal what
 * {@link Corpus} builds. To regenerate after changing {@link Corpus}:
 * {@code mvn -B -o -pl formats -am test -Dtest=CorpusTest -Dsurefire.failIfNoSpecifiedTests=false -Dvectorgrad.regenerateCorpus=true}.
 */
class CorpusTest {

    /** Where regeneration writes: the source tree, relative to the formats module. */
    static final Path SOURCE_ROOT = Path.of("src", "test", "resources", "dev", "vectorgrad", "formats", "safetensors",
            "SafeTensorsFuzzTestInputs", "read");
    static final String SUFFIX = ".safetensors";

    @BeforeAll
    static void regenerateWhenAsked() throws IOException {
        if (!Boolean.getBoolean("vectorgrad.regenerateCorpus")) {
            return;
        }
        write("valid", Corpus.valid());
        write("invalid", Corpus.invalid());
    }

    private static void write(String kind, List<Corpus.Case> cases) throws IOException {
        Path dir = SOURCE_ROOT.resolve(kind);
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.filter(p -> p.toString().endsWith(SUFFIX)).toList()) {
                Files.delete(p);
            }
        }
        for (Corpus.Case c : cases) {
            if (c.committed()) {
                Files.write(dir.resolve(c.name() + SUFFIX), c.bytes());
            }
        }
    }

    /**
     * The committed files of one kind, found on the test class path (so the test runs from any working
     * directory, as under the mutation run, which starts in another module).
     */
    static Path committedDir(String kind) {
        URL url = CorpusTest.class.getResource("SafeTensorsFuzzTestInputs/read/" + kind);
        assertNotNull(url, "test resources SafeTensorsFuzzTestInputs/read/" + kind + " are not on the class path");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a file path", e);
        }
    }

    private static Map<String, byte[]> committed(String kind) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(committedDir(kind))) {
            for (Path p : list.filter(p -> p.toString().endsWith(SUFFIX)).toList()) {
                String name = p.getFileName().toString();
                files.put(name.substring(0, name.length() - SUFFIX.length()), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertMatches(String kind, List<Corpus.Case> cases) throws IOException {
        Map<String, byte[]> files = committed(kind);
        TreeSet<String> expected = new TreeSet<>();
        for (Corpus.Case c : cases) {
            if (c.committed()) {
                expected.add(c.name());
                assertArrayEquals(c.bytes(), files.get(c.name()), kind + "/" + c.name() + SUFFIX
                        + " differs from Corpus (regenerate: see CorpusTest)");
            }
        }
        assertEquals(expected, files.keySet(), kind + ": committed files differ from Corpus (regenerate: see CorpusTest)");
    }

    @Test
    void committedFilesEqualTheGeneratedOnes() throws IOException {
        assertMatches("valid", Corpus.valid());
        assertMatches("invalid", Corpus.invalid());
    }

    @Test
    void validFilesReadAndInvalidFilesAreRejected() throws IOException {
        try (Stream<Path> list = Files.list(committedDir("valid"))) {
            for (Path p : list.filter(p -> p.toString().endsWith(SUFFIX)).toList()) {
                assertNotNull(SafeTensors.read(p), p.toString());
            }
        }
        try (Stream<Path> list = Files.list(committedDir("invalid"))) {
            List<Path> invalid = list.filter(p -> p.toString().endsWith(SUFFIX)).toList();
            assertTrue(invalid.size() > 50, "invalid corpus has " + invalid.size() + " files");
            for (Path p : invalid) {
                SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(p), p.toString());
                assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
            }
        }
    }
}
