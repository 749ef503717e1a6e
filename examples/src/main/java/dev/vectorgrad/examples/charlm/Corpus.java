package dev.vectorgrad.examples.charlm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training text as a sequence of character ids, and the vocabulary that maps ids to characters
 * (Unicode code points, so any UTF-8 text works).
 *
 * <p>The default corpus is text this project wrote itself, so the demo needs no download: the
 * README and the Java sources of the three library modules, found by walking up from the working
 * directory to the repository root.
 */
public final class Corpus {

    /** The library modules whose sources make the default corpus. */
    static final List<String> SOURCE_MODULES = List.of("simd-kernels", "autograd", "cells");

    private final String description;
    private final int[] ids;
    private final Vocabulary vocabulary;

    private Corpus(String description, String text) {
        this.description = description;
        int[] codePoints = text.codePoints().toArray();
        this.vocabulary = Vocabulary.of(codePoints);
        this.ids = vocabulary.encode(codePoints);
    }

    /** A corpus from text in memory. */
    public static Corpus of(String description, String text) {
        if (text.codePointCount(0, text.length()) < 2) {
            throw new IllegalArgumentException("corpus '" + description + "' has fewer than 2 characters");
        }
        return new Corpus(description, text);
    }

    /** A UTF-8 text file; malformed UTF-8 is an error that names the file. */
    public static Corpus read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return of(file.toString(), text);
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not valid UTF-8 text (" + e + ")", e);
        }
    }

    /**
     * The project's own README and library sources, sorted by path so the corpus is the same on
     * every machine for a given commit.
     *
     * @throws IOException if no repository root is found above {@code start}
     */
    public static Corpus projectSources(Path start) throws IOException {
        Path root = findRepositoryRoot(start);
        StringBuilder text = new StringBuilder(Files.readString(root.resolve("README.md")));
        int files = 1;
        for (String module : SOURCE_MODULES) {
            try (Stream<Path> paths = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path p : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    text.append('\n').append(Files.readString(p));
                    files++;
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return of("the project's README and " + (files - 1) + " library source files under " + root, text.toString());
    }

    /** The nearest directory at or above {@code start} that holds README.md and the library modules. */
    static Path findRepositoryRoot(Path start) throws IOException {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isRepositoryRoot(dir)) {
                return dir;
            }
        }
        throw new IOException("no vectorgrad checkout found at or above " + start.toAbsolutePath()
                + " (looked for README.md and " + SOURCE_MODULES + "); run from inside the repository or pass --text FILE");
    }

    private static boolean isRepositoryRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("README.md"))
                && SOURCE_MODULES.stream().allMatch(m -> Files.isDirectory(dir.resolve(m).resolve("src/main/java")));
    }

    /** Where the text came from. */
    public String description() {
        return description;
    }

    /** The text as character ids. */
    public int[] ids() {
        return ids;
    }

    /** The characters this text uses. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }
}
