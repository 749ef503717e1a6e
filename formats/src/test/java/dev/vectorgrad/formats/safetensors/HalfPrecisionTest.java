package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BF16 and F16 are widened exactly to F32. Expected values are computed here from the definitions
 * of the formats (sign, biased exponent, fraction), in double arithmetic, not by bit shifting.
 */
class HalfPrecisionTest {

    @TempDir
    Path dir;

    /** IEEE binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. */
    static float f16(int bits) {
        int sign = bits >>> 15 & 1;
        int exponent = bits >>> 10 & 0x1F;
        int fraction = bits & 0x3FF;
        double s = sign == 1 ? -1.0 : 1.0;
        if (exponent == 0) {
            return (float) (s * fraction * Math.pow(2, -24)); // subnormal: 2^-14 * fraction / 2^10
        }
        if (exponent == 31) {
            return fraction == 0 ? (float) (s * Double.POSITIVE_INFINITY) : nan(sign, fraction << 13);
        }
        return (float) (s * (1024 + fraction) * Math.pow(2, exponent - 25)); // 2^(e-15) * (1 + fraction / 2^10)
    }

    /** bfloat16: 1 sign bit, 8 exponent bits (bias 127), 7 fraction bits. */
    static float bf16(int bits) {
        int sign = bits >>> 15 & 1;
        int exponent = bits >>> 7 & 0xFF;
        int fraction = bits & 0x7F;
        double s = sign == 1 ? -1.0 : 1.0;
        if (exponent == 0) {
            return (float) (s * fraction * Math.pow(2, -133)); // subnormal: 2^-126 * fraction / 2^7
        }
        if (exponent == 255) {
            return fraction == 0 ? (float) (s * Double.POSITIVE_INFINITY) : nan(sign, fraction << 16);
        }
        return (float) (s * (128 + fraction) * Math.pow(2, exponent - 134)); // 2^(e-127) * (1 + fraction / 2^7)
    }

    /** A NaN keeping the sign and the payload, placed at the top of the F32 fraction. */
    private static float nan(int sign, int f32Fraction) {
        return Float.intBitsToFloat(sign << 31 | 0x7F800000 | f32Fraction);
    }

    private static byte[] allPatterns() {
        int[] all = new int[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        byte[] data = Corpus.le16(all);
        return Corpus.file("{" + Corpus.entry("f16", "F16", "[256,256]", 0, 131072) + ","
                + Corpus.entry("bf16", "BF16", "[65536]", 131072, 262144) + "}", Corpus.concat(data, data));
    }

    private static void assertAllPatterns(SafeTensorsFile read) throws SafeTensorsException {
        Tensor f16 = read.requireShape("f16", 256, 256);
        Tensor bf16 = read.requireShape("bf16", 65536);
        assertEquals(DType.F32, f16.dtype());
        assertEquals(DType.F32, bf16.dtype());
        assertEquals("F16", read.storedDtype("f16"));
        assertEquals("BF16", read.storedDtype("bf16"));
        for (int bits = 0; bits < 65536; bits++) {
            int b = bits;
            assertEquals(Float.floatToRawIntBits(f16(bits)), Float.floatToRawIntBits(f16.dataF32()[bits]),
                    () -> "F16 0x" + Integer.toHexString(b));
            assertEquals(Float.floatToRawIntBits(bf16(bits)), Float.floatToRawIntBits(bf16.dataF32()[bits]),
                    () -> "BF16 0x" + Integer.toHexString(b));
        }
    }

    @Test
    void everyF16AndBf16BitPatternWidensExactly() throws IOException {
        byte[] bytes = allPatterns();
        assertAllPatterns(SafeTensors.read(bytes));
        Path file = dir.resolve("halves.safetensors");
        Files.write(file, bytes);
        assertAllPatterns(SafeTensors.read(file));
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            assertAllPatterns(SafeTensors.read(ch));
        }
    }

    @Test
    void knownValues() throws SafeTensorsException {
        // The definitions above, checked on values known independently.
        assertEquals(1.0f, f16(0x3C00));
        assertEquals(-2.0f, f16(0xC000));
        assertEquals(65504.0f, f16(0x7BFF));
        assertEquals(0x1p-24f, f16(0x0001));
        assertEquals(1023 * 0x1p-24f, f16(0x03FF));
        assertEquals(0x1p-14f, f16(0x0400));
        assertEquals(Float.NEGATIVE_INFINITY, f16(0xFC00));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(f16(0x8000)));
        assertEquals(0.333251953125f, f16(0x3555));
        assertEquals(1.0f, bf16(0x3F80));
        assertEquals(-3.140625f, bf16(0xC049));
        assertEquals(0x1p-133f, bf16(0x0001));
        assertEquals(0x1.fep127f, bf16(0x7F7F));
        assertEquals(Float.POSITIVE_INFINITY, bf16(0x7F80));
        assertTrue(Float.isNaN(bf16(0x7FC1)));

        // The same values through the reader, from the committed corpus layouts.
        SafeTensorsFile f16 = SafeTensors.read(Corpus.valid().stream().filter(c -> c.name().equals("f16-specials"))
                .findFirst().orElseThrow().bytes());
        float[] h = f16.require("h").dataF32();
        assertEquals(1.0f, h[0]);
        assertEquals(-2.0f, h[1]);
        assertEquals(0x1p-24f, h[2]);
        assertEquals(1023 * 0x1p-24f, h[3]);
        assertEquals(65504.0f, h[4]);
        assertEquals(Float.NEGATIVE_INFINITY, h[5]);
        assertEquals(0x7FC02000, Float.floatToRawIntBits(h[6])); // F16 NaN 0x7E01: quiet bit and payload 1 kept
        assertEquals(0x80000000, Float.floatToRawIntBits(h[7]));
        SafeTensorsFile bf16 = SafeTensors.read(Corpus.valid().stream().filter(c -> c.name().equals("bf16-specials"))
                .findFirst().orElseThrow().bytes());
        float[] g = bf16.require("h").dataF32();
        assertEquals(1.0f, g[0]);
        assertEquals(-3.140625f, g[1]);
        assertEquals(0x1p-133f, g[2]);
        assertEquals(0x1.fep127f, g[3]);
        assertEquals(Float.POSITIVE_INFINITY, g[4]);
        assertEquals(Float.NEGATIVE_INFINITY, g[5]);
        assertEquals(0x7FC10000, Float.floatToRawIntBits(g[6]));
        assertEquals(0x80000000, Float.floatToRawIntBits(g[7]));
    }

    @Test
    void largeF16TensorsCrossTheChannelChunkBoundary() throws IOException {
        int n = 700_001; // 1.4 MB of F16: more than one 1 MiB channel read
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
            bits[i] = i * 7919 & 0xFFFF;
        }
        Path file = dir.resolve("big16.safetensors");
        Files.write(file, Corpus.file("{" + Corpus.entry("w", "F16", "[" + n + "]", 0, 2L * n) + "}", Corpus.le16(bits)));
        float[] w = SafeTensors.read(file).require("w").dataF32();
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(f16(bits[i])), Float.floatToRawIntBits(w[i]), "element " + i);
        }
    }
}
