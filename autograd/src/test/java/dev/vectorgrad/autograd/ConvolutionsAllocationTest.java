package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A convolution's bias gradient makes no new ones on a repeated backward, counted in bytes. PIT leaves
 * {@code *AllocationTest} classes out, because its coverage probes allocate and interpreted vector code boxes; the
 * cache itself is checked under PIT by {@link ConvolutionsTest}.
 */
class ConvolutionsAllocationTest {

    @Test
    void aRepeatedBiasGradientAllocatesNoOnes() throws Exception {
        // 1x1 kernel over [1, 256, 256, 1]: 65536 output pixels, 512 KiB of F64 ones. The same step with and without a
        // bias, each run once before it is measured (so the bias's gradient exists already), differ by a few small
        // objects (one more tape input, the gemm call's arguments: well under 64 KiB); the bound is half the ones.
        ConvolutionsTest.inFreshThread(() -> {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().threadId();
            Tensor x = Tensor.ones(DType.F64, 1, 256, 256, 1);
            // the kernel requires a gradient too, so that the step without a bias has something to backpropagate
            Tensor k = Tensor.ones(DType.F64, 1, 1, 1, 1).requiresGrad(true);
            Tensor b = Tensor.zeros(DType.F64, 1).requiresGrad(true);
            long onesBytes = 65536L * Double.BYTES;
            long[] bytes = new long[2];
            for (int round = 0; round < 2; round++) {
                for (int withBias = 0; withBias < 2; withBias++) {
                    Tensor bias = withBias == 1 ? b : null;
                    long before = threads.getThreadAllocatedBytes(id);
                    try (Tape tape = Tape.open()) {
                        Tensor y = Convolutions.conv2d(x, k, bias);
                        tape.backward(Ops.sum(y));
                    }
                    bytes[withBias] = threads.getThreadAllocatedBytes(id) - before;
                }
            }
            assertEquals(2 * 65536, b.grad().item());
            long extra = bytes[1] - bytes[0];
            assertTrue(extra < onesBytes / 2, "a backward with a bias allocated " + extra
                    + " bytes more than one without (ones: " + onesBytes + " bytes)");
        });
    }
}
