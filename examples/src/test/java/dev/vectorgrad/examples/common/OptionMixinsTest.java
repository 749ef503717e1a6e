package dev.vectorgrad.examples.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The shared options: each mixin's options, defaults and range checks, on a small command that uses them all. */
class OptionMixinsTest {

    @Command(name = "demo")
    static final class Demo implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Mixin
        FitLoop fit = new FitLoop(7);

        @Mixin
        SeedOption seeding;

        @Spec
        CommandSpec spec;

        @Option(names = "--rate", defaultValue = "0.5")
        double rate;

        @Option(names = "--noise", defaultValue = "0")
        double noise;

        @Option(names = "--steps", defaultValue = "1")
        int steps;

        @Override
        public Integer call() {
            fit.epochs();
            fit.batch();
            fit.verbose();
            OptionCheck.positive(spec, "--rate", rate);
            OptionCheck.nonNegative(spec, "--noise", noise);
            OptionCheck.atLeast(spec, "--steps", steps, 1);
            return 0;
        }
    }

    @Test
    void defaultsAreEachProgramsAndShownInTheUsage() {
        Demo demo = CommandLine.populateCommand(new Demo());
        assertEquals(7, demo.fit.epochs(), "the epochs the program passed");
        assertEquals(32, demo.fit.batch());
        assertEquals(1, demo.fit.verbose());
        assertEquals(1, demo.seeding.value());
        Execution help = Execution.of(new Demo(), "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("passes over the training data [7]"), help.out());
        assertTrue(help.out().contains("training samples per step [32]"), help.out());
        assertTrue(help.out().contains("--seed") && help.out().contains("sampling [1]"), help.out());
        assertTrue(help.out().contains("-h, --help"), help.out());
        assertEquals("", help.err());
    }

    @Test
    void givenValuesReplaceTheDefaults() {
        Demo demo = CommandLine.populateCommand(new Demo(), "--epochs", "3", "--batch=5", "--verbose", "0",
                "--seed", "-9");
        assertEquals(3, demo.fit.epochs());
        assertEquals(5, demo.fit.batch());
        assertEquals(0, demo.fit.verbose());
        assertEquals(-9, demo.seeding.value());
    }

    @Test
    void outOfRangeValuesAreUsageErrorsNamingTheOptionTheExpectedAndTheActualValue() {
        String[][] cases = {
            {"--epochs", "0", "Invalid value for option '--epochs': expected at least 1, got 0"},
            {"--batch", "-2", "Invalid value for option '--batch': expected at least 1, got -2"},
            {"--verbose", "3", "Invalid value for option '--verbose': expected 0, 1 or 2, got 3"},
            {"--rate", "0", "Invalid value for option '--rate': expected a number above 0, got 0.0"},
            {"--rate", "NaN", "Invalid value for option '--rate': expected a number above 0, got NaN"},
            {"--noise", "-0.1", "Invalid value for option '--noise': expected a number of at least 0, got -0.1"},
            {"--noise", "Infinity", "Invalid value for option '--noise': expected a number of at least 0, got Infinity"},
            {"--steps", "0", "Invalid value for option '--steps': expected at least 1, got 0"},
        };
        for (String[] c : cases) {
            Execution e = Execution.of(new Demo(), c[0], c[1]);
            assertEquals(2, e.code(), String.join(" ", c));
            assertTrue(e.err().startsWith(c[2]), e.err());
            assertTrue(e.err().contains("Usage: demo"), "the usage follows the error: " + e.err());
        }
        assertEquals(0, Execution.of(new Demo(), "--steps", "1", "--noise", "0", "--rate", "1e-9").code(),
                "the bounds themselves are accepted");
    }
}
