package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.kernels.Kernels;
import org.junit.jupiter.api.Test;

/** Runs under Surefire with the README's argLine: the vector kernels must be active, and the model must learn. */
class RegressorTest {

    @Test
    void surefireRunsTheVectorKernels() {
        assertEquals("vector", Kernels.provider().name(), "Surefire's argLine lacks --add-modules=jdk.incubator.vector");
    }

    @Test
    void surefirePutsTheModuleOnTheModulePath() {
        // Surefire's default with a module-info.java: the tests run inside the named module.
        assertEquals("com.example.consumer", Regressor.class.getModule().getName());
    }

    @Test
    void trainingReducesTheLoss() {
        double[] loss = new Regressor().train(40);
        // As in Main: a third of the first loss is a loose bound a model that does not learn cannot meet.
        assertTrue(loss[1] < loss[0] / 3, loss[0] + " -> " + loss[1]);
    }
}
