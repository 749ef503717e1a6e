package dev.vectorgrad.examples.charlm;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --text} option both character models share, a picocli {@code @Mixin}: the text to learn, by default
 * this project's README and library sources.
 */
final class TextOption {

    @Option(names = "--text", paramLabel = "FILE",
            description = "a UTF-8 text file to learn [the project's README and library sources]")
    Path text;

    /** Whether {@code --text} was given. */
    boolean given() {
        return text != null;
    }

    /** The text: the file given, or the project's own text found from the working directory. */
    Corpus corpus() throws IOException {
        return text != null ? Corpus.read(text) : Corpus.projectSources(Path.of(""));
    }
}
