package dev.vectorgrad.formats.idx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The documented defaults of {@link IdxLimits}, the ranges of its setters, and that setting makes a copy. */
class IdxLimitsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        IdxLimits d = IdxLimits.defaults();
        assertEquals(16, d.maxRank());
        assertEquals(268_435_456, d.maxElements());
        assertEquals(1_073_741_824, d.maxDataBytes());
        assertSame(d, IdxLimits.defaults());
        assertEquals("IdxLimits[maxRank=16, maxElements=268435456, maxDataBytes=1073741824]", d.toString());
        assertEquals(255, IdxLimits.RANK_CAP);
        assertEquals(2_147_483_639, IdxLimits.DATA_BYTES_CAP);
    }

    @Test
    void settersChangeOneLimitInACopy() {
        IdxLimits d = IdxLimits.defaults();
        IdxLimits changed = d.withMaxRank(3).withMaxElements(7).withMaxDataBytes(9);
        assertEquals("IdxLimits[maxRank=3, maxElements=7, maxDataBytes=9]", changed.toString());
        assertEquals("IdxLimits[maxRank=16, maxElements=268435456, maxDataBytes=1073741824]", d.toString());
        assertEquals("IdxLimits[maxRank=16, maxElements=5, maxDataBytes=1073741824]", d.withMaxElements(5).toString());
        assertEquals("IdxLimits[maxRank=16, maxElements=268435456, maxDataBytes=5]", d.withMaxDataBytes(5).toString());
    }

    @Test
    void settersAcceptTheEndsOfTheirRanges() {
        IdxLimits d = IdxLimits.defaults();
        assertEquals(1, d.withMaxRank(1).maxRank());
        assertEquals(255, d.withMaxRank(255).maxRank());
        assertEquals(0, d.withMaxElements(0).maxElements());
        assertEquals(Integer.MAX_VALUE - 8, d.withMaxElements(Integer.MAX_VALUE - 8).maxElements());
        assertEquals(0, d.withMaxDataBytes(0).maxDataBytes());
        assertEquals(Integer.MAX_VALUE - 8, d.withMaxDataBytes(Integer.MAX_VALUE - 8).maxDataBytes());
    }

    @Test
    void settersRefuseValuesOutsideTheirRangesNamingThem() {
        IdxLimits d = IdxLimits.defaults();
        assertEquals("maxRank must be in [1, 255], got 0",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxRank(0)).getMessage());
        assertEquals("maxRank must be in [1, 255], got 256",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxRank(256)).getMessage());
        assertEquals("maxElements must be in [0, 2147483639], got -1",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxElements(-1)).getMessage());
        assertEquals("maxElements must be in [0, 2147483639], got 2147483640",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxElements(Integer.MAX_VALUE - 7)).getMessage());
        assertEquals("maxDataBytes must be in [0, 2147483639], got -1",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxDataBytes(-1)).getMessage());
        assertEquals("maxDataBytes must be in [0, 2147483639], got 2147483647",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxDataBytes(Integer.MAX_VALUE)).getMessage());
    }
}
