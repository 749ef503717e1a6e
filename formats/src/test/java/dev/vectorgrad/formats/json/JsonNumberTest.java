package dev.vectorgrad.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers keep their text; {@code asLong}/{@code asInt} give the exact value of an integer however it
 * is written and refuse anything else, {@code asDouble} the nearest double within range.
 */
class JsonNumberTest {

    private static JsonNumber number(String text) throws JsonException {
        return (JsonNumber) Json.parse(text);
    }

    private static String longError(String text) {
        return assertThrows(JsonException.class, () -> number(text).asLong()).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-0", "7", "-7", "1.0", "-1.5e3", "0.000", "1e-0", "123456789012345678901234567890",
        "1E+2", "9223372036854775807", "-9223372036854775808", "4.9e-324", "1e400"})
    void theTextIsKeptAsWritten(String text) throws JsonException {
        assertEquals(text, number(text).text());
        assertEquals(text, Json.write(number(text)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "0, 0", "-0, 0", "42, 42", "-42, -42",
        "9223372036854775807, 9223372036854775807", "-9223372036854775808, -9223372036854775808",
        // integral values written with a fraction or an exponent
        "1.0, 1", "-2.50e1, -25", "0.5e1, 5", "100e-2, 1", "1E+2, 100", "1e0, 1", "0.0001e4, 1",
        "9.223372036854775807e18, 9223372036854775807", "-9.223372036854775808E18, -9223372036854775808",
        "92233720368547758070e-1, 9223372036854775807",
        // leading zeros in the digits do not count towards the size: 1e18 written with ten zeros after the point
        "0.00000000001e29, 1000000000000000000",
        // zero however it is written, whatever the exponent
        "0.000, 0", "0e999999999999999999999, 0", "-0.0e-5, 0", "0e-99999999999, 0"})
    void asLongGivesTheExactValueOfAnyIntegralNumber(String text, long value) throws JsonException {
        assertEquals(value, number(text).asLong());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0.5", "-1.5", "1e-1", "12345e-3", "9223372036854775807.5", "1.00000000000000000001",
        "1e-99999999999999999999"})
    void asLongRefusesANumberWithAFraction(String text) {
        assertEquals("at byte 0: expected an integer, found the number " + text, longError(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "1e19", "-1e19", "9.3e18", "1e400",
        "1e99999999999999999999", "10000000000000000000000000000000000000"})
    void asLongRefusesAnIntegerOutOfRange(String text) {
        assertEquals("at byte 0: expected an integer in the range of a long, found the number " + text, longError(text));
    }

    @Test
    void longNumbersAreShortenedInMessagesAfter40Characters() {
        String forty = "1234567890".repeat(4);
        assertEquals("at byte 0: expected an integer in the range of a long, found the number " + forty, longError(forty));
        assertEquals("at byte 0: expected an integer in the range of a long, found the number " + forty
                + "... (41 characters)", longError(forty + "1"));
    }

    @Test
    void asIntGivesIntegersInTheRangeOfIntAndRefusesOthers() throws JsonException {
        assertEquals(Integer.MAX_VALUE, number("2147483647").asInt());
        assertEquals(Integer.MIN_VALUE, number("-2147483648").asInt());
        assertEquals(3, number("3.0").asInt());
        assertEquals("at byte 0: expected an integer in the range of an int, found the number 2147483648",
                assertThrows(JsonException.class, () -> number("2147483648").asInt()).getMessage());
        assertEquals("at byte 0: expected an integer in the range of an int, found the number -2147483649",
                assertThrows(JsonException.class, () -> number("-2147483649").asInt()).getMessage());
        assertEquals("at byte 0: expected an integer, found the number 0.5",
                assertThrows(JsonException.class, () -> number("0.5").asInt()).getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0, 0.0", "-0, -0.0", "1.5, 1.5", "-2.5e-3, -0.0025", "4.9e-324, 4.9e-324", "1e-400, 0.0",
        "-1e-400, -0.0", "1.7976931348623157e308, 1.7976931348623157e308", "9007199254740993, 9007199254740992",
        "123456789012345678901234567890, 1.2345678901234568E29", "-9223372036854775808, -9.223372036854775808E18"})
    void asDoubleGivesTheNearestDouble(String text, double value) throws JsonException {
        assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(number(text).asDouble()), text);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1e309", "-1.8e308", "1e99999999999"})
    void asDoubleRefusesANumberBeyondTheRangeOfDouble(String text) {
        assertEquals("at byte 0: expected a number in the range of a double, found the number " + text,
                assertThrows(JsonException.class, () -> number(text).asDouble()).getMessage());
    }

    @Test
    void theSignAndTheFormAreReported() throws JsonException {
        assertTrue(number("-0").hasMinusSign());
        assertTrue(number("-3").hasMinusSign());
        assertTrue(number("-0.5").hasMinusSign());
        assertFalse(number("0").hasMinusSign());
        assertFalse(number("3e-2").hasMinusSign());
        assertTrue(number("12").isIntegerLiteral());
        assertTrue(number("-0").isIntegerLiteral());
        assertTrue(number("99999999999999999999").isIntegerLiteral());
        assertFalse(number("1.0").isIntegerLiteral());
        assertFalse(number("1e2").isIntegerLiteral());
        assertFalse(number("1E2").isIntegerLiteral());
    }

    @Test
    void numbersMadeInCodeWriteAsJava() {
        assertEquals("-9223372036854775808", JsonNumber.of(Long.MIN_VALUE).text());
        assertEquals("1.0", JsonNumber.of(1.0).text());
        assertEquals("-0.0", JsonNumber.of(-0.0).text());
        assertEquals("1.0E-5", JsonNumber.of(1e-5).text());
        assertEquals("4.9E-324", JsonNumber.of(Double.MIN_VALUE).text());
        assertEquals("1.5e+3", JsonNumber.of("1.5e+3").text());
        assertEquals(-1, JsonNumber.of(7).offset());
        assertEquals("", JsonNumber.of(7).path());
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertEquals("JSON has no number " + bad,
                    assertThrows(IllegalArgumentException.class, () -> JsonNumber.of(bad)).getMessage());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", " 1", "1 ", "+1", "01", "1.", ".5", "1e", "0x10", "NaN", "1,2", "\"1\"", "[1]"})
    void onlyAJsonNumberMakesANumberFromText(String text) {
        String message = assertThrows(IllegalArgumentException.class, () -> JsonNumber.of(text)).getMessage();
        assertTrue(message.startsWith(JsonException.quote(text) + " is not a JSON number"), message);
    }

    @Test
    void numbersAreEqualWhenWrittenAlike() throws JsonException {
        assertEquals(JsonNumber.of(5), number("5"));
        assertEquals(JsonNumber.of(5).hashCode(), number("5").hashCode());
        assertEquals(JsonNumber.of("5.0"), number("5.0"));
        assertEquals(JsonNumber.of("5.0").hashCode(), number("5.0").hashCode());
        assertEquals(JsonNumber.of("-0"), number("-0"));
        // The largest and smallest longs, however they are held, equal the same text read.
        assertEquals(JsonNumber.of(Long.MAX_VALUE), number("9223372036854775807"));
        assertEquals(JsonNumber.of(Long.MIN_VALUE), number("-9223372036854775808"));
        assertEquals(number("-9223372036854775808"), JsonNumber.of(Long.MIN_VALUE));
        assertEquals(JsonNumber.of(Long.MIN_VALUE).hashCode(), number("-9223372036854775808").hashCode());
        assertNotEquals(JsonNumber.of(Long.MIN_VALUE), number("-9223372036854775807"));
        assertNotEquals(JsonNumber.of(5), number("5.0"));
        assertNotEquals(JsonNumber.of(0), number("-0"));
        assertNotEquals(JsonNumber.of(5), JsonNumber.of(6));
        assertNotEquals(JsonNumber.of("1e2"), JsonNumber.of("1E2"));
        assertNotEquals(JsonNumber.of(5), JsonString.of("5"));
    }
}
