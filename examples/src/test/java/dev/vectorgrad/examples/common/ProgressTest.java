package dev.vectorgrad.examples.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void plainLinesWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 3, "tokens");
        p.update(1, 10, "loss 2.000");
        p.message("a sample");
        p.update(3, 30, "loss 1.000");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), out);
        assertTrue(out.contains("a sample\n"), out);
        assertTrue(out.matches("(?s).*step 3/3 \\| loss 1.000 \\| .* tokens/s \\| took 0:00\n"), out);
    }

    @Test
    void oneRedrawnLineInATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 2, "tokens");
        p.update(1, 10, "loss 2.000");
        p.message("a sample");
        p.update(2, 20, "loss 1.000");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\rstep 1/2 | loss 2.000"), out);
        assertTrue(out.contains("a sample\n\rstep 1/2"), out);  // the message, then the progress line again
        assertTrue(out.endsWith("\n"), out);
    }

    @Test
    void formatsRatesAndDurations() {
        assertEquals("41.2k", Progress.compact(41_234.5));
        assertEquals("1.50M", Progress.compact(1_500_000));
        assertEquals("12.0", Progress.compact(12));
        assertEquals("1:05", Progress.clock(65));
        assertEquals("1:01:01", Progress.clock(3661));
    }
}
