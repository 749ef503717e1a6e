package dev.vectorgrad.examples.charlm;

import dev.vectorgrad.examples.common.Execution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CharLmTest {

    @TempDir
    Path dir;

    @Test
    void trainsSavesAndGeneratesFromAnyText() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "The quick brown fox jumps over the lazy dog. Größe: 3 €. ".repeat(60));
        Path out = dir.resolve("out");
        assertEquals(0, CommandLine.populateCommand(new CharLm(), "--text", text.toString(), "--steps", "6",
                "--batch", "4", "--seq", "16", "--hidden", "16", "--embedding", "8", "--eval-every", "3",
                "--length", "20", "--out", out.toString()).call());
        assertTrue(Files.size(out.resolve("charlm.safetensors")) > 0);
        assertTrue(Files.readString(out.resolve("loss.svg")).startsWith("<svg"));
        Path model = out.resolve("charlm.safetensors");
        assertEquals(0, CommandLine.populateCommand(new CharLm(), "--generate", model.toString(), "--length", "10").call());
    }

    @Test
    void aReloadedModelGeneratesTheSameText() throws Exception {
        Corpus corpus = Corpus.of("test", "abcabcabd, ünïcode 𝄞");
        CharModel model = new CharModel(corpus.vocabulary(), 4, 8, 2, 3);
        Path file = dir.resolve("m.safetensors");
        model.save(file);
        CharModel loaded = CharModel.restore(file);
        assertEquals(corpus.vocabulary().asString(), loaded.vocabulary().asString());
        assertEquals(model.generate("ab", 30, 1.0, new SplittableRandom(5)),
                loaded.generate("ab", 30, 1.0, new SplittableRandom(5)));
    }

    @Test
    void theDefaultCorpusIsTheProjectsOwnText() throws Exception {
        Corpus corpus = Corpus.projectSources(Path.of(""));
        assertTrue(corpus.ids().length > 100_000, corpus.description());
        assertTrue(corpus.description().contains("library source files"), corpus.description());
    }

    @Test
    void holdsOutEveryTenthBlock() {
        int[] ids = new int[95];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        int[][] split = CharLm.holdOut(ids, 10, 5);
        assertEquals(90, split[0].length);
        assertEquals(5, split[1].length);
        assertEquals(45, split[1][0]);     // block 9 (of 0..18) is the one held out
        assertEquals(50, split[0][45]);    // and training goes on with block 10
    }


    @Test
    void helpPrintsTheOptionsWithTheirDefaults() {
        Execution help = Execution.of(new CharLm(), "--help");
        assertEquals(0, help.code());
        for (String expected : new String[] {"Usage: CharLm", "--text=FILE", "training steps [1000]",
            "parallel text streams per step [32]", "(the BPTT length) [64]", "embedding size [32]",
            "LSTM hidden size [256]", "LSTM layers [1]", "[0.004]", "every N steps [250]", "wilder [0.7]",
            "characters per sample [240]", "--prompt=TEXT", "--seed", "[target/charlm]", "--generate=MODEL"}) {
            assertTrue(help.out().contains(expected), expected + " in " + help.out());
        }
    }

    @Test
    void usageErrorsEndWithStatus2AndTheMessage() throws Exception {
        Execution unknown = Execution.of(new CharLm(), "--step", "5");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("Unknown options: '--step', '5'"), unknown.err());
        assertTrue(unknown.err().contains("Possible solutions: --steps"), "a near miss gets a suggestion: " + unknown.err());
        Path text = dir.resolve("short.txt");
        Files.writeString(text, "too short to learn");
        String[][] cases = {
            {"--temperature", "0", "Invalid value for option '--temperature': expected a number above 0, got 0.0"},
            {"--length", "-1", "Invalid value for option '--length': expected at least 0, got -1"},
            {"--layers", "0", "Invalid value for option '--layers': expected at least 1, got 0"},
            {"--text", text.toString(), "the text has 18 characters: too short for 32 streams of 64"},
        };
        for (String[] c : cases) {
            Execution e = Execution.of(new CharLm(), c[0], c[1]);
            assertEquals(2, e.code(), c[0] + " " + c[1]);
            assertTrue(e.err().startsWith(c[2]), e.err());
        }
    }
}
