package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.formats.safetensors.SafeTensorsException;
import dev.vectorgrad.formats.safetensors.SafeTensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Module#save} and {@link Module#load}: the whole tree by dotted names, with metadata, strictly. */
class ModuleFileTest {

    /** A model with metadata of its own, as a loader that rebuilds it needs. */
    static final class Sized extends Module {
        final Linear first = registerModule("first", new Linear(3, 4, LinearOptions.defaults().withSeed(1)));
        final Linear second = registerModule("second", new Linear(4, 2, LinearOptions.defaults().withSeed(2)));

        @Override
        protected Map<String, String> metadata() {
            return Map.of("hidden", "4");
        }
    }

    @Test
    void saveWritesTheStateDictByDottedNamesAndLoadRestoresEveryValue(@TempDir Path dir) throws Exception {
        ModuleTest.Tagger a = new ModuleTest.Tagger();
        a.scale.set(0, 0.5);
        Path file = dir.resolve("tagger.safetensors");
        a.save(file);
        SafeTensorsFile raw = SafeTensors.read(file);
        assertEquals(new TreeSet<>(a.stateDict().keySet()), new TreeSet<>(raw.tensors().keySet()));
        assertEquals(Map.of("vectorgrad.module", ModuleTest.Tagger.class.getName()), raw.metadata());

        ModuleTest.Tagger b = new ModuleTest.Tagger();
        assertEquals(raw.metadata(), b.load(file));
        for (String name : a.stateDict().keySet()) {
            assertArrayEquals(a.stateDict().get(name).toDoubleArray(), b.stateDict().get(name).toDoubleArray(), name);
        }
    }

    @Test
    void aModelSavesItsOwnMetadata(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sized.safetensors");
        new Sized().save(file);
        assertEquals(Map.of("hidden", "4"), new Sized().load(file));
    }

    @Test
    void loadIsStrictAndWritesNothingOnAMismatch(@TempDir Path dir) throws Exception {
        Map<String, Tensor> other = new LinkedHashMap<>(new Sized().stateDict());
        other.put("second.bias", Tensor.zeros(DType.F32, 3));
        other.put("third.weight", Tensor.zeros(DType.F32, 1));
        Path file = dir.resolve("other.safetensors");
        SafeTensors.write(file, other);
        Sized target = new Sized();
        double[] before = target.first.weight().toDoubleArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.load(file));
        assertTrue(e.getMessage().contains("\"second.bias\" has shape [3], expected [2]")
                && e.getMessage().contains("unexpected \"third.weight\""), e.getMessage());
        assertArrayEquals(before, target.first.weight().toDoubleArray());
    }

    @Test
    void aFileThatIsNotSafetensorsFailsWithTheFormatsException(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("junk.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertThrows(SafeTensorsException.class, () -> new Sized().load(file));
    }
}
