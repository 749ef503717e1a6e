package dev.vectorgrad.autograd.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays the gradients of the reference files written by
 * {@code autograd/src/test/python/optimizer_reference.py} (PyTorch 1.13, single-tensor paths,
 * ATen's default kernels without fused multiply-add) and compares the parameters after every step
 * (or, for clipping, the clipped gradients and the returned norm) element by element.
 *
 * <p>Tolerance: for every element, {@code |java - torch| <= rtol * max_k |torch_k|} over the
 * tensor (a normwise relative error), with rtol {@value #F64_RTOL} for F64 and {@value #F32_RTOL}
 * for F32. The optimizers do PyTorch's operations in PyTorch's order with one IEEE rounding each,
 * and on the machine that wrote the files every element agrees to the bit (the largest elementwise
 * relative differences are printed after the run). What may still differ elsewhere is the last bit
 * of {@code Math.pow(beta, t)} (the JDK allows one ulp; glibc's {@code pow} is what PyTorch used):
 * moving one intermediate by one ulp changes the parameters by about 1e-16 of their scale, though
 * up to 7e-15 relative on an element that sits near zero, hence the normwise form, which keeps a
 * margin of 100 and still catches any changed or reordered operation that is not a rounding
 * artefact (the smallest effect of a hyperparameter here, eps = 1e-8, is near 1e-9). F32 gets a few
 * float ulps (float epsilon is 6e-8) for the same reasons.
 */
class PyTorchReferenceTest {

    static final double F64_RTOL = 1e-14;
    static final double F32_RTOL = 1e-6;

    private static final Map<String, Double> MAX_REL = new TreeMap<>();

    /** One reference file. */
    record Reference(String name, String kind, DType dtype, Map<String, String> hyper, List<int[]> shapes,
                     List<double[]> init, Map<String, double[]> grads, Map<String, double[]> expected,
                     Map<Integer, Double> norms) {

        double hyper(String key, double otherwise) {
            String v = hyper.get(key);
            return v == null ? otherwise : Double.parseDouble(v);
        }

        boolean flag(String key) {
            return "true".equals(hyper.get(key));
        }
    }

    static Reference load(String name) throws IOException {
        String resource = "/optim/" + name + ".txt";
        InputStream in = PyTorchReferenceTest.class.getResourceAsStream(resource);
        assertNotNull(in, "missing test resource " + resource);
        String kind = null;
        DType dtype = DType.F64;
        Map<String, String> hyper = new HashMap<>();
        List<int[]> shapes = new ArrayList<>();
        List<double[]> init = new ArrayList<>();
        Map<String, double[]> grads = new HashMap<>();
        Map<String, double[]> expected = new HashMap<>();
        Map<Integer, Double> norms = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "kind" -> kind = f[1];
                    case "dtype" -> dtype = "f32".equals(f[1]) ? DType.F32 : DType.F64;
                    case "hyper" -> hyper.put(f[1], f[2]);
                    case "shape" -> {
                        assertEquals(shapes.size(), Integer.parseInt(f[1]), name + ": shapes out of order");
                        shapes.add(Arrays.stream(f, 2, f.length).mapToInt(Integer::parseInt).toArray());
                    }
                    case "init" -> init.add(numbers(f, 2));
                    case "grad" -> grads.put(f[1] + " " + f[2], numbers(f, 3));
                    case "param", "clipped" -> expected.put(f[1] + " " + f[2], numbers(f, 3));
                    case "norm" -> norms.put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
                    default -> fail(name + ": unknown record '" + f[0] + "'");
                }
            }
        }
        assertNotNull(kind, name + ": no kind");
        return new Reference(name, kind, dtype, hyper, shapes, init, grads, expected, norms);
    }

    private static double[] numbers(String[] f, int from) {
        return Arrays.stream(f, from, f.length).mapToDouble(Double::parseDouble).toArray();
    }

    static Tensor tensor(DType dtype, double[] values, int[] shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < values.length; i++) {
            t.set(i, values[i]); // exact: F32 reference values are floats written as doubles
        }
        return t;
    }

    /** Makes {@code g} the gradient of leaf {@code p}, through the public API (backward from a leaf). */
    static void setGrad(Tensor p, Tensor g) {
        p.zeroGrad();
        try (Tape tape = Tape.open()) {
            tape.backward(p, g);
        }
    }

    static Optimizer optimizer(Reference ref, List<Tensor> params) {
        return switch (ref.kind) {
            case "sgd" -> Sgd.builder(ref.hyper("lr", Double.NaN))
                    .momentum(ref.hyper("momentum", 0))
                    .dampening(ref.hyper("dampening", 0))
                    .weightDecay(ref.hyper("weight_decay", 0))
                    .nesterov(ref.flag("nesterov"))
                    .build(params);
            case "adam" -> Adam.builder(ref.hyper("lr", Double.NaN))
                    .betas(ref.hyper("beta1", 0.9), ref.hyper("beta2", 0.999))
                    .eps(ref.hyper("eps", 1e-8))
                    .weightDecay(ref.hyper("weight_decay", 0))
                    .amsgrad(ref.flag("amsgrad"))
                    .build(params);
            case "adamw" -> AdamW.builder(ref.hyper("lr", Double.NaN))
                    .betas(ref.hyper("beta1", 0.9), ref.hyper("beta2", 0.999))
                    .eps(ref.hyper("eps", 1e-8))
                    .weightDecay(ref.hyper("weight_decay", 1e-2))
                    .amsgrad(ref.flag("amsgrad"))
                    .build(params);
            case "rmsprop" -> RmsProp.builder(ref.hyper("lr", Double.NaN))
                    .alpha(ref.hyper("alpha", 0.99))
                    .eps(ref.hyper("eps", 1e-8))
                    .weightDecay(ref.hyper("weight_decay", 0))
                    .momentum(ref.hyper("momentum", 0))
                    .centered(ref.flag("centered"))
                    .build(params);
            default -> throw new IllegalArgumentException(ref.name + ": not an optimizer: " + ref.kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd_plain", "sgd_momentum", "sgd_nesterov", "sgd_weight_decay", "adam", "adam_amsgrad",
        "adam_weight_decay", "adamw", "adamw_amsgrad", "rmsprop", "rmsprop_centered_momentum", "sgd_nesterov_f32",
        "adam_f32", "rmsprop_centered_f32", "clip_norm", "clip_value"})
    void matchesPyTorchAtEveryStep(String name) throws IOException {
        Reference ref = load(name);
        List<Tensor> params = new ArrayList<>();
        for (int i = 0; i < ref.shapes.size(); i++) {
            params.add(tensor(ref.dtype, ref.init.get(i), ref.shapes.get(i)).requiresGrad(true));
        }
        boolean clip = ref.kind.startsWith("clip");
        Optimizer opt = clip ? null : optimizer(ref, params);
        double rtol = ref.dtype == DType.F64 ? F64_RTOL : F32_RTOL;
        int steps = ref.expected.keySet().stream().mapToInt(k -> Integer.parseInt(k.split(" ")[0])).max().orElseThrow();
        assertTrue(steps >= 5, name + ": expected at least 5 steps, found " + steps);
        int compared = 0;
        for (int step = 1; step <= steps; step++) {
            for (int i = 0; i < params.size(); i++) {
                double[] g = ref.grads.get(step + " " + i);
                if (g == null) {
                    params.get(i).zeroGrad(); // PyTorch's p.grad = None: skipped
                } else {
                    setGrad(params.get(i), tensor(ref.dtype, g, ref.shapes.get(i)));
                }
            }
            switch (ref.kind) {
                case "clip_norm" -> {
                    double norm = GradClip.byNorm(params, ref.hyper("max_norm", Double.NaN));
                    check(ref, step, -1, "norm", new double[] {ref.norms.get(step)}, new double[] {norm}, rtol);
                }
                case "clip_value" -> GradClip.byValue(params, ref.hyper("clip_value", Double.NaN));
                default -> opt.step();
            }
            for (int i = 0; i < params.size(); i++) {
                double[] want = ref.expected.get(step + " " + i);
                Tensor p = params.get(i);
                if (clip) {
                    if (want == null) {
                        assertEquals(null, p.grad(), name + ": step " + step + " param " + i + " should have no gradient");
                        continue;
                    }
                    check(ref, step, i, "clipped gradient", want, p.grad().toDoubleArray(), rtol);
                } else {
                    check(ref, step, i, "parameter", want, p.toDoubleArray(), rtol);
                }
                compared++;
            }
        }
        assertTrue(compared >= steps * params.size() - 1, name + ": compared only " + compared + " tensors");
    }

    private static void check(Reference ref, int step, int param, String what, double[] want, double[] got, double rtol) {
        assertNotNull(want, ref.name + ": no reference for step " + step + " param " + param);
        assertEquals(want.length, got.length, ref.name + ": size of " + what);
        double scale = 0;
        for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        for (int j = 0; j < want.length; j++) {
            double diff = Math.abs(got[j] - want[j]);
            MAX_REL.merge(ref.name, want[j] == got[j] ? 0 : diff / Math.abs(want[j]), Math::max);
            if (!(diff <= rtol * scale)) {
                fail(ref.name + ": step " + step + (param >= 0 ? " param " + param : "") + " " + what + "[" + j + "] is "
                        + got[j] + ", PyTorch " + want[j] + ": difference " + diff + " > " + rtol + " * max|tensor| "
                        + scale);
            }
        }
    }

    @AfterAll
    static void report() {
        StringBuilder s = new StringBuilder("Largest elementwise relative difference from PyTorch 1.13 per configuration:");
        MAX_REL.forEach((name, rel) -> s.append(String.format("%n  %-28s %.3g", name, rel)));
        System.out.println(s);
    }
}
