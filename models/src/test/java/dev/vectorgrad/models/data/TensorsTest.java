package dev.vectorgrad.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class TensorsTest {

    @Test
    void floatArraysOfEveryRankKeepShapeAndRowMajorOrder() {
        Tensor t1 = Tensors.of(new float[] {1, 2, 3});
        assertEquals(DType.F32, t1.dtype());
        assertArrayEquals(new int[] {3}, t1.shape());
        assertArrayEquals(new float[] {1, 2, 3}, t1.dataF32());

        Tensor t3 = Tensors.of(new float[][][] {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}});
        assertArrayEquals(new int[] {2, 3, 2}, t3.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, t3.dataF32());

        Tensor t4 = Tensors.of(new float[][][][] {{{{1}, {2}}}, {{{3}, {4}}}});
        assertArrayEquals(new int[] {2, 1, 2, 1}, t4.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4}, t4.dataF32());

        Tensor t5 = Tensors.of(new float[1][2][1][3][2]);
        assertArrayEquals(new int[] {1, 2, 1, 3, 2}, t5.shape());
    }

    @Test
    void doublesBecomeF64AndIdsBecomeIntegralF32() {
        Tensor d = Tensors.of(new double[][] {{0.1, 0.2}, {0.3, 0.4}});
        assertEquals(DType.F64, d.dtype());
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, d.dataF64()); // exact: no float rounding on the way

        Tensor ids = Tensors.of(new int[][] {{3, 0, 7}, {1, 2, 16777216}});
        assertEquals(DType.F32, ids.dtype());
        assertArrayEquals(new int[] {2, 3}, ids.shape());
        assertArrayEquals(new float[] {3, 0, 7, 1, 2, 16777216f}, ids.dataF32());
    }

    @Test
    void theArrayIsCopied() {
        float[][] x = {{1, 2}};
        Tensor t = Tensors.of(x);
        x[0][0] = 9;
        assertEquals(1f, t.dataF32()[0]);
    }

    @Test
    void raggedArraysNameTheFirstRaggedRowAndBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.of(new float[][] {{1, 2, 3}, {4, 5, 6}, {7, 8}, {9}}));
        assertEquals("ragged array: row [2] has length 2, expected 3 (the length of row [0])", e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.of(new int[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8, 9}}}));
        assertEquals("ragged array: row [1][1] has length 3, expected 2 (the length of row [0][0])", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Tensors.of(new double[][] {{1}, null}));
        assertEquals("row [1] is null", e.getMessage());
    }

    @Test
    void otherTypesAndOutOfRangeIdsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensors.of(new long[] {1}));
        assertEquals("expected a nested float, double or int array, got long[]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensors.of("abc"));
        assertThrows(IllegalArgumentException.class, () -> Tensors.of(null));
        e = assertThrows(IllegalArgumentException.class, () -> Tensors.of(new int[][] {{1, 2}, {3, 16777217}}));
        assertEquals("id 16777217 at [1][1] is beyond +-16777216, the range a float holds exactly", e.getMessage());
    }

    @Test
    void flatArraysWithAShape() {
        Tensor f = Tensors.ofFlat(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new int[] {2, 3}, f.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.dataF32());
        assertEquals(DType.F64, Tensors.ofFlat(new double[] {1, 2}, 2, 1).dtype());
        Tensor ids = Tensors.ofFlat(new int[] {4, 5, 6, 7}, 2, 2);
        assertArrayEquals(new float[] {4, 5, 6, 7}, ids.dataF32());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensors.ofFlat(new float[] {1, 2, 3, 4, 5}, 2, 3));
        assertEquals("flat array has 5 elements but shape [2, 3] needs 6", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensors.ofFlat(new int[] {1, -16777217}, 2));
        assertEquals("id -16777217 at flat index 1 is beyond +-16777216, the range a float holds exactly",
                e.getMessage());
    }
}
