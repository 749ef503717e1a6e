package dev.vectorgrad.examples.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.examples.common.Execution;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FromKerasTest {

    private static final Pattern MAX_DIFF = Pattern.compile("over all 12 elements: (\\S+) ");

    @Test
    void theShippedKerasFileGivesTheReferencesPredictions() {
        Run run = run();
        assertEquals(0, run.code(), run.printed());
        assertTrue(run.printed().startsWith("loaded resource /dev/vectorgrad/examples/keras/bidirectional.keras\n"),
                run.printed());
        assertShippedModel(run.printed());
        assertTrue(run.printed().endsWith("MATCH: every difference is within the tolerance 1e-05\n"), run.printed());
    }

    @Test
    void theShippedH5CopyGivesTheSamePredictions() {
        Run run = run("--h5");
        assertEquals(0, run.code(), run.printed());
        assertTrue(run.printed().startsWith("loaded resource /dev/vectorgrad/examples/keras/bidirectional.h5\n"),
                run.printed());
        assertShippedModel(run.printed());
    }

    /** The summary of the file's layers, the statement of what the reference is, and a float32-sized difference. */
    private static void assertShippedModel(String printed) {
        assertTrue(printed.contains("│ bidirectional (Bidirectional)        │ (None, 5, 8)"), printed);
        assertTrue(printed.contains("│ bidirectional_1 (Bidirectional)      │ (None, 3)"), printed);
        assertTrue(printed.contains("│ dense (Dense)                        │ (None, 2)"), printed);
        assertTrue(printed.contains(" Total params: 498 (1.95 KB)"), printed);
        assertTrue(printed.contains("reference: the project's own float64 NumPy implementation of Keras's equations")
                && printed.contains("not Keras, which cannot be installed here"), printed);
        assertTrue(printed.contains("input [6, 5, 3], output [6, 2]; the first 4 samples:"), printed);
        assertTrue(printed.contains("  ... (2 more samples)"), printed);
        // float32 rounding gives some 1e-8 here; a mapping error gives 1.9e-5 (one weight off by 0.01) or more
        double maxDiff = maxDiff(printed);
        assertTrue(maxDiff <= 1e-6, "max difference " + maxDiff);
    }

    @Test
    void aToleranceBelowTheDifferencesEndsWithStatus1() {
        // float32 against a float64 reference: the differences are about 1e-8, not 0
        Run run = run("--tolerance", "0");
        assertEquals(1, run.code(), run.printed());
        assertTrue(run.printed().endsWith("MISMATCH: every difference is NOT within the tolerance 0e+00\n"),
                run.printed());
    }

    @Test
    void aModelFileWithItsReferenceBesideItLoadsAndAWrongReferenceIsCaught(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("bi.tf.keras");
        Files.write(model, resource("bidirectional.keras"));
        String json = new String(resource("bidirectional.json"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bi.json"), json);
        Run good = run("--model", model.toString());
        assertEquals(0, good.code(), good.printed());
        assertTrue(good.printed().startsWith("loaded " + model.toAbsolutePath() + "\n"), good.printed());
        assertTrue(maxDiff(good.printed()) <= 1e-6, good.printed());

        // the first expected output moved by 2e-5, just beyond the tolerance: the comparison must see it
        Matcher first = Pattern.compile("\"output\": \\{\"shape\": \\[6, 2\\], \"data\": \\[([^,]+),").matcher(json);
        assertTrue(first.find(), json);
        String moved = Double.toString(Double.parseDouble(first.group(1)) + 2e-5);
        Files.writeString(dir.resolve("bi.json"),
                json.substring(0, first.start(1)) + moved + json.substring(first.end(1)));
        Run bad = run("--model", model.toString());
        assertEquals(1, bad.code(), bad.printed());
        assertTrue(maxDiff(bad.printed()) >= 1.9e-5, bad.printed());
        assertTrue(bad.printed().contains("MISMATCH"), bad.printed());
    }

    @Test
    void withoutAReferenceItPredictsForAZeroInput(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("alone.h5");
        Files.write(model, resource("bidirectional.h5"));
        Run run = run("--model", model.toString());
        assertEquals(0, run.code(), run.printed());
        assertTrue(run.printed().contains("no reference beside it (" + dir.resolve("alone.json") + ")"), run.printed());
        assertTrue(run.printed().contains(" Total params: 498 (1.95 KB)"), run.printed());
        assertTrue(run.printed().contains("predictions for a zero input [1, 5, 3], output [1, 2], nothing to compare"),
                run.printed());
        // the NumPy reference (keras_fixtures.reference) on zeros: [[0.03056334, 0.15458186]]; same float32 margin
        Matcher m = Pattern.compile("\\[0, 0\\] +(\\S+)\n  \\[0, 1\\] +(\\S+)\n").matcher(run.printed());
        assertTrue(m.find(), run.printed());
        assertEquals(0.03056334, Double.parseDouble(m.group(1)), 1e-6, run.printed());
        assertEquals(0.15458186, Double.parseDouble(m.group(2)), 1e-6, run.printed());
    }

    @Test
    void helpAndUsageErrors(@TempDir Path dir) throws IOException {
        Execution help = Execution.of(new FromKeras(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--model=FILE") && help.out().contains("--h5")
                && help.out().contains("equal [1e-5]") && help.out().contains("NumPy"), help.out());
        Execution both = Execution.of(new FromKeras(), "--h5", "--model", "m.keras");
        assertEquals(2, both.code());
        assertTrue(both.err().startsWith("--h5 picks the shipped model's .h5 copy; it cannot go with --model m.keras"),
                both.err());
        Path text = dir.resolve("notes.keras");
        Files.writeString(text, "not a model");
        Execution notKeras = Execution.of(new FromKeras(), "--model", text.toString());
        assertEquals(2, notKeras.code());
        assertTrue(notKeras.err().startsWith("Invalid value for option '--model': Keras file " + text
                + ": neither a .keras zip"), notKeras.err());
        Execution negative = Execution.of(new FromKeras(), "--tolerance", "-1e-5");
        assertEquals(2, negative.code());
        assertTrue(negative.err().startsWith(
                "Invalid value for option '--tolerance': expected a number of at least 0, got -1.0E-5"), negative.err());
    }

    @Test
    void theReferenceIsNamedAfterTheModelUpToItsFirstDot() {
        assertEquals("bidirectional.json", FromKeras.referenceOf("bidirectional.keras"));
        assertEquals("m.json", FromKeras.referenceOf("m.tf213.keras"));
        assertEquals("model.json", FromKeras.referenceOf("model"));
    }

    /** The exit status and what the program printed to standard output. */
    private record Run(int code, String printed) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = Execution.of(new FromKeras(), args).code();
            return new Run(code, bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        } finally {
            System.setOut(saved);
        }
    }

    private static double maxDiff(String printed) {
        Matcher m = MAX_DIFF.matcher(printed);
        assertTrue(m.find(), printed);
        return Double.parseDouble(m.group(1));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FromKeras.class.getResourceAsStream(FromKeras.RESOURCES + name)) {
            return in.readAllBytes();
        }
    }
}
