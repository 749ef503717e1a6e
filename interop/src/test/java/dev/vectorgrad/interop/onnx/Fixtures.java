package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.safetensors.SafeTensors;
import dev.vectorgrad.interop.onnx.OnnxIr.ValueInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The fixtures written by {@code src/test/python/onnx_fixtures.py}: each {@code NAME.onnx} beside
 * {@code NAME.safetensors}, which holds the inputs ({@code in.<graph input>}) and the expected outputs
 * ({@code out.<graph output>}: PyTorch 1.13's for {@code torch_*}, the script's float64 NumPy reference of ONNX's
 * equations for {@code built_*}).
 */
final class Fixtures {

    /**
     * Tolerance against the expected outputs: |actual - expected| <= TOL * (1 + |expected|). The expected values
     * are float64 (NumPy) or float32 (PyTorch) computations of the same equations on the same float32 weights; the
     * importer computes in float32 with dot products of at most 16 terms, up to 3 stacked layers and 5 steps, and
     * the kernels' tanh/sigmoid (within a few ulps). Float32's epsilon is 1.2e-7, so 1e-5 leaves room for about 80
     * ulps of accumulated rounding on values of order 1, while a wrong gate order, bias or reset placement moves
     * outputs by 1e-2 or more.
     */
    static final double TOL = 1e-5;

    private Fixtures() {
    }

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/onnx").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static List<String> names() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
                    .map(n -> n.substring(0, n.length() - ".onnx".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tensors of a fixture's safetensors file whose names start with {@code prefix}, prefix removed. */
    static Map<String, Tensor> tensors(String name, String prefix) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        SafeTensors.read(file(name + ".safetensors")).tensors().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** The fixture's inputs, converted to each graph input's declared element type. */
    static Map<String, OnnxTensor> inputs(OnnxModel model, String name) throws IOException {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        Map<String, ValueInfo> declared = new LinkedHashMap<>();
        model.ir().graph().inputs().forEach(v -> declared.put(v.name(), v));
        for (Map.Entry<String, Tensor> e : tensors(name, "in.").entrySet()) {
            feeds.put(e.getKey(), convert(e.getValue(), declared.get(e.getKey()).elemType()));
        }
        return feeds;
    }

    static OnnxTensor convert(Tensor t, int elemType) {
        double[] v = t.toDoubleArray();
        return switch (elemType) {
            case 1 -> OnnxTensor.ofFloats(t.toFloatArray(), t.shape());
            case 6 -> {
                int[] ints = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    ints[i] = (int) v[i];
                }
                yield OnnxTensor.ofInts(ints, t.shape());
            }
            case 7 -> {
                long[] longs = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    longs[i] = (long) v[i];
                }
                yield OnnxTensor.ofLongs(longs, t.shape());
            }
            default -> throw new IllegalArgumentException("fixture input of element type " + elemType);
        };
    }

    /** Asserts shape and every element within {@code tol * (1 + |expected|)}; returns the largest error. */
    static double assertClose(String what, Tensor expected, OnnxTensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            double a = actual.getDouble(i);
            double err = Math.abs(a - e[i]);
            worst = Math.max(worst, err / (1 + Math.abs(e[i])));
            int at = i;
            assertTrue(err <= tol * (1 + Math.abs(e[i])), () -> what + "[" + at + "]: expected " + e[at] + ", got "
                    + a);
        }
        return worst;
    }

    static void assertSameKeys(Map<String, ?> expected, Map<String, ?> actual) {
        assertEquals(expected.keySet(), actual.keySet());
    }
}
