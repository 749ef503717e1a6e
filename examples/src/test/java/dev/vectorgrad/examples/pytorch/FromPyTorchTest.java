package dev.vectorgrad.examples.pytorch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FromPyTorchTest {

    @Test
    void theShippedPyTorchModelGivesPyTorchsOutputs() throws Exception {
        assertTrue(FromPyTorch.run(new String[0]));
    }
}
