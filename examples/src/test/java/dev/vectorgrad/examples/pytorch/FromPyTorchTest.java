package dev.vectorgrad.examples.pytorch;

import dev.vectorgrad.examples.common.Execution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FromPyTorchTest {

    @Test
    void theShippedPyTorchModelGivesPyTorchsOutputs() throws Exception {
        assertTrue(CommandLine.populateCommand(new FromPyTorch()).run());
    }


    @Test
    void aToleranceBelowTheDifferencesEndsWithStatus1() {
        // the float32 differences are about 5e-7, not 0: with a tolerance of 0 the program reports a mismatch
        assertEquals(1, Execution.of(new FromPyTorch(), "--tolerance", "0").code());
    }

    @Test
    void helpAndUsageErrors() {
        Execution help = Execution.of(new FromPyTorch(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--model=FILE") && help.out().contains("equal [1e-5]"), help.out());
        Execution unknown = Execution.of(new FromPyTorch(), "--modle", "x");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("Unknown options: '--modle', 'x'"), unknown.err());
        assertTrue(unknown.err().contains("Possible solutions: --model"), "a near miss gets a suggestion: " + unknown.err());
        Execution negative = Execution.of(new FromPyTorch(), "--tolerance", "-1e-5");
        assertEquals(2, negative.code());
        assertTrue(negative.err().startsWith(
                "Invalid value for option '--tolerance': expected a number of at least 0, got -1.0E-5"), negative.err());
    }
}
