package dev.vectorgrad.cells;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.nn.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {

    @Test
    void saveAndLoadRoundTripByPyTorchNames(@TempDir Path dir) throws Exception {
        RecurrentOptions o = RecurrentOptions.defaults().withLayers(2).withBidirectional(true);
        Lstm a = new Lstm(3, 4, o.withSeed(1));
        Lstm b = new Lstm(3, 4, o.withSeed(2));
        Path file = dir.resolve("lstm.safetensors");
        a.save(file);
        assertTrue(Files.size(file) > 0);
        b.load(file);
        for (String name : a.namedParameters().keySet()) {
            assertArrayEquals(a.namedParameters().get(name).dataF32(), b.namedParameters().get(name).dataF32(), name);
        }
    }

    @Test
    void loadWithAPrefixConvertsDtypesAndIgnoresOtherModules() {
        Lstm f64 = new Lstm(3, 4, RecurrentOptions.defaults().withDType(DType.F64).withSeed(1));
        Lstm f32 = new Lstm(3, 4, RecurrentOptions.defaults());
        Map<String, Tensor> file = new HashMap<>(StateDict.of(f64, "encoder.rnn."));
        file.put("decoder.weight", Tensor.zeros(DType.F32, 2, 2));
        StateDict.load(f32, file, "encoder.rnn.");
        Tensor w = f64.namedParameters().get("weight_hh_l0");
        assertArrayEquals(w.toFloatArray(), f32.namedParameters().get("weight_hh_l0").dataF32());
    }

    @Test
    void mismatchesAreAllNamedAndNothingIsWritten() {
        Lstm target = new Lstm(3, 4, RecurrentOptions.defaults());
        float[] before = target.namedParameters().get("bias_ih_l0").dataF32().clone();
        Map<String, Tensor> file = new HashMap<>(StateDict.of(new Lstm(3, 4, RecurrentOptions.defaults().withSeed(9)), ""));
        file.remove("weight_hh_l0");
        file.put("bias_hh_l0", Tensor.zeros(DType.F32, 12));
        file.put("weight_ih_l1", Tensor.zeros(DType.F32, 16, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateDict.load(target, file, ""));
        String m = e.getMessage();
        assertTrue(m.contains("missing \"weight_hh_l0\" [16, 4]"), m);
        assertTrue(m.contains("\"bias_hh_l0\" has shape [12], expected [16]"), m);
        assertTrue(m.contains("unexpected \"weight_ih_l1\""), m);
        assertArrayEquals(before, target.namedParameters().get("bias_ih_l0").dataF32());
    }
}
