package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.nn.Init;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The four parameters of one recurrent cell (one layer and direction of a sequence layer):
 * {@code weight_ih [G*H, I]}, {@code weight_hh [G*H, H]}, {@code bias_ih [G*H]},
 * {@code bias_hh [G*H]}, gates stacked in PyTorch's order.
 */
public record CellWeights(CellType type, int inputSize, int hiddenSize,
                          Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {

    /** Checks that the four tensors have the shapes of a {@code type} cell and one dtype. */
    public CellWeights {
        int rows = type.gates() * hiddenSize;
        check("weight_ih", weightIh, rows, inputSize);
        check("weight_hh", weightHh, rows, hiddenSize);
        check("bias_ih", biasIh, rows);
        check("bias_hh", biasHh, rows);
        for (Tensor t : new Tensor[] {weightHh, biasIh, biasHh}) {
            if (t.dtype() != weightIh.dtype()) {
                throw new IllegalArgumentException(type + " weights mix dtypes: weight_ih is " + weightIh.dtype()
                        + ", another is " + t.dtype());
            }
        }
    }

    private static void check(String name, Tensor t, int... shape) {
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(name + " is " + java.util.Arrays.toString(t.shape()) + ", expected "
                    + java.util.Arrays.toString(shape));
        }
    }

    /** New weights with PyTorch's default initialisation {@code U(-1/sqrt(H), 1/sqrt(H))}, requiring gradients. */
    static CellWeights create(CellType type, int inputSize, int hiddenSize, DType dtype, RandomGenerator random) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("cell sizes must be positive, got inputSize=" + inputSize
                    + ", hiddenSize=" + hiddenSize);
        }
        int rows = type.gates() * hiddenSize;
        Tensor[] p = {
            Tensor.zeros(dtype, rows, inputSize), Tensor.zeros(dtype, rows, hiddenSize),
            Tensor.zeros(dtype, rows), Tensor.zeros(dtype, rows),
        };
        for (Tensor t : p) {
            Init.recurrentDefault(t, hiddenSize, random);
            t.requiresGrad(true);
        }
        return new CellWeights(type, inputSize, hiddenSize, p[0], p[1], p[2], p[3]);
    }

    /**
     * Registers the parameters with {@code register} under PyTorch's names with {@code suffix} ({@code ""},
     * {@code "_l0"}, {@code "_l1_reverse"}), in PyTorch's order.
     */
    void registerInto(BiConsumer<String, Tensor> register, String suffix) {
        register.accept("weight_ih" + suffix, weightIh);
        register.accept("weight_hh" + suffix, weightHh);
        register.accept("bias_ih" + suffix, biasIh);
        register.accept("bias_hh" + suffix, biasHh);
    }

    DType dtype() {
        return weightIh.dtype();
    }
}
