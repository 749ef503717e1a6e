package dev.vectorgrad.formats.safetensors;

import dev.vectorgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tensors and metadata with every case the writer must handle: both dtypes, ranks 0 to 3, empty tensors, special values, odd names. */
final class WriterFixtures {

    private WriterFixtures() {
    }

    static Map<String, Tensor> mixed() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("lstm.weight_ih_l0", Tensor.of(new float[] {1.5f, -0.0f, Float.NaN, Float.intBitsToFloat(0x7fa00001),
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MAX_VALUE, 0x1p-126f, 3, 4, 5}, 4, 3));
        m.put("lstm.bias_ih_l0", Tensor.of(new float[] {0.25f, -8}, 2));
        m.put("double.vec", Tensor.of(new double[] {Math.PI, -0.0, Double.NaN, Double.MIN_VALUE, Double.MAX_VALUE,
                Double.longBitsToDouble(0x7ff0000000000abcL)}, 6));
        m.put("scalar32", Tensor.scalar(dev.vectorgrad.autograd.DType.F32, 2.5));
        m.put("scalar64", Tensor.scalar(dev.vectorgrad.autograd.DType.F64, -1e300));
        m.put("empty32", Tensor.of(new float[0], 0));
        m.put("empty64", Tensor.of(new double[0], 2, 0, 3));
        m.put("cube", Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2));
        m.put("caf\u00e9 \"q\" \\ \u0001\n\ud83d\ude00", Tensor.of(new float[] {7}, 1));
        m.put("", Tensor.of(new float[] {8}, 1));
        return m;
    }

    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("note", "tab\there \u00e9 \"quoted\" \u001f");
        m.put("", "");
        return m;
    }
}
