package dev.vectorgrad.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The argument checks at their exact boundaries: the last accepted value and the first refused one, for every
 * operand of every check (a check that skips one operand, or is off by one, fails here), with the messages the
 * kernels' callers see.
 */
class ChecksTest {

    private static final float[] TEN = new float[10];

    private static void refused(String message, Executable check) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, check).getMessage());
    }

    @Test
    void aVectorMayEndAtTheArraysEndAndNotOnePast() {
        assertDoesNotThrow(() -> Checks.vector("op", "x", 4, TEN, 6));
        refused("op: x needs 4 elements from offset 7, but its length is 10", () -> Checks.vector("op", "x", 4, TEN, 7));
        refused("op: offset of x must be >= 0, but is -1", () -> Checks.vector("op", "x", 0, TEN, -1));
    }

    @Test
    void aMatrixNeedsARowLongLeadingDimensionAndEndsInsideItsArray() {
        assertDoesNotThrow(() -> Checks.matrix("op", "A", 3, 3, TEN, 1, 3));     // rows at 1, 4, 7: ends at 10
        refused("op: A is 3x3 with leading dimension 3 and needs 9 elements from offset 2, but its length is 10",
                () -> Checks.matrix("op", "A", 3, 3, TEN, 2, 3));
        refused("op: leading dimension of A must be >= max(1, 3) (its row length), but is 2",
                () -> Checks.matrix("op", "A", 1, 3, TEN, 0, 2));
        assertDoesNotThrow(() -> Checks.matrix("op", "A", 0, 0, TEN, 10, 1));    // empty: no element needed
        refused("op: leading dimension of A must be >= max(1, 0) (its row length), but is 0",
                () -> Checks.matrix("op", "A", 0, 0, TEN, 0, 0));
        refused("op: offset of A must be >= 0, but is -1", () -> Checks.matrix("op", "A", 1, 1, TEN, -1, 1));
    }

    @Test
    void anOutputMayAliasItsInputExactlyOrTouchItButNotOverlapPartly() {
        assertDoesNotThrow(() -> Checks.noPartialOverlap("op", "out", TEN, 2, "x", TEN, 2, 4));  // in place
        assertDoesNotThrow(() -> Checks.noPartialOverlap("op", "out", TEN, 0, "x", TEN, 4, 4));  // [0,4) then [4,8)
        assertDoesNotThrow(() -> Checks.noPartialOverlap("op", "out", TEN, 4, "x", TEN, 0, 4));
        assertDoesNotThrow(() -> Checks.noPartialOverlap("op", "out", TEN, 0, "x", TEN, 1, 0));  // nothing to write
        assertDoesNotThrow(() -> Checks.noPartialOverlap("op", "out", TEN, 0, "x", new float[10], 1, 4));
        refused("op: out [0, 4) partly overlaps x [3, 7)", () -> Checks.noPartialOverlap("op", "out", TEN, 0, "x", TEN, 3, 4));
        refused("op: out [3, 7) partly overlaps x [0, 4)", () -> Checks.noPartialOverlap("op", "out", TEN, 3, "x", TEN, 0, 4));
    }

    @Test
    void disjointRangesMayTouchButNotShareAnElement() {
        assertDoesNotThrow(() -> Checks.disjoint("op", "C", TEN, 0, 4, "A", TEN, 4, 6));
        assertDoesNotThrow(() -> Checks.disjoint("op", "C", TEN, 4, 6, "A", TEN, 0, 4));
        assertDoesNotThrow(() -> Checks.disjoint("op", "C", TEN, 3, 0, "A", TEN, 0, 6));        // empty C inside A
        assertDoesNotThrow(() -> Checks.disjoint("op", "C", TEN, 0, 6, "A", TEN, 3, 0));        // empty A inside C
        refused("op: C [0, 5) overlaps A [4, 10)", () -> Checks.disjoint("op", "C", TEN, 0, 5, "A", TEN, 4, 6));
        refused("op: C [4, 10) overlaps A [0, 5)", () -> Checks.disjoint("op", "C", TEN, 4, 6, "A", TEN, 0, 5));
    }

    @Test
    void gemmChecksEachMatrixAndThatCTouchesNeitherInput() {
        // m = n = k = 2: A at 0, B at 4, C at 8 of one array: each 4 elements.
        float[] one = new float[12];
        assertDoesNotThrow(() -> Checks.gemm(false, false, 2, 2, 2, one, 0, 2, one, 4, 2, one, 8, 2));
        refused("gemm: C [3, 7) overlaps A [0, 4)", () -> Checks.gemm(false, false, 2, 2, 2, one, 0, 2, new float[4], 0, 2, one, 3, 2));
        refused("gemm: C [7, 11) overlaps B [4, 8)", () -> Checks.gemm(false, false, 2, 2, 2, new float[4], 0, 2, one, 4, 2, one, 7, 2));
        refused("gemm: A is 2x2 with leading dimension 2 and needs 4 elements from offset 9, but its length is 12",
                () -> Checks.gemm(false, false, 2, 2, 2, one, 9, 2, new float[4], 0, 2, new float[4], 0, 2));
        refused("gemm: B (transposed, stored n x k) is 2x2 with leading dimension 2 and needs 4 elements from offset 9,"
                + " but its length is 12", () -> Checks.gemm(false, true, 2, 2, 2, new float[4], 0, 2, one, 9, 2, new float[4], 0, 2));
        refused("gemm: C is 2x2 with leading dimension 2 and needs 4 elements from offset 9, but its length is 12",
                () -> Checks.gemm(false, false, 2, 2, 2, new float[4], 0, 2, new float[4], 0, 2, one, 9, 2));
        refused("gemm: k must be >= 0, but is -1", () -> Checks.gemm(false, false, 1, 1, -1, one, 0, 1, one, 0, 1, one, 0, 1));
    }

    @Test
    void packAndPackedGemmCheckTheirSizesAndMatrices() {
        refused("pack: k must be >= 0, but is -1", () -> Checks.pack(false, -1, 1, TEN, 0, 1));
        refused("pack: n must be >= 0, but is -1", () -> Checks.pack(false, 1, -1, TEN, 0, 1));
        refused("pack: B is 2x4 with leading dimension 4 and needs 8 elements from offset 3, but its length is 10",
                () -> Checks.pack(false, 2, 4, TEN, 3, 4));
        refused("gemm: n must be >= 0, but is -1", () -> Checks.packedGemm(false, 1, -1, 1, TEN, 0, 1, 1, -1, TEN, 0, 1));
        refused("gemm: k must be >= 0, but is -1", () -> Checks.packedGemm(false, 1, 1, -1, TEN, 0, 1, -1, 1, TEN, 0, 1));
        refused("gemm: packed B is 3x2, but op(B) must be k x n = 2x2",
                () -> Checks.packedGemm(false, 1, 2, 2, TEN, 0, 2, 3, 2, TEN, 0, 2));
        refused("gemm: C [1, 3) overlaps A [0, 2)", () -> Checks.packedGemm(false, 1, 2, 2, TEN, 0, 2, 2, 2, TEN, 1, 2));
    }

    @Test
    void gemvChecksItsSizesMatrixVectorsAndThatYTouchesNeither() {
        float[] one = new float[12];
        // A 2x3 at 0, x (3) at 6, y (2) at 9: all disjoint.
        assertDoesNotThrow(() -> Checks.gemv(false, 2, 3, one, 0, 3, one, 6, one, 9));
        refused("gemv: m must be >= 0, but is -1", () -> Checks.gemv(false, -1, 3, one, 0, 3, one, 6, one, 9));
        refused("gemv: n must be >= 0, but is -1", () -> Checks.gemv(false, 2, -1, one, 0, 3, one, 6, one, 9));
        refused("gemv: A is 2x3 with leading dimension 3 and needs 6 elements from offset 7, but its length is 12",
                () -> Checks.gemv(false, 2, 3, one, 7, 3, new float[3], 0, new float[2], 0));
        refused("gemv: x needs 3 elements from offset 10, but its length is 12",
                () -> Checks.gemv(false, 2, 3, new float[6], 0, 3, one, 10, new float[2], 0));
        refused("gemv: x needs 2 elements from offset 11, but its length is 12",   // transposed: x has m elements
                () -> Checks.gemv(true, 2, 3, new float[6], 0, 3, one, 11, new float[3], 0));
        refused("gemv: y needs 2 elements from offset 11, but its length is 12",
                () -> Checks.gemv(false, 2, 3, new float[6], 0, 3, new float[3], 0, one, 11));
        refused("gemv: y [5, 7) overlaps A [0, 6)", () -> Checks.gemv(false, 2, 3, one, 0, 3, new float[3], 0, one, 5));
        refused("gemv: y [7, 9) overlaps x [6, 9)", () -> Checks.gemv(false, 2, 3, new float[6], 0, 3, one, 6, one, 7));
    }

    @Test
    void elementwiseChecksNameEachOperandAndEachPartialOverlap() {
        float[] s = new float[3];
        refused("op: x needs 4 elements from offset 7, but its length is 10", () -> Checks.binary("op", 4, TEN, 7, TEN, 0, new float[4], 0));
        refused("op: y needs 4 elements from offset 7, but its length is 10", () -> Checks.binary("op", 4, TEN, 0, TEN, 7, new float[4], 0));
        refused("op: out needs 4 elements from offset 7, but its length is 10", () -> Checks.binary("op", 4, TEN, 0, TEN, 0, TEN, 7));
        refused("op: out [1, 5) partly overlaps y [0, 4)", () -> Checks.binary("op", 4, new float[4], 0, TEN, 0, TEN, 1));
        refused("op: x needs 4 elements from offset 0, but its length is 3", () -> Checks.unary("op", 4, s, 0, TEN, 0));
        refused("op: out [1, 5) partly overlaps x [0, 4)", () -> Checks.unary("op", 4, TEN, 0, TEN, 1));
        refused("op: x needs 4 elements from offset 0, but its length is 3", () -> Checks.single("op", 4, s, 0));
        String[] quaternary = {"a", "b", "c", "d", "out"};
        for (int bad = 0; bad < 5; bad++) {
            float[][] arrays = {TEN, TEN, TEN, TEN, TEN};
            arrays[bad] = s;
            float[][] a = arrays;
            refused("op: " + quaternary[bad] + " needs 4 elements from offset 0, but its length is 3",
                    () -> Checks.quaternary("op", 4, a[0], 0, a[1], 0, a[2], 0, a[3], 0, a[4], 0));
            if (bad < 4) {
                int[] offsets = {0, 0, 0, 0};
                offsets[bad] = 1;    // the bad operand partly overlaps out [0, 4); the others alias it exactly
                int[] o = offsets;
                refused("op: out [0, 4) partly overlaps " + quaternary[bad] + " [1, 5)",
                        () -> Checks.quaternary("op", 4, TEN, o[0], TEN, o[1], TEN, o[2], TEN, o[3], TEN, 0));
            }
        }
        String[] ternary = {"t", "a", "b", "out"};
        for (int bad = 0; bad < 4; bad++) {
            float[][] arrays = {TEN, TEN, TEN, TEN};
            arrays[bad] = s;
            float[][] a = arrays;
            refused("op: " + ternary[bad] + " needs 4 elements from offset 0, but its length is 3",
                    () -> Checks.ternary("op", 4, a[0], 0, a[1], 0, a[2], 0, a[3], 0));
            if (bad < 3) {
                int[] offsets = {0, 0, 0};
                offsets[bad] = 1;
                int[] o = offsets;
                refused("op: out [0, 4) partly overlaps " + ternary[bad] + " [1, 5)",
                        () -> Checks.ternary("op", 4, TEN, o[0], TEN, o[1], TEN, o[2], TEN, 0));
            }
        }
    }

    @Test
    void rowsMayRunInPlaceButNotShifted() {
        assertDoesNotThrow(() -> Checks.rows("op", 2, 3, TEN, 0, 4, TEN, 0, 4));           // in place
        assertDoesNotThrow(() -> Checks.rows("op", 1, 3, TEN, 0, 3, TEN, 3, 3));           // touching
        refused("op: out [1, 8) overlaps x [0, 7)", () -> Checks.rows("op", 2, 3, TEN, 0, 4, TEN, 1, 4));
        refused("op: out [0, 6) overlaps x [0, 7)", () -> Checks.rows("op", 2, 3, TEN, 0, 4, TEN, 0, 3));
        refused("op: rows must be >= 0, but is -1", () -> Checks.rows("op", -1, 3, TEN, 0, 3, TEN, 0, 3));
        refused("op: cols must be >= 0, but is -1", () -> Checks.rows("op", 1, -1, TEN, 0, 3, TEN, 0, 3));
        refused("op: out is 2x3 with leading dimension 3 and needs 6 elements from offset 5, but its length is 10",
                () -> Checks.rows("op", 2, 3, new float[6], 0, 3, TEN, 5, 3));
    }

    @Test
    void vectorBitsAreTheThreeWidthsOrTheDefault() {
        assertEquals(0, Checks.vectorBits(null));
        assertEquals(128, Checks.vectorBits("128"));
        assertEquals(256, Checks.vectorBits(" 256 "));
        assertEquals(512, Checks.vectorBits("512"));
        refused("system property vectorgrad.kernels.vectorBits must be 128, 256 or 512, but is '64'",
                () -> Checks.vectorBits("64"));
    }
}
