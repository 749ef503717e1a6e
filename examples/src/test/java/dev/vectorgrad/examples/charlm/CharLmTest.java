package dev.vectorgrad.examples.charlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharLmTest {

    @TempDir
    Path dir;

    @Test
    void trainsSavesAndGeneratesFromAnyText() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "The quick brown fox jumps over the lazy dog. Größe: 3 €. ".repeat(60));
        Path out = dir.resolve("out");
        CharLm.main(new String[] {"--text", text.toString(), "--steps", "6", "--batch", "4", "--seq", "16",
            "--hidden", "16", "--embedding", "8", "--eval-every", "3", "--length", "20", "--out", out.toString()});
        assertTrue(Files.size(out.resolve("charlm.safetensors")) > 0);
        assertTrue(Files.readString(out.resolve("loss.svg")).startsWith("<svg"));
        CharLm.main(new String[] {"--generate", out.resolve("charlm.safetensors").toString(), "--length", "10"});
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
}
