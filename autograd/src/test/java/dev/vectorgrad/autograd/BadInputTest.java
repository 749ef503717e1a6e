package dev.vectorgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad shapes, dtypes, indices and arguments fail at once, naming the op and what was expected and found. */
class BadInputTest {

    private static Tensor t(int... shape) {
        return Tensor.zeros(DType.F64, shape);
    }

    private static void fails(Class<? extends Throwable> type, Executable call, String... mentions) {
        Throwable e = assertThrows(type, call);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "message '" + e.getMessage() + "' should mention '" + m + "'");
        }
    }

    @Test
    void shapeMismatchesNameTheOpAndBothShapes() {
        fails(IllegalArgumentException.class, () -> Ops.matmul(t(3, 4), t(5, 2)),
                "matmul", "3x4", "5x2", "4 != 5");
        fails(IllegalArgumentException.class, () -> Ops.matmul(t(3, 4), t(2, 5), false, true),
                "matmul", "2x5 (transposed)", "4 != 5");
        fails(IllegalArgumentException.class, () -> Ops.matmul(t(3), t(3, 1)), "matmul", "[3]");
        fails(IllegalArgumentException.class, () -> Ops.add(t(2, 3), t(2, 4)), "add", "[2, 3]", "[2, 4]");
        fails(IllegalArgumentException.class, () -> Ops.mul(t(4, 3), t(2, 3)), "mul", "[4, 3]", "[2, 3]");
        fails(IllegalArgumentException.class, () -> Ops.sub(t(3), t(4)), "sub", "[3]", "[4]");
        fails(IllegalArgumentException.class, () -> Ops.div(t(3), t(4)), "div", "[3]", "[4]");
        fails(IllegalArgumentException.class, () -> Losses.mse(t(2, 3), t(3, 2)), "mse", "[2, 3]", "[3, 2]");
        fails(IllegalArgumentException.class, () -> Shapes.concat(0, t(2, 3), t(2, 4)), "concat", "[2, 3]", "[2, 4]");
        fails(IllegalArgumentException.class, () -> Shapes.reshape(t(2, 3), 4, 2), "reshape", "[2, 3]", "[4, 2]");
        fails(IllegalArgumentException.class, () -> Shapes.reshape(t(2, 3), 4, -1), "reshape", "-1");
        fails(IllegalArgumentException.class, () -> Shapes.split(t(5, 2), 0, 2, 2), "split", "5");
        fails(IndexOutOfBoundsException.class, () -> Shapes.slice(t(5, 2), 0, 3, 6), "slice", "[3, 6)", "length 5");
        fails(IllegalArgumentException.class, () -> Ops.sum(t(2, 3), 2), "axis 2", "[2, 3]");
        fails(IllegalArgumentException.class, () -> Ops.softmax(Tensor.scalar(DType.F64, 1)), "softmax", "scalar");
    }

    @Test
    void dtypesMustAgree() {
        fails(IllegalArgumentException.class, () -> Ops.add(t(2), Tensor.zeros(DType.F32, 2)), "add", "F64", "F32");
        fails(IllegalArgumentException.class, () -> Ops.matmul(t(2, 2), Tensor.zeros(DType.F32, 2, 2)), "matmul", "F32");
        fails(IllegalStateException.class, () -> t(2).dataF32(), "F64");
    }

    @Test
    void indicesAndProbabilitiesAreChecked() {
        fails(IndexOutOfBoundsException.class, () -> Ops.embedding(t(4, 2), new int[] {1, 4}), "embedding", "4", "[0, 4)");
        fails(IndexOutOfBoundsException.class, () -> Losses.crossEntropy(t(2, 3), new int[] {0, -1}), "crossEntropy", "-1");
        fails(IllegalArgumentException.class, () -> Losses.crossEntropy(t(2, 3), new int[] {0}), "crossEntropy", "1 targets", "2");
        fails(IllegalArgumentException.class, () -> Ops.dropout(t(2), 1.0, true, new SplittableRandom(1)), "dropout", "1.0");
        fails(IllegalArgumentException.class, () -> Ops.dropout(t(2), Double.NaN, true, new SplittableRandom(1)), "NaN");
    }

    @Test
    void factoriesRejectBadShapesAndData() {
        fails(IllegalArgumentException.class, () -> Tensor.zeros(DType.F32, 2, -1), "[2, -1]");
        fails(IllegalArgumentException.class, () -> Tensor.zeros(DType.F32, 65536, 65536), "[65536, 65536]");
        fails(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3), "5", "[2, 3]", "6");
        fails(IllegalArgumentException.class, () -> Tensor.uniform(DType.F64, 1, 1, 0, 2), "low=1.0");
        fails(IllegalStateException.class, () -> t(2, 2).item(), "4 elements");
    }

    @Test
    void onlyLeavesCanBeMarkedAndBackwardNeedsAGradientPath() {
        Tensor w = t(2).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            Tensor y = Ops.tanh(w);
            fails(IllegalStateException.class, () -> y.requiresGrad(false), "leaves");
            fails(IllegalArgumentException.class, () -> tape.backward(Ops.sum(t(2))), "does not require a gradient");
        }
    }
}
