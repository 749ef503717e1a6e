package dev.vectorgrad.formats.idx;

import static dev.vectorgrad.formats.idx.IdxBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every IDX type read from bytes written out by hand, with the numbers those bytes mean written out
 * by hand too (two's complement for the integers, IEEE 754 bit patterns for the floats): exact values
 * through every accessor, the range methods, row-major order, empty arrays, and the accessors' own
 * argument checks.
 */
class IdxValuesTest {

    private static IdxArray read(String hexBytes) throws IdxException {
        return Idx.read(hex(hexBytes));
    }

    @Test
    void unsignedBytesRunFrom0To255() throws IdxException {
        IdxArray a = read("00 00 08 01  00 00 00 05  00 01 7f 80 ff");
        assertEquals(IdxType.UNSIGNED_BYTE, a.type());
        assertArrayEquals(new int[] {5}, a.dims());
        assertEquals(5, a.size());
        assertArrayEquals(new int[] {0, 1, 127, 128, 255}, a.toInts());
        assertEquals(255, a.getInt(4));
        assertEquals(128.0, a.getDouble(3));
        assertArrayEquals(new double[] {0, 1, 127, 128, 255}, a.toDoubles());
        assertArrayEquals(new float[] {0, 1, 127, 128, 255}, a.toFloats());
        // v / 255 rounded to float once: 255 gives exactly 1, 0 exactly 0.
        assertArrayEquals(new float[] {0f, 1f / 255f, 127f / 255f, 128f / 255f, 1f}, a.toUnitFloats());
        assertEquals(0.003921569f, a.toUnitFloats()[1]); // 1/255 = 0.00392156862..., nearest float printed
    }

    @Test
    void signedBytesAreTwosComplement() throws IdxException {
        IdxArray a = read("00 00 09 01  00 00 00 05  00 01 7f 80 ff");
        assertEquals(IdxType.SIGNED_BYTE, a.type());
        assertArrayEquals(new int[] {0, 1, 127, -128, -1}, a.toInts());
        assertArrayEquals(new double[] {0, 1, 127, -128, -1}, a.toDoubles());
        assertArrayEquals(new float[] {0, 1, 127, -128, -1}, a.toFloats());
        assertEquals(-128, a.getInt(3));
    }

    @Test
    void shortsAreBigEndianTwosComplement() throws IdxException {
        IdxArray a = read("00 00 0b 01  00 00 00 05  01 02 7f ff 80 00 ff ff 00 ff");
        assertEquals(IdxType.SHORT, a.type());
        assertArrayEquals(new int[] {258, 32767, -32768, -1, 255}, a.toInts());
        assertArrayEquals(new double[] {258, 32767, -32768, -1, 255}, a.toDoubles());
        assertArrayEquals(new float[] {258, 32767, -32768, -1, 255}, a.toFloats());
    }

    @Test
    void intsAreBigEndianTwosComplement() throws IdxException {
        IdxArray a = read("00 00 0c 01  00 00 00 05  01 02 03 04 7f ff ff ff 80 00 00 00 ff ff ff fe 01 00 00 01");
        assertEquals(IdxType.INT, a.type());
        assertArrayEquals(new int[] {16909060, Integer.MAX_VALUE, Integer.MIN_VALUE, -2, 16777217}, a.toInts());
        assertArrayEquals(new double[] {16909060, 2147483647.0, -2147483648.0, -2, 16777217}, a.toDoubles());
        // 16909060 = 0x01020304 needs 25 bits: the nearest float is 16909060 (even); 16777217 = 2^24 + 1 is a
        // tie between 2^24 and 2^24 + 2 and rounds to the even 2^24; 2^31 - 1 rounds to 2^31.
        assertArrayEquals(new float[] {16909060f, 2147483648f, -2147483648f, -2f, 16777216f}, a.toFloats());
    }

    @Test
    void floatsAreBigEndianBinary32() throws IdxException {
        // 1.0, -2.5, +inf, the smallest subnormal, -0.0
        IdxArray a = read("00 00 0d 01  00 00 00 05  3f 80 00 00 c0 20 00 00 7f 80 00 00 00 00 00 01 80 00 00 00");
        assertEquals(IdxType.FLOAT, a.type());
        float[] f = a.toFloats();
        assertArrayEquals(new float[] {1f, -2.5f, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -0f}, f);
        assertEquals(0x80000000, Float.floatToRawIntBits(f[4]));
        assertArrayEquals(new double[] {1, -2.5, Double.POSITIVE_INFINITY, Float.MIN_VALUE, -0.0}, a.toDoubles());
        assertEquals((double) Float.MIN_VALUE, a.getDouble(3));
    }

    @Test
    void aFloatNaNStaysNaN() throws IdxException {
        IdxArray a = read("00 00 0d 01  00 00 00 01  7f c0 00 00");
        assertEquals(0x7fc00000, Float.floatToRawIntBits(a.toFloats()[0]));
        assertTrue(Double.isNaN(a.getDouble(0)));
    }

    @Test
    void doublesAreBigEndianBinary64() throws IdxException {
        // 1.0, -2.0, the largest double, the smallest subnormal, 0.1
        IdxArray a = read("00 00 0e 01  00 00 00 05  3f f0 00 00 00 00 00 00  c0 00 00 00 00 00 00 00"
                + " 7f ef ff ff ff ff ff ff  00 00 00 00 00 00 00 01  3f b9 99 99 99 99 99 9a");
        assertEquals(IdxType.DOUBLE, a.type());
        assertArrayEquals(new double[] {1, -2, Double.MAX_VALUE, Double.MIN_VALUE, 0.1}, a.toDoubles());
        assertEquals(0.1, a.getDouble(4));
        // To float: rounded to nearest; MAX_VALUE overflows to infinity, MIN_VALUE underflows to 0.
        assertArrayEquals(new float[] {1f, -2f, Float.POSITIVE_INFINITY, 0f, 0.1f}, a.toFloats());
    }

    @Test
    void elementsAreRowMajor() throws IdxException {
        // A 2 x 3 array of shorts holding 10 * row + col.
        IdxArray a = read("00 00 0b 02  00 00 00 02 00 00 00 03  00 00 00 01 00 02 00 0a 00 0b 00 0c");
        assertArrayEquals(new int[] {2, 3}, a.dims());
        assertEquals(2, a.rank());
        assertEquals(2, a.dim(0));
        assertEquals(3, a.dim(1));
        assertEquals(6, a.size());
        assertEquals(12, a.getInt(1 * 3 + 2));
        assertEquals(10, a.getInt(1 * 3 + 0));
        assertArrayEquals(new int[] {10, 11, 12}, a.toInts(3, 3));
    }

    @Test
    void rangesTakeTheElementsAskedFor() throws IdxException {
        IdxArray a = read("00 00 08 02  00 00 00 03 00 00 00 02  00 33 66 99 cc ff");
        assertArrayEquals(new int[] {0x66, 0x99}, a.toInts(2, 2));
        assertArrayEquals(new float[] {0x99, 0xcc, 0xff}, a.toFloats(3, 3));
        assertArrayEquals(new double[] {0x00}, a.toDoubles(0, 1));
        assertArrayEquals(new float[] {0.2f, 0.4f}, a.toUnitFloats(1, 2)); // 0x33 = 51 = 255 / 5, 0x66 = 102
        assertArrayEquals(new int[0], a.toInts(6, 0));
    }

    @Test
    void rangesOutsideTheArrayThrowNamingTheRangeAndTheSize() throws IdxException {
        IdxArray a = read("00 00 08 01  00 00 00 04  01 02 03 04");
        assertEquals("Range [3, 3 + 2) out of bounds for length 4",
                assertThrows(IndexOutOfBoundsException.class, () -> a.toInts(3, 2)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.toFloats(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.toDoubles(0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> a.toUnitFloats(4, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.toInts(0, -1));
        assertEquals("Index 4 out of bounds for length 4",
                assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(4)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.getInt(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.getDouble(4));
        assertThrows(IndexOutOfBoundsException.class, () -> a.dim(1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.dim(-1));
    }

    @Test
    void integerAccessorsRefuseFloatingPointArraysNamingTheType() throws IdxException {
        IdxArray floats = read("00 00 0d 01  00 00 00 01  3f 80 00 00");
        assertEquals("getInt reads integer arrays: expected UNSIGNED_BYTE, SIGNED_BYTE, SHORT or INT, found FLOAT"
                + " (use getDouble, toFloats or toDoubles)",
                assertThrows(IllegalStateException.class, () -> floats.getInt(0)).getMessage());
        IdxArray doubles = read("00 00 0e 01  00 00 00 01  3f f0 00 00 00 00 00 00");
        assertTrue(assertThrows(IllegalStateException.class, doubles::toInts).getMessage()
                .startsWith("toInts reads integer arrays: expected UNSIGNED_BYTE, SIGNED_BYTE, SHORT or INT, found DOUBLE"));
    }

    @Test
    void unitFloatsAreOnlyForUnsignedBytes() throws IdxException {
        IdxArray signed = read("00 00 09 01  00 00 00 01  ff");
        assertEquals("toUnitFloats scales unsigned bytes (pixels) to [0, 1]: expected an UNSIGNED_BYTE array, found"
                + " SIGNED_BYTE", assertThrows(IllegalStateException.class, signed::toUnitFloats).getMessage());
        IdxArray shorts = read("00 00 0b 01  00 00 00 01  00 ff");
        assertThrows(IllegalStateException.class, () -> shorts.toUnitFloats(0, 1));
    }

    @Test
    void dimsIsACopy() throws IdxException {
        IdxArray a = read("00 00 08 02  00 00 00 01 00 00 00 02  07 08");
        int[] dims = a.dims();
        dims[0] = 99;
        assertArrayEquals(new int[] {1, 2}, a.dims());
        assertEquals(1, a.dim(0));
    }

    @Test
    void arraysWithAZeroDimensionAreEmpty() throws IdxException {
        IdxArray a = read("00 00 0c 03  00 00 00 05 00 00 00 00 00 00 00 07");
        assertArrayEquals(new int[] {5, 0, 7}, a.dims());
        assertEquals(0, a.size());
        assertArrayEquals(new int[0], a.toInts());
        assertArrayEquals(new float[0], a.toFloats());
        // 2^31 - 1 times 0 is an empty array too: the dimension fits an int.
        IdxArray wide = read("00 00 08 02  7f ff ff ff 00 00 00 00");
        assertArrayEquals(new int[] {Integer.MAX_VALUE, 0}, wide.dims());
        assertEquals(0, wide.size());
    }

    @Test
    void toStringNamesTheTypeAndDimensions() throws IdxException {
        assertEquals("IdxArray[UNSIGNED_BYTE 2 x 1 x 3]", read("00 00 08 03  00 00 00 02 00 00 00 01 00 00 00 03"
                + "  01 02 03 04 05 06").toString());
        assertEquals("IdxArray[DOUBLE 0]", read("00 00 0e 01  00 00 00 00").toString());
    }

    @Test
    void typesKnowTheirCodeAndSize() {
        assertEquals(6, IdxType.values().length);
        int[][] expected = {{0x08, 1}, {0x09, 1}, {0x0b, 2}, {0x0c, 4}, {0x0d, 4}, {0x0e, 8}};
        IdxType[] order = {IdxType.UNSIGNED_BYTE, IdxType.SIGNED_BYTE, IdxType.SHORT, IdxType.INT, IdxType.FLOAT,
                IdxType.DOUBLE};
        for (int i = 0; i < order.length; i++) {
            assertEquals(expected[i][0], order[i].code(), order[i].name());
            assertEquals(expected[i][1], order[i].bytes(), order[i].name());
            assertEquals(i < 4, order[i].isInteger(), order[i].name());
        }
        assertFalse(IdxType.FLOAT.isInteger());
    }
}
