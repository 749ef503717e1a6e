package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape and arithmetic operators on small cases whose results are worked out by hand from ONNX's operator
 * definitions (Operators.md), each through a one-node model so that attribute handling is exercised too.
 */
class OnnxOpsTest {

    private static OnnxTensor f(float[] v, int... shape) {
        return OnnxTensor.ofFloats(v, shape);
    }

    private static OnnxTensor l(long... v) {
        return OnnxTensor.ofLongs(v, v.length);
    }

    /** Runs one node with inputs a, b, ... given as constants and returns its output. */
    private static OnnxTensor run(String op, List<OnnxTensor> inputs, byte[]... attributes) throws Exception {
        List<String> names = java.util.stream.IntStream.range(0, inputs.size()).mapToObj(i -> "in" + i).toList();
        byte[] node = OnnxBytes.node(op, "n", names, List.of("y"), attributes);
        byte[] graph = OnnxBytes.graph(List.of(node), List.of(), names.stream().map(n -> OnnxBytes.valueInfo(n, 0))
                .toList(), List.of(OnnxBytes.valueInfo("y", 0)));
        OnnxModel model = OnnxModel.of(OnnxReader.read(OnnxBytes.model(17, graph), OnnxLimits.defaults(), null));
        Map<String, OnnxTensor> feeds = new java.util.LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            feeds.put(names.get(i), inputs.get(i));
        }
        return model.run(feeds).get("y");
    }

    private static void assertTensor(float[] expected, int[] shape, OnnxTensor actual) {
        assertArrayEquals(shape, actual.shape());
        assertArrayEquals(expected, actual.floats(), 1e-6f);
    }

    @Test
    void addAndMulBroadcastAsNumpyDoes() throws Exception {
        assertTensor(new float[] {11, 22, 33, 14, 25, 36}, new int[] {2, 3},
                run("Add", List.of(f(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), f(new float[] {10, 20, 30}, 3))));
        assertTensor(new float[] {1, 2, 3, 2, 4, 6}, new int[] {2, 3},
                run("Mul", List.of(f(new float[] {1, 2}, 2, 1), f(new float[] {1, 2, 3}, 1, 3))));
        assertTensor(new float[] {-1, 0}, new int[] {2},
                run("Sub", List.of(f(new float[] {1, 2}, 2), f(new float[] {2}))));
        assertArrayEquals(new long[] {4, 10}, run("Mul", List.of(l(2, 5), OnnxTensor.ofLongs(new long[] {2}))).longs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run("Add", List.of(f(new float[6], 2, 3), f(new float[2], 2))));
        assertTrue(e.getMessage().contains("do not broadcast"), e::getMessage);
    }

    @Test
    void matMulPromotesVectorsAndBroadcastsBatches() throws Exception {
        // [2,1,2] x [2,1]: batch of two row vectors times one column
        assertTensor(new float[] {17, 39}, new int[] {2, 1, 1},
                run("MatMul", List.of(f(new float[] {1, 2, 3, 4}, 2, 1, 2), f(new float[] {5, 6}, 2, 1))));
        // [2,2] x [2,2,1]: one matrix against a batch of columns
        assertTensor(new float[] {1, 3, 2, 4}, new int[] {2, 2, 1},
                run("MatMul", List.of(f(new float[] {1, 2, 3, 4}, 2, 2), f(new float[] {1, 0, 0, 1}, 2, 2, 1))));
        // vector x matrix drops the promoted dimension
        assertTensor(new float[] {4, 6}, new int[] {2},
                run("MatMul", List.of(f(new float[] {1, 1}, 2), f(new float[] {1, 2, 3, 4}, 2, 2))));
    }

    @Test
    void gemmTransposesScalesAndBroadcastsC() throws Exception {
        // A [1,2] = [1,2]; B [3,2] transposed = columns (1,0) (0,1) (1,1); alpha 2; C [3] = 0.5 with beta 1
        OnnxTensor y = run("Gemm", List.of(f(new float[] {1, 2}, 1, 2), f(new float[] {1, 0, 0, 1, 1, 1}, 3, 2),
                f(new float[] {0.5f, 0.5f, 0.5f}, 3)), OnnxBytes.intAttribute("transB", 1),
                OnnxBytes.floatAttribute("alpha", 2f));
        assertTensor(new float[] {2.5f, 4.5f, 6.5f}, new int[] {1, 3}, y);
    }

    @Test
    void gatherTakesNegativeIndicesAlongAnyAxis() throws Exception {
        OnnxTensor data = f(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertTensor(new float[] {3, 1, 6, 4}, new int[] {2, 2},
                run("Gather", List.of(data, l(-1, 0)), OnnxBytes.intAttribute("axis", 1)));
        // an embedding lookup: rows of a table by a [1, 2] index matrix
        assertTensor(new float[] {4, 5, 6, 1, 2, 3}, new int[] {1, 2, 3},
                run("Gather", List.of(data, OnnxTensor.ofLongs(new long[] {1, 0}, 1, 2))));
        assertThrows(IllegalArgumentException.class, () -> run("Gather", List.of(data, l(2))));
    }

    @Test
    void sliceClampsAndStepsBackwards() throws Exception {
        float[] ten = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        // starts -2 -> 8, ends -10 -> 0, step -3: 8, 5, 2
        assertTensor(new float[] {8, 5, 2}, new int[] {3},
                run("Slice", List.of(f(ten, 10), l(-2), l(-10), l(0), l(-3))));
        // an end of INT64_MAX (torch writes it for "to the end") clamps to the size
        assertTensor(new float[] {7, 8, 9}, new int[] {3},
                run("Slice", List.of(f(ten, 10), l(7), l(Long.MAX_VALUE))));
        // axes pick the dimension: rows 1.. of a [2, 5]
        assertTensor(new float[] {5, 6, 7, 8, 9}, new int[] {1, 5},
                run("Slice", List.of(f(ten, 2, 5), l(1), l(2), l(0))));
    }

    @Test
    void shapeOperatorsMoveDimensionsNotData() throws Exception {
        OnnxTensor x = f(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertTensor(new float[] {1, 4, 2, 5, 3, 6}, new int[] {3, 2}, run("Transpose", List.of(x)));
        assertTensor(new float[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3, 1},
                run("Reshape", List.of(f(new float[] {1, 2, 3, 4, 5, 6}, 6), l(2, -1, 1))));
        assertArrayEquals(new int[] {2, 3}, run("Reshape", List.of(x, l(0, -1))).shape());
        assertArrayEquals(new int[] {1, 2, 1, 3}, run("Unsqueeze", List.of(x, l(0, -2))).shape());
        assertArrayEquals(new int[] {3}, run("Squeeze", List.of(f(new float[3], 1, 3, 1))).shape());
        assertArrayEquals(new int[] {3, 1}, run("Squeeze", List.of(f(new float[3], 1, 3, 1), l(0))).shape());
        assertThrows(IllegalArgumentException.class, () -> run("Squeeze", List.of(x, l(0))));
        assertTensor(new float[] {1, 2, 3, 9, 4, 5, 6, 9}, new int[] {2, 4},
                run("Concat", List.of(x, f(new float[] {9, 9}, 2, 1)), OnnxBytes.intAttribute("axis", 1)));
        assertArrayEquals(new long[] {2, 3}, run("Shape", List.of(x)).longs());
        assertArrayEquals(new long[] {3}, run("Shape", List.of(x), OnnxBytes.intAttribute("start", -1)).longs());
        assertTensor(new float[] {1, 1, 2, 2, 3, 3}, new int[] {3, 2},
                run("Expand", List.of(f(new float[] {1, 2, 3}, 3, 1), l(1, 2))));
        assertTensor(new float[] {0, 0, 0, 0}, new int[] {2, 2}, run("ConstantOfShape", List.of(l(2, 2))));
        assertArrayEquals(new long[] {1, -1, 0}, run("Cast", List.of(f(new float[] {1.7f, -1.7f, 0.2f}, 3)),
                OnnxBytes.intAttribute("to", 7)).longs());
    }

    @Test
    void softmaxAndLogSoftmaxRunAlongTheirAxis() throws Exception {
        float ln3 = (float) Math.log(3);
        OnnxTensor x = f(new float[] {0, 0, ln3, 0}, 2, 2);
        assertTensor(new float[] {0.25f, 0.5f, 0.75f, 0.5f}, new int[] {2, 2},
                run("Softmax", List.of(x), OnnxBytes.intAttribute("axis", 0)));
        assertTensor(new float[] {(float) Math.log(0.5), (float) Math.log(0.5), (float) Math.log(0.75),
            (float) Math.log(0.25)}, new int[] {2, 2}, run("LogSoftmax", List.of(x)));
        assertTensor(new float[] {0.5f, 0.5f, 0.25f, 0.75f}, new int[] {2, 2},
                run("Softmax", List.of(f(new float[] {1, 1, 0, ln3}, 2, 2))));
    }

    @Test
    void activationsFollowTheirDefinitions() throws Exception {
        OnnxTensor x = f(new float[] {-1, 0, 2}, 3);
        assertTensor(new float[] {0, 0, 2}, new int[] {3}, run("Relu", List.of(x)));
        assertTensor(new float[] {(float) Math.tanh(-1), 0, (float) Math.tanh(2)}, new int[] {3},
                run("Tanh", List.of(x)));
        assertTensor(new float[] {(float) (1 / (1 + Math.exp(1))), 0.5f, (float) (1 / (1 + Math.exp(-2)))},
                new int[] {3}, run("Sigmoid", List.of(x)));
        assertEquals(x.toString(), run("Identity", List.of(x)).toString());
    }

    @Test
    void theSupportedListIsSortedAndCoversTheIssue() {
        List<String> ops = OnnxModel.supportedOperators();
        assertEquals(ops.stream().sorted().toList(), ops);
        assertTrue(ops.containsAll(List.of("LSTM", "GRU", "RNN", "Gemm", "MatMul", "Add", "Mul", "Sigmoid", "Tanh",
                "Relu", "Softmax", "LogSoftmax", "Gather", "Transpose", "Reshape", "Squeeze", "Unsqueeze", "Concat",
                "Slice", "Identity", "Shape", "Constant", "ConstantOfShape", "Expand", "Cast")), ops::toString);
    }
}
