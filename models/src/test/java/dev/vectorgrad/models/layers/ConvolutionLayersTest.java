package dev.vectorgrad.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Conv2D, MaxPooling2D, AveragePooling2D, Flatten and TimeDistributed: shapes by TensorFlow's size rules, a
 * convolution and poolings computed by hand, Keras's convolution fans, gradients against finite differences (in
 * double, {@link GradCheck}'s PyTorch defaults), TimeDistributed against the wrapped layer run step by step and the
 * proof that it folds time into the batch, configs, and errors. Numerical agreement with Keras (TF.js) is in
 * {@code fixtures.LayersAgainstTfjsTest}.
 */
class ConvolutionLayersTest {

    static Tensor random(long seed, DType dtype, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, r.nextDouble(-1, 1));
        }
        return t;
    }

    @Test
    void outputShapesFollowTensorFlowsSizeRules() {
        // valid: floor((in - k) / s) + 1; same: ceil(in / s)
        assertArrayEquals(new int[] {26, 26, 32}, new Conv2D(32, 3).outputShape(new int[] {28, 28, 1}));
        assertArrayEquals(new int[] {3, 2, 4},
                Conv2D.builder(4, 3, 2).strides(2, 3).build().outputShape(new int[] {7, 6, 2}));
        assertArrayEquals(new int[] {3, 2, 4},
                Conv2D.builder(4, 3).strides(2, 3).padding("same").build().outputShape(new int[] {5, 6, 2}));
        assertArrayEquals(new int[] {13, 13, 32}, new MaxPooling2D(2).outputShape(new int[] {26, 26, 32}));
        assertArrayEquals(new int[] {5, 5, 64}, new MaxPooling2D(2).outputShape(new int[] {11, 11, 64}));
        assertArrayEquals(new int[] {2, 3, 3},
                AveragePooling2D.builder(3, 2).strides(2, 1).build().outputShape(new int[] {5, 4, 3}));
        assertArrayEquals(new int[] {3, 2, 3},
                AveragePooling2D.builder(3).strides(2).padding("same").build().outputShape(new int[] {5, 4, 3}));
        assertArrayEquals(new int[] {1600}, new Flatten().outputShape(new int[] {5, 5, 64}));
        assertArrayEquals(new int[] {-1, 26, 26, 32},
                new TimeDistributed(new Conv2D(32, 3)).outputShape(new int[] {-1, 28, 28, 1}));
        assertArrayEquals(new int[] {8, 1600}, new TimeDistributed(new Flatten()).outputShape(new int[] {8, 5, 5, 64}));
        MaxPooling2D pool = new MaxPooling2D(3, 2);
        assertArrayEquals(new int[] {3, 2}, pool.strides(), "strides default to the pool size (Keras's strides=None)");
    }

    @Test
    void weightCountsAreKerasParameterCounts() {
        // kh * kw * in * filters + filters
        assertEquals(320, new Conv2D(32, 3).weightCount(new int[] {28, 28, 1}));
        assertEquals(18_496, new Conv2D(64, 3).weightCount(new int[] {13, 13, 32}));
        assertEquals(18_432, Conv2D.builder(64, 3).useBias(false).build().weightCount(new int[] {13, 13, 32}));
        assertEquals(0, new MaxPooling2D(2).weightCount(new int[] {4, 4, 3}));
        assertEquals(320, new TimeDistributed(new Conv2D(32, 3)).weightCount(new int[] {8, 28, 28, 1}));
        Conv2D conv = new Conv2D(32, 3);
        conv.build(new int[] {28, 28, 1});
        assertEquals(320, conv.parameterCount());
        // A count past a long is an ArithmeticException, not a wrapped number.
        Conv2D huge = Conv2D.builder(Integer.MAX_VALUE, 1 << 20).padding("same").build();
        assertThrows(ArithmeticException.class, () -> huge.weightCount(new int[] {2, 2, Integer.MAX_VALUE / 4}));
    }

    /** y[oy, ox, f] = b[f] + sum x[oy + ky, ox + kx, c] k[ky, kx, c, f], evaluated by hand on small integers. */
    @Test
    void convolutionByHand() {
        Conv2D conv = Conv2D.builder(1, 2).dtype(DType.F64).build();
        conv.build(new int[] {3, 3, 1});
        conv.setWeights(List.of(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2, 1, 1), Tensor.of(new double[] {10}, 1)));
        Tensor y = conv.call(Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1));
        // [1 2; 4 5] . [1 2; 3 4] = 1 + 4 + 12 + 20 = 37, then 47, 67, 77; plus the bias 10
        assertArrayEquals(new int[] {1, 2, 2, 1}, y.shape());
        assertArrayEquals(new double[] {47, 57, 77, 87}, y.toDoubleArray(), 0);
    }

    /** Same padding of a 2x2 window, stride 1, over 3x3: the odd pad (1) goes to the bottom and right. */
    @Test
    void poolingByHandWithUnevenSamePadding() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 3, 1);
        MaxPooling2D max = MaxPooling2D.builder(2).strides(1).padding("same").dtype(DType.F64).build();
        max.build(new int[] {3, 3, 1});
        assertArrayEquals(new double[] {5, 6, 6, 8, 9, 9, 8, 9, 9}, max.call(x).toDoubleArray(), 0);
        AveragePooling2D avg = AveragePooling2D.builder(2).strides(1).padding("same").dtype(DType.F64).build();
        avg.build(new int[] {3, 3, 1});
        // windows clipped at the border divide by their own pixel count
        assertArrayEquals(new double[] {3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9}, avg.call(x).toDoubleArray(), 1e-15);
    }

    @Test
    void kernelIsGlorotUniformWithKerasConvolutionFans() {
        Conv2D conv = Conv2D.builder(32, 3).seed(5).build();
        conv.build(new int[] {28, 28, 1});
        // compute_fans of [3, 3, 1, 32]: fan_in = 9 * 1, fan_out = 9 * 32
        double limit = Math.sqrt(6.0 / (9 + 288));
        double max = 0;
        for (float v : conv.getWeights().get(0).dataF32()) {
            max = Math.max(max, Math.abs(v));
        }
        // 288 draws of U(-l, l): all inside, the largest above 0.9 l but for a chance of 0.9^288 < 1e-13. The
        // matrix rule (fans 1 and 32) would allow up to 0.43 > 3 l.
        assertTrue(max <= limit && max > 0.9 * limit, "max |kernel| " + max + ", limit " + limit);
        assertArrayEquals(new float[32], conv.getWeights().get(1).dataF32(), "bias zeros");
    }

    private static void assertLayerGradients(KerasLayer layer, int... batchShape) {
        int[] sample = java.util.Arrays.copyOfRange(batchShape, 1, batchShape.length);
        layer.build(sample);
        T.randomizeWeights(layer, 9, 0.5);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(random(3, DType.F64, batchShape).requiresGrad(true));
        inputs.addAll(T.weightCopies(layer));
        GradCheck.defaults().assertGradients(in -> layer.statelessCall(List.of(in).subList(1, in.length), in[0]),
                inputs.toArray(Tensor[]::new));
    }

    @Test
    void conv2dGradientsMatchFiniteDifferences() {
        // a 3x2 kernel, strides (2, 1), same over 5x4: rows out 3, pad (3 - 1) * 2 + 3 - 5 = 2 (1 above, 1 below);
        // columns out 4, pad 3 + 2 - 4 = 1, uneven (0 left, 1 right)
        assertLayerGradients(Conv2D.builder(3, 3, 2).strides(2, 1).padding("same").activation("tanh")
                .dtype(DType.F64).build(), 2, 5, 4, 2);
        assertLayerGradients(Conv2D.builder(2, 2).strides(2).useBias(false).dtype(DType.F64).build(), 1, 5, 5, 3);
    }

    @Test
    void poolingAndFlattenGradientsMatchFiniteDifferences() {
        assertLayerGradients(MaxPooling2D.builder(3, 2).strides(2, 1).padding("same").dtype(DType.F64).build(),
                2, 5, 4, 2);
        assertLayerGradients(AveragePooling2D.builder(3, 2).strides(2, 1).padding("same").dtype(DType.F64).build(),
                2, 5, 4, 2);
        assertLayerGradients(MaxPooling2D.builder(2).dtype(DType.F64).build(), 1, 4, 5, 3);
        assertLayerGradients(new Flatten(null, DType.F64), 2, 3, 2, 2);
    }

    @Test
    void timeDistributedGradientsMatchFiniteDifferences() {
        assertLayerGradients(new TimeDistributed(Conv2D.builder(2, 2).padding("same").strides(2).activation("relu")
                .dtype(DType.F64).build()), 2, 3, 3, 3, 2);
        assertLayerGradients(new TimeDistributed(Dense.builder(3).activation("tanh").dtype(DType.F64).build()),
                2, 4, 5);
    }

    /**
     * TimeDistributed equals the wrapped layer run on each step alone, bit for bit in float: the folded batch holds
     * the same rows, so the kernels see the same operands.
     */
    @Test
    void timeDistributedEqualsTheLayerStepByStep() {
        for (Supplier<KerasLayer> make : List.<Supplier<KerasLayer>>of(
                () -> Conv2D.builder(4, 3).padding("same").activation("relu").seed(2).build(),
                () -> MaxPooling2D.builder(2).build(), () -> new Flatten(), () -> Dense.builder(3).seed(1).build())) {
            KerasLayer inner = make.get();
            KerasLayer alone = make.get();
            TimeDistributed td = new TimeDistributed(inner);
            int[] step = inner instanceof Dense ? new int[] {6} : new int[] {5, 4, 2};
            int[] shape = new int[step.length + 1];
            shape[0] = 3;
            System.arraycopy(step, 0, shape, 1, step.length);
            td.build(shape);
            alone.build(step);
            alone.setWeights(inner.getWeights());
            int batch = 2;
            int[] xShape = new int[shape.length + 1];
            xShape[0] = batch;
            System.arraycopy(shape, 0, xShape, 1, shape.length);
            Tensor x = random(7, DType.F32, xShape);
            float[] y = td.call(x).dataF32();
            int stepIn = x.size() / (batch * 3);
            int stepOut = y.length / (batch * 3);
            for (int i = 0; i < batch * 3; i++) {
                int[] oneShape = xShape.clone();
                oneShape = java.util.Arrays.copyOfRange(oneShape, 1, oneShape.length);
                oneShape[0] = 1;
                float[] frame = java.util.Arrays.copyOfRange(x.dataF32(), i * stepIn, (i + 1) * stepIn);
                float[] expected = alone.call(Tensor.of(frame, oneShape)).dataF32();
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(y, i * stepOut, (i + 1) * stepOut),
                        inner.className() + " step " + i);
            }
        }
    }

    /**
     * The proof that TimeDistributed folds instead of looping: the tape records the same number of nodes for 1 step
     * and for 7 (a loop would record a slice and a call per step), and exactly the wrapped layer's nodes plus the two
     * reshapes (fold and unfold).
     */
    @Test
    void timeDistributedRunsTheLayerOnceWhateverTheNumberOfSteps() {
        Conv2D alone = Conv2D.builder(4, 3).activation("relu").seed(3).build();
        alone.build(new int[] {6, 6, 1});
        int own;
        try (Tape tape = Tape.open()) {
            alone.call(random(1, DType.F32, 2, 6, 6, 1).requiresGrad(true));
            own = tape.size();
        }
        TimeDistributed td = new TimeDistributed(Conv2D.builder(4, 3).activation("relu").seed(3).build());
        td.build(new int[] {-1, 6, 6, 1});
        for (int steps : new int[] {1, 7}) {
            try (Tape tape = Tape.open()) {
                Tensor y = td.call(random(1, DType.F32, 2, steps, 6, 6, 1).requiresGrad(true));
                assertArrayEquals(new int[] {2, steps, 4, 4, 4}, y.shape());
                assertEquals(own + 2, tape.size(), steps + " steps: tape nodes");
            }
        }
    }

    @Test
    void timeDistributedNamesItsLayerAndExposesItsWeights() {
        TimeDistributed td = new TimeDistributed(new Conv2D(2, 3));
        td.build(new int[] {4, 5, 5, 1});
        assertEquals("conv2d", td.layer().name());
        assertEquals(List.of("layer.kernel", "layer.bias"), td.weightNames());
        assertEquals(td.layer().getWeights(), td.getWeights());
        TimeDistributed dropout = new TimeDistributed(new Dropout(0.5, 1L));
        dropout.build(new int[] {-1, 3});
        Tensor ones = Tensor.ones(DType.F32, 2, 5, 3);
        dropout.eval();
        assertArrayEquals(ones.dataF32(), dropout.call(ones).dataF32(), "evaluation: identity");
        dropout.train(true);
        float[] dropped = dropout.call(ones).dataF32();
        int zeros = 0;
        for (float v : dropped) {
            assertTrue(v == 0 || v == 2, "inverted dropout: 0 or 1 / (1 - 0.5), got " + v);
            zeros += v == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0 && zeros < dropped.length, "some but not all dropped: " + zeros);
    }

    @Test
    void configsRoundTripThroughLayersFromConfig() {
        List<KerasLayer> layers = List.of(
                Conv2D.builder(4, 3, 2).strides(2, 1).padding("same").activation("relu").useBias(false).seed(3)
                        .name("c").build(),
                MaxPooling2D.builder(3, 2).strides(1, 2).padding("same").name("m").build(),
                AveragePooling2D.builder(2).name("a").dtype(DType.F64).build(),
                new Flatten("f", DType.F32),
                new TimeDistributed(Conv2D.builder(8, 3).name("inner").build(), "td"));
        for (KerasLayer layer : layers) {
            Map<String, Object> spec = Map.of("class_name", layer.className(), "config", layer.config());
            KerasLayer again = Layers.fromConfig(spec);
            assertEquals(layer.getClass(), again.getClass());
            assertEquals(layer.config(), again.config(), layer.className());
        }
        assertTrue(Layers.CLASS_NAMES.containsAll(List.of("Conv2D", "MaxPooling2D", "AveragePooling2D", "Flatten",
                "TimeDistributed")));
        Map<String, Object> keras = new java.util.LinkedHashMap<>();
        keras.put("name", "conv2d");
        keras.put("filters", 32);
        keras.put("kernel_size", 3);
        keras.put("strides", 1);
        keras.put("padding", "VALID");
        Conv2D conv = (Conv2D) Layers.fromConfig("Conv2D", keras);
        assertArrayEquals(new int[] {3, 3}, conv.kernelSize());
        assertEquals("valid", conv.padding());
        Map<String, Object> pool = new java.util.LinkedHashMap<>();
        pool.put("pool_size", List.of(2, 3));
        pool.put("strides", null);
        assertArrayEquals(new int[] {2, 3}, ((MaxPooling2D) Layers.fromConfig("MaxPooling2D", pool)).strides());
    }

    @Test
    void unsupportedConfigOptionsFailNamingClassAndKey() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("Conv2D:data_format:channels_first", "Conv2D: data_format channels_first is not supported");
        expected.put("Conv2D:dilation_rate:2", "Conv2D: dilation_rate [2, 2] is not supported");
        expected.put("Conv2D:groups:2", "Conv2D: groups 2 is not supported");
        expected.put("Conv2D:padding:causal", "Conv2D: padding must be one of [valid, same], got 'causal'");
        expected.put("Conv2D:kernel_regularizer:l2", "Conv2D: kernel_regularizer l2 is not supported");
        expected.put("Conv2D:kernel_initializer:he_normal", "Conv2D: kernel_initializer 'he_normal' is not supported");
        expected.put("Conv2D:kernel_size:0", "Conv2D: 'kernel_size' must be positive");
        expected.put("Conv2D:bogus:1", "Conv2D: unknown config keys [bogus]");
        expected.put("MaxPooling2D:data_format:channels_first", "MaxPooling2D: data_format channels_first is not supported");
        expected.put("AveragePooling2D:pool_size:[1,2,3]", "AveragePooling2D: 'pool_size' must be an integer or a list of two");
        expected.put("Flatten:data_format:channels_first", "Flatten: data_format channels_first is not supported");
        expected.put("TimeDistributed:bogus:1", "TimeDistributed: unknown config keys [bogus]");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String[] parts = e.getKey().split(":");
            Map<String, Object> config = new java.util.LinkedHashMap<>();
            if (parts[0].equals("Conv2D")) {
                config.put("filters", 2);
                config.put("kernel_size", List.of(3, 3));
            }
            if (parts[0].equals("TimeDistributed")) {
                config.put("layer", Map.of("class_name", "Flatten", "config", Map.of()));
            }
            Object value = parts[2].matches("-?\\d+") ? (Object) Integer.parseInt(parts[2])
                    : parts[2].startsWith("[") ? List.of(1, 2, 3) : parts[2];
            config.put(parts[1], value);
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> Layers.fromConfig(parts[0], config), e.getKey());
            assertTrue(x.getMessage().startsWith(e.getValue()), e.getKey() + ": " + x.getMessage());
        }
        IllegalArgumentException input = assertThrows(IllegalArgumentException.class, () -> Layers.fromConfig(
                "TimeDistributed", Map.of("layer", Map.of("class_name", "InputLayer", "config",
                        Map.of("batch_shape", java.util.Arrays.asList(null, 3))))));
        assertEquals("TimeDistributed: 'layer' cannot be an InputLayer", input.getMessage());
    }

    @Test
    void errorsNameTheLayerAndTheShapes() {
        Conv2D conv = new Conv2D(8, 3);
        conv.assignName("conv2d");
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> conv.build(new int[] {28, 28}));
        assertEquals("Conv2D 'conv2d': expects input [batch, height, width, channels] (channels_last) with every size"
                + " known, got [batch, 28, 28]", rank.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> conv.build(new int[] {2, 5, 1}));
        assertEquals("Conv2D 'conv2d': the 3x3 kernel is larger than the 2x5 image of input [batch, 2, 5, 1] with"
                + " padding 'valid'", small.getMessage());
        conv.build(new int[] {5, 5, 1});
        IllegalArgumentException call = assertThrows(IllegalArgumentException.class,
                () -> conv.call(Tensor.zeros(DType.F32, 2, 5, 5, 3)));
        assertEquals("Conv2D 'conv2d': expects input [batch, 5, 5, 1], got [2, 5, 5, 3]", call.getMessage());

        Flatten flatten = new Flatten();
        flatten.assignName("flatten");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> flatten.outputShape(new int[] {-1, 4}));
        assertEquals("Flatten 'flatten': every input size must be known to flatten, got [batch, None, 4]",
                unknown.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> flatten.outputShape(new int[] {1 << 16, 1 << 16}));
        assertTrue(big.getMessage().contains("more features per sample than an array holds"), big.getMessage());

        TimeDistributed td = new TimeDistributed(new Conv2D(8, 3), "td");
        IllegalArgumentException tdRank = assertThrows(IllegalArgumentException.class,
                () -> td.build(new int[] {28}));
        assertEquals("TimeDistributed 'td': expects input [batch, time, ...] of rank 3 or more, got [batch, 28]",
                tdRank.getMessage());
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class,
                () -> td.build(new int[] {8, 28, 28}));
        assertEquals("TimeDistributed 'td': input [batch, 8, 28, 28] gives each step [batch, 28, 28]: Conv2D"
                + " 'unnamed': expects input [batch, height, width, channels] (channels_last) with every size known,"
                + " got [batch, 28, 28]", inner.getMessage());
        IllegalArgumentException wrapInput = assertThrows(IllegalArgumentException.class,
                () -> new TimeDistributed(new Input(3)));
        assertEquals("TimeDistributed: wraps a layer of dev.vectorgrad.models.layers other than Input, got InputLayer"
                + " (dev.vectorgrad.models.layers.Input)", wrapInput.getMessage());
        Layer foreign = new Layer("mine") {
            @Override
            public String className() {
                return "Mine";
            }

            @Override
            protected void makeWeights(int[] shape) {
            }

            @Override
            public long weightCount(int[] shape) {
                return 0;
            }

            @Override
            public int[] outputShape(int[] shape) {
                return shape.clone();
            }

            @Override
            public Tensor call(Tensor input) {
                return input;
            }

            @Override
            public Map<String, Object> config() {
                return Map.of();
            }
        };
        IllegalArgumentException wrapForeign = assertThrows(IllegalArgumentException.class,
                () -> new TimeDistributed(foreign));
        assertTrue(wrapForeign.getMessage().startsWith("TimeDistributed: wraps a layer of dev.vectorgrad.models.layers"
                + " other than Input, got Mine ("), wrapForeign.getMessage());
        Dense built = new Dense(2);
        built.build(new int[] {3});
        IllegalArgumentException wrapBuilt = assertThrows(IllegalArgumentException.class,
                () -> new TimeDistributed(built));
        assertTrue(wrapBuilt.getMessage().startsWith("TimeDistributed: wrap an unbuilt layer"), wrapBuilt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
        assertThrows(IllegalArgumentException.class, () -> Conv2D.builder(1, 3).strides(0).build());
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(0));
        IllegalArgumentException padding = assertThrows(IllegalArgumentException.class,
                () -> MaxPooling2D.builder(2).padding("full").build());
        assertEquals("MaxPooling2D: padding must be one of [valid, same], got 'full'", padding.getMessage());
    }

    @Test
    void activationsApplyAfterTheConvolution() {
        Conv2D conv = Conv2D.builder(1, 1).activation("relu").dtype(DType.F64).build();
        conv.build(new int[] {1, 2, 1});
        conv.setWeights(List.of(Tensor.of(new double[] {-1}, 1, 1, 1, 1), Tensor.of(new double[] {0.5}, 1)));
        assertArrayEquals(new double[] {0, 1.5}, conv.call(Tensor.of(new double[] {2, -1}, 1, 1, 2, 1)).toDoubleArray(), 0);
    }
}
