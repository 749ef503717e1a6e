package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.Convolutions;
import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tape;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;
import dev.vectorgrad.kernels.Padding;
import dev.vectorgrad.kernels.Window2d;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * 2-D convolution at the image-sequence demo's shapes (issue 19): 32 sequences of 8 frames, 256 images, 3x3
 * kernels, padding valid, strides 1, F32, one kernel thread: {@code conv=28x28x1to32} (the first layer,
 * 28x28x1 to 32 filters) and {@code conv=13x13x32to64} (the second, after 2x2 pooling). Channels-last, kernels
 * {@code [3, 3, in, out]}; bench/torch_peer.py times {@code torch.nn.functional.conv2d} on the same shapes in
 * PyTorch's NCHW.
 * <ul>
 *   <li>{@code forward_kernels}: {@link FloatKernels#conv2d} with the bias, into a preallocated output;
 *   <li>{@code train_kernels}: that forward, then the gradients a training step needs for an upstream gradient
 *       {@code dy} held fixed: input ({@code conv2dBackwardInput}), kernel ({@code conv2dBackwardKernel}) and bias
 *       (the sum of {@code dy} over the output pixels, a transposed GEMV by ones), each zeroed first as
 *       {@code zero_grad} does;
 *   <li>{@code forward_autograd}: {@link Convolutions#conv2d} under {@code Tape.noGrad()} (allocates its output);
 *   <li>{@code train_autograd}: {@link Convolutions#conv2d} on a tape with input, kernel and bias requiring
 *       gradients, {@code backward} from the fixed {@code dy}, the gradients then zeroed: the op's overhead over
 *       {@code train_kernels} shows.
 * </ul>
 * PyTorch's peer: {@code F.conv2d} forward under {@code no_grad}, and forward plus {@code y.backward(dy)} with
 * input, weight and bias requiring gradients (the gradients set to None each call).
 */
@State(Scope.Thread)
public class ConvBench {

    /** {@code HxWxCtoF}: input images of H x W x C, F filters. */
    @Param({"28x28x1to32", "13x13x32to64"})
    public String conv;

    @Param({"256"})
    public int batch;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private final FloatKernels k = Kernels.f32();
    private Window2d g;
    private int filters;
    private float[] x;
    private float[] w;
    private float[] b;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private float[] dw;
    private float[] db;
    private float[] ones;
    private Tensor xt;
    private Tensor wt;
    private Tensor bt;
    private Tensor dyt;
    private Tape tape;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        String[] parts = conv.split("to");
        int[] hwc = Arrays.stream(parts[0].split("x")).mapToInt(Integer::parseInt).toArray();
        filters = Integer.parseInt(parts[1]);
        g = Window2d.of(batch, hwc[0], hwc[1], hwc[2], 3, 3, 1, 1, Padding.VALID);
        int pixels = (int) g.outputPixels();
        int taps = 9 * hwc[2];
        xt = Tensor.uniform(DType.F32, -1, 1, 1, batch, hwc[0], hwc[1], hwc[2]).requiresGrad(true);
        double bound = 1 / Math.sqrt(taps);
        wt = Tensor.uniform(DType.F32, -bound, bound, 2, 3, 3, hwc[2], filters).requiresGrad(true);
        bt = Tensor.uniform(DType.F32, -bound, bound, 3, filters).requiresGrad(true);
        dyt = Tensor.uniform(DType.F32, -1, 1, 4, batch, g.outHeight(), g.outWidth(), filters);
        x = xt.dataF32();
        w = wt.dataF32();
        b = bt.dataF32();
        dy = dyt.dataF32();
        y = new float[pixels * filters];
        dx = new float[x.length];
        dw = new float[w.length];
        db = new float[filters];
        ones = new float[pixels];
        Arrays.fill(ones, 1f);
        // Setup runs on the benchmark thread; the tape is thread-confined and would say so otherwise.
        tape = Tape.open();
    }

    @TearDown
    public void tearDown() {
        tape.close();
    }

    @Benchmark
    public float[] forward_kernels() {
        k.conv2d(g, filters, x, 0, w, 0, b, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] train_kernels() {
        k.conv2d(g, filters, x, 0, w, 0, b, 0, y, 0);
        Arrays.fill(dx, 0f);
        Arrays.fill(dw, 0f);
        k.conv2dBackwardInput(g, filters, dy, 0, w, 0, dx, 0);
        k.conv2dBackwardKernel(g, filters, x, 0, dy, 0, dw, 0);
        k.gemv(true, (int) g.outputPixels(), filters, 1f, dy, 0, filters, ones, 0, 0f, db, 0);
        // y is consumed too: the forward pass must not be dead code
        return dx[0] + dw[0] + db[0] + y[y.length - 1] == 42f ? dx : dw;
    }

    @Benchmark
    public Tensor forward_autograd() {
        try (Tape.NoGrad ignored = Tape.noGrad()) {
            return Convolutions.conv2d(xt, wt, bt);
        }
    }

    @Benchmark
    public float train_autograd() {
        Tensor out = Convolutions.conv2d(xt, wt, bt);
        tape.backward(out, dyt);
        float sum = xt.grad().dataF32()[0] + wt.grad().dataF32()[0] + bt.grad().dataF32()[0];
        xt.zeroGrad();
        wt.zeroGrad();
        bt.zeroGrad();
        tape.reset();
        return sum;
    }
}
