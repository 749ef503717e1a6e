package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.kernels.Kernels;
import org.junit.jupiter.api.Test;

/** Runs under Failsafe with the README's argLine, on the packaged jar. */
class RegressorIT {

    @Test
    void failsafeRunsTheVectorKernels() {
        assertEquals("vector", Kernels.provider().name(), "Failsafe's argLine lacks --add-modules=jdk.incubator.vector");
    }

    @Test
    void stepInferenceMatchesTheSequence() {
        // float32, the same equations through GEMV steps instead of the sequence GEMMs: rounding only.
        double difference = new Regressor().stepInferenceDifference();
        assertTrue(difference < 1e-5, "difference " + difference);
    }
}
