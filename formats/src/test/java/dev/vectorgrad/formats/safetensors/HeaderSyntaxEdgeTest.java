package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards the strict JSON header parser on hand-built hostile headers: JSON whitespace between every
 * pair of tokens, backslash-u escapes with every hex digit class and the characters just outside
 * each class, surrogate escapes cut at the end of the header, literals ending exactly at the end of
 * the header, integers at the edge of {@code long}, long numbers shortened in messages, exponents,
 * how characters are described in messages, and invalid UTF-8 reported at its byte position.
 */
class HeaderSyntaxEdgeTest {

    /** A file with {@code header} (UTF-8) followed by {@code data}. */
    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    private static SafeTensorsException rejects(String header, int dataBytes) {
        return assertThrows(SafeTensorsException.class, () -> SafeTensors.read(file(header, new byte[dataBytes])));
    }

    private static void assertMessage(String expected, SafeTensorsException e) {
        assertEquals(expected, e.getMessage());
    }

    // ---- whitespace ---------------------------------------------------------------------------

    /** Every token of a header with metadata, two tensors and an empty-shape scalar. */
    private static final List<String> TOKENS = List.of(
            "{", "\"__metadata__\"", ":", "{", "\"k\"", ":", "\"v\"", ",", "\"k2\"", ":", "\"v2\"", "}", ",",
            "\"a\"", ":", "{", "\"dtype\"", ":", "\"F32\"", ",", "\"shape\"", ":", "[", "2", "]", ",",
            "\"data_offsets\"", ":", "[", "0", ",", "8", "]", "}", ",",
            "\"b\"", ":", "{", "\"dtype\"", ":", "\"F64\"", ",", "\"shape\"", ":", "[", "]", ",",
            "\"data_offsets\"", ":", "[", "8", ",", "16", "]", "}", "}");

    /** a = [1.5, -2] as F32, then b = 0.25 as F64, little-endian. */
    private static byte[] data() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putDouble(0.25).array();
    }

    static Stream<String> whitespace() {
        return Stream.of(" ", "\t", "\n", "\r", "\r\n", " \t\n\r ");
    }

    @ParameterizedTest(name = "whitespace {index}")
    @MethodSource("whitespace")
    void whitespaceBetweenEveryTokenParsesLikeTheCompactHeader(String ws) throws SafeTensorsException {
        // The header must start with '{' (checked on the first byte), so whitespace goes between tokens and after.
        String header = String.join(ws, TOKENS) + ws;
        SafeTensorsFile f = SafeTensors.read(file(header, data()));
        assertEquals(List.of("a", "b"), List.copyOf(f.tensors().keySet()));
        Tensor a = f.tensors().get("a");
        assertArrayEquals(new int[] {2}, a.shape());
        assertArrayEquals(new float[] {1.5f, -2f}, a.dataF32());
        Tensor b = f.tensors().get("b");
        assertArrayEquals(new int[0], b.shape());
        assertArrayEquals(new double[] {0.25}, b.dataF64());
        assertEquals(List.of(Map.entry("k", "v"), Map.entry("k2", "v2")), List.copyOf(f.metadata().entrySet()));
        assertEquals("F32", f.storedDtype("a"));
        assertEquals("F64", f.storedDtype("b"));
    }

    @ParameterizedTest(name = "whitespace {index}")
    @MethodSource("whitespace")
    void whitespaceInsideEmptyObjectsIsAccepted(String ws) throws SafeTensorsException {
        SafeTensorsFile f = SafeTensors.read(file("{" + ws + "\"__metadata__\"" + ws + ":" + ws + "{" + ws + "}" + ws + "}"
                + ws, new byte[0]));
        assertTrue(f.metadata().isEmpty());
        assertTrue(f.tensors().isEmpty());
        assertTrue(SafeTensors.read(file("{" + ws + "}" + ws, new byte[0])).tensors().isEmpty());
    }

    @Test
    void aNonWhitespaceCharacterAfterACommaIsReportedWithItsPosition() {
        // A form feed is not JSON whitespace: "{\"a\":{...},\f" fails where the next name should start.
        String entry = "\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}";
        String header = "{" + entry + ",\f\"b\":{}}";
        int at = 1 + entry.length() + 1;
        assertMessage("safetensors: malformed header JSON at character " + at
                + ": expected a tensor name (a string) or '}', found U+000C", rejects(header, 0));
        String metadata = "{\"__metadata__\":{\"k\":\"v\",\f\"x\":\"y\"}}";
        assertMessage("safetensors: malformed header JSON at character " + metadata.indexOf('\f') + ": expected a key"
                + " (a string) or '}' in \"__metadata__\", found U+000C", rejects(metadata, 0));
    }

    // ---- backslash-u escapes ------------------------------------------------------------------

    static Stream<Arguments> hexEscapes() {
        return Stream.of(
                Arguments.of("0030", '0'), Arguments.of("0039", '9'),
                Arguments.of("004a", 'J'), Arguments.of("004f", 'O'), Arguments.of("004A", 'J'), Arguments.of("004F", 'O'),
                Arguments.of("00e9", '\u00e9'), Arguments.of("00E9", '\u00e9'), Arguments.of("00C9", '\u00c9'),
                Arguments.of("abcd", '\uabcd'), Arguments.of("ABCD", '\uabcd'), Arguments.of("fFfD", '\ufffd'),
                Arguments.of("1234", '\u1234'), Arguments.of("9876", '\u9876'), Arguments.of("0000", '\u0000'));
    }

    /** The tensor name "x" + the escape + "y" of a one-tensor file, as read. */
    private static String nameWithEscape(String escape) throws SafeTensorsException {
        String header = "{\"x" + escape + "y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        Map<String, Tensor> tensors = SafeTensors.read(file(header, new byte[4])).tensors();
        assertEquals(1, tensors.size());
        return tensors.keySet().iterator().next();
    }

    @ParameterizedTest(name = "\\\\u{0}")
    @MethodSource("hexEscapes")
    void hexDigitsOfEveryClassDecodeToTheirValue(String digits, char expected) throws SafeTensorsException {
        assertEquals("x" + expected + "y", nameWithEscape("\\u" + digits));
    }

    @ParameterizedTest(name = "\\\\u004{0}")
    @ValueSource(chars = {'/', ':', '@', 'G', '`', 'g'})
    void charactersJustOutsideTheHexDigitClassesAreRejected(char bad) {
        // {"x, backslash, u004, then the bad character at index 8.
        SafeTensorsException e = rejects("{\"x\\u004" + bad + "y\":{}}", 0);
        assertMessage("safetensors: malformed header JSON at character 8: invalid \\u escape: expected 4 hex digits,"
                + " found '" + bad + "'", e);
        assertEquals(null, e.tensorName());
    }

    @ParameterizedTest(name = "\\\\u{0}...")
    @ValueSource(strings = {"/000", ":000", "@000", "G000", "`000", "g000"})
    void charactersJustOutsideTheHexDigitClassesAreRejectedInFirstPosition(String digits) {
        assertMessage("safetensors: malformed header JSON at character 5: invalid \\u escape: expected 4 hex digits,"
                + " found '" + digits.charAt(0) + "'", rejects("{\"x\\u" + digits + "\":{}}", 0));
    }

    @Test
    void escapedSurrogatePairsDecodeToOneCodePointInEitherCase() throws SafeTensorsException {
        assertEquals("x\ud83d\ude00y", nameWithEscape("\\ud83d\\ude00"));
        assertEquals("x\ud83d\ude00y", nameWithEscape("\\uD83D\\uDE00"));
        assertEquals("x\udbff\udfffy", nameWithEscape("\\uDBFF\\uDFFF"));
    }

    @Test
    void aHighSurrogateEscapeFollowedByABackslashThatEndsTheHeaderIsUnpaired() {
        // {", backslash-u d800, backslash: that backslash is the last character (index 8) of the header.
        assertMessage("safetensors: malformed header JSON at character 8: unpaired surrogate escape \\uD800 (a high"
                + " surrogate must be followed by a \\u escape of a low surrogate)", rejects("{\"\\ud800\\", 0));
        // One more character after the backslash that is not 'u'.
        assertMessage("safetensors: malformed header JSON at character 8: unpaired surrogate escape \\uD800 (a high"
                + " surrogate must be followed by a \\u escape of a low surrogate)", rejects("{\"\\ud800\\n\":{}}", 0));
    }

    @Test
    void aHighSurrogateEscapeFollowedByANonLowSurrogateIsRejectedNamingBoth() {
        assertMessage("safetensors: malformed header JSON at character 14: unpaired surrogate escape \\uD83D followed"
                + " by \\u0041, not a low surrogate", rejects("{\"\\ud83d\\u0041\":{}}", 0));
    }

    // ---- literals and how characters are described ---------------------------------------------

    @Test
    void aBooleanWhereAStringIsExpectedIsNamedAsABoolean() {
        assertMessage("safetensors: tensor \"w\": \"dtype\" must be a string, found a boolean (false)",
                rejects("{\"w\":{\"dtype\":false}}", 0));
        assertMessage("safetensors: tensor \"w\": \"dtype\" must be a string, found a boolean (true)",
                rejects("{\"w\":{\"dtype\":true}}", 0));
        assertMessage("safetensors: tensor \"w\": \"dtype\" must be a string, found null",
                rejects("{\"w\":{\"dtype\":null}}", 0));
        assertMessage("safetensors: tensor \"w\": malformed header JSON at character 14: expected a JSON value, found 'f'",
                rejects("{\"w\":{\"dtype\":fals}}", 0));
    }

    @Test
    void aLiteralEndingExactlyAtTheEndOfTheHeaderIsRecognised() {
        String expected = "safetensors: tensor \"w\": the entry must be an object with \"dtype\", \"shape\" and"
                + " \"data_offsets\", found ";
        assertMessage(expected + "a boolean (true)", rejects("{\"w\":true", 0));
        assertMessage(expected + "a boolean (false)", rejects("{\"w\":false", 0));
        assertMessage(expected + "null", rejects("{\"w\":null", 0));
    }

    @Test
    void aLiteralCutShortByTheEndOfTheHeaderIsASyntaxError() {
        assertMessage("safetensors: tensor \"w\": malformed header JSON at character 5: expected a JSON value, found 't'",
                rejects("{\"w\":tru", 0));
        assertMessage("safetensors: tensor \"w\": malformed header JSON at character 5: expected a JSON value, found 'n'",
                rejects("{\"w\":n", 0));
    }

    @Test
    void charactersAreDescribedPrintableOrAsCodePointsAtTheAsciiBoundaries() {
        // '!' (0x21) and '~' (0x7E) are the first and last printable characters; space and DEL are not.
        assertMessage("safetensors: malformed header JSON at character 6: invalid \\u escape: expected 4 hex digits,"
                + " found '!'", rejects("{\"\\u00!0\":{}}", 0));
        assertMessage("safetensors: malformed header JSON at character 6: invalid \\u escape: expected 4 hex digits,"
                + " found '~'", rejects("{\"\\u00~0\":{}}", 0));
        assertMessage("safetensors: malformed header JSON at character 6: invalid \\u escape: expected 4 hex digits,"
                + " found U+0020", rejects("{\"\\u00 0\":{}}", 0));
        assertMessage("safetensors: malformed header JSON at character 6: invalid \\u escape: expected 4 hex digits,"
                + " found U+007F", rejects("{\"\\u00\u007f0\":{}}", 0));
        assertMessage("safetensors: malformed header JSON at character 3: control character U+001F in a string must be"
                + " escaped", rejects("{\"a\u001f\":{}}", 0));
    }

    // ---- numbers ------------------------------------------------------------------------------

    private static String shapeHeader(String shape, String offsets) {
        return "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
    }

    @Test
    void longMaxValueIsAnIntegerAndOneMoreOverflows() {
        // 9223372036854775807 parses (the shape then overflows the byte count); ...808 does not parse.
        assertMessage("safetensors: tensor \"w\": shape [9223372036854775807] of F32 needs more than 9223372036854775807"
                + " bytes (overflow)", rejects(shapeHeader("[9223372036854775807]", "[0,0]"), 0));
        assertMessage("safetensors: tensor \"w\": \"shape\" holds 9223372036854775808, larger than 9223372036854775807",
                rejects(shapeHeader("[9223372036854775808]", "[0,0]"), 0));
        assertMessage("safetensors: tensor \"w\": \"data_offsets\" [0, 9223372036854775807] span 9223372036854775807"
                + " bytes, but shape [1] of F32 needs 4 bytes", rejects(shapeHeader("[1]", "[0,9223372036854775807]"), 0));
    }

    @Test
    void numbersOfUpTo40CharactersAreShownWholeAndLongerOnesShortened() {
        String forty = "1234567890".repeat(4);
        assertMessage("safetensors: tensor \"w\": \"shape\" holds " + forty + ", larger than 9223372036854775807",
                rejects(shapeHeader("[" + forty + "]", "[0,4]"), 4));
        String fortyOne = forty + "7";
        assertMessage("safetensors: tensor \"w\": \"shape\" holds " + forty + "... (41 characters), larger than"
                + " 9223372036854775807", rejects(shapeHeader("[" + fortyOne + "]", "[0,4]"), 4));
        String longFraction = "1." + "5".repeat(60);
        assertMessage("safetensors: tensor \"w\": \"shape\" holds " + longFraction.substring(0, 40)
                + "... (62 characters): expected an integer (no fraction or exponent)",
                rejects(shapeHeader("[" + longFraction + "]", "[0,4]"), 4));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e+5", "1e-5", "1E5", "2E+0", "1.0", "0e0"})
    void exponentsAndFractionsAreNotIntegers(String number) {
        assertMessage("safetensors: tensor \"w\": \"shape\" holds " + number + ": expected an integer (no fraction or"
                + " exponent)", rejects(shapeHeader("[" + number + "]", "[0,4]"), 4));
    }

    @Test
    void anExponentSignWithoutDigitsIsASyntaxError() {
        // {"w":{"dtype":"F32","shape":[1e+]  -- the ']' is at index 32.
        assertMessage("safetensors: tensor \"w\": malformed header JSON at character 32: malformed number: expected a"
                + " digit in the exponent, found ']'", rejects(shapeHeader("[1e+]", "[0,4]"), 4));
    }

    // ---- UTF-8 --------------------------------------------------------------------------------

    private static byte[] rawFile(byte[] header) {
        return ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header)
                .array();
    }

    @Test
    void invalidUtf8IsReportedWithItsHeaderAndFileByte() {
        byte[] ff = {'{', '"', 'a', (byte) 0xFF, '"', ':', '{', '}', '}'};
        assertMessage("safetensors: the header is not valid UTF-8: 1 invalid byte(s) at header byte 3 (file byte 11)",
                assertThrows(SafeTensorsException.class, () -> SafeTensors.read(rawFile(ff))));
        // A three-byte sequence (E2 82 AC is the euro sign) cut after two bytes at the end of the header.
        byte[] cut = {'{', '"', 'a', 'b', 'c', (byte) 0xE2, (byte) 0x82};
        assertMessage("safetensors: the header is not valid UTF-8: 2 invalid byte(s) at header byte 5 (file byte 13)",
                assertThrows(SafeTensorsException.class, () -> SafeTensors.read(rawFile(cut))));
    }
}
