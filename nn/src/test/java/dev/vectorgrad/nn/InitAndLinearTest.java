package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Orthogonal and Xavier initialisation, and {@link Linear} over the last axis of any rank. */
class InitAndLinearTest {

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        for (int[] shape : new int[][] {{8, 8}, {12, 4}, {3, 9}}) {
            Tensor t = Tensor.zeros(DType.F64, shape);
            Init.orthogonal(t, 1.0, new SplittableRandom(5));
            int rows = shape[0];
            int cols = shape[1];
            boolean byRows = rows <= cols;
            int count = byRows ? rows : cols;
            for (int a = 0; a < count; a++) {
                for (int b = 0; b < count; b++) {
                    double dot = 0;
                    for (int i = 0; i < (byRows ? cols : rows); i++) {
                        dot += byRows ? t.get(a * cols + i) * t.get(b * cols + i) : t.get(i * cols + a) * t.get(i * cols + b);
                    }
                    assertEquals(a == b ? 1.0 : 0.0, dot, 1e-12, "shape " + shape[0] + "x" + shape[1]);
                }
            }
        }
    }

    @Test
    void uniformInitialisersStayInsideTheirBoundsAndFillThem() {
        Tensor w = Tensor.zeros(DType.F64, 40, 60);
        Init.xavierUniform(w, 1.0, new SplittableRandom(1));
        double bound = Math.sqrt(6.0 / 100);
        double max = 0;
        for (double v : w.dataF64()) {
            assertTrue(Math.abs(v) <= bound);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.95 * bound, "2,400 draws should come near the bound " + bound + ", max " + max);
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(Tensor.zeros(DType.F64, 3), 1, new SplittableRandom(1)));
    }

    @Test
    void linearAppliesToTheLastAxisOfAnyRank() {
        Linear linear = new Linear(3, 2, LinearOptions.defaults().withDType(DType.F64).withSeed(4));
        Tensor x = Tensor.uniform(DType.F64, -1, 1, 2, 4, 5, 3);
        Tensor y = linear.forward(x);
        assertArrayEquals(new int[] {4, 5, 2}, y.shape());
        for (int r = 0; r < 20; r++) {
            for (int o = 0; o < 2; o++) {
                double s = linear.bias().get(o);
                for (int i = 0; i < 3; i++) {
                    s += x.get(r * 3 + i) * linear.weight().get(o * 3 + i);
                }
                assertEquals(s, y.get(r * 2 + o), 1e-15);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> linear.forward(Tensor.zeros(DType.F64, 2, 4)));
        assertTrue(e.getMessage().contains("[2, 4]") && e.getMessage().contains("3"), e.getMessage());
    }
}
