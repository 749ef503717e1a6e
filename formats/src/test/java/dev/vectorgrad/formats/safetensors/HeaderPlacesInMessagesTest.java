package dev.vectorgrad.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Syntax errors inside an entry and inside its arrays name the tensor and the key they are in, and
 * positions are character indices into the decoded header also after characters of two, three and
 * four UTF-8 bytes (a four-byte character is two UTF-16 characters, as the parser has always counted).
 */
class HeaderPlacesInMessagesTest {

    private static String rejects(String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] file = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
        return assertThrows(SafeTensorsException.class, () -> SafeTensors.read(file)).getMessage();
    }

    @Test
    void errorsBetweenTheKeysOfAnEntryNameTheTensor() {
        // {"w":{"dtype":"F32" "shape"...: the second key's quote is character 20.
        assertEquals("safetensors: tensor \"w\": malformed header JSON at character 20: expected ',' or '}' in the entry"
                + " of tensor \"w\", found '\"'", rejects("{\"w\":{\"dtype\":\"F32\" \"shape\":[1],\"data_offsets\":[0,4]}}"));
        assertEquals("safetensors: tensor \"w\": malformed header JSON at character 20: expected a key (a string) or '}'"
                + " in the entry of tensor \"w\", found '1'", rejects("{\"w\":{\"dtype\":\"F32\",1}}"));
    }

    @Test
    void errorsBetweenTheIntegersOfAnArrayNameTheKeyAndTheTensor() {
        assertEquals("safetensors: tensor \"w\": malformed header JSON at character 17: expected ',' or ']' in \"shape\""
                + " of tensor \"w\", found '2'", rejects("{\"w\":{\"shape\":[1 2]}}"));
        assertEquals("safetensors: tensor \"v\": malformed header JSON at character 24: expected ',' or ']' in"
                + " \"data_offsets\" of tensor \"v\", found '4'", rejects("{\"v\":{\"data_offsets\":[0 4]}}"));
    }

    @Test
    void positionsCountCharactersNotBytes() {
        // "é" is 2 bytes and 1 character, "€" 3 bytes and 1 character, U+1F600 4 bytes and 2 characters.
        assertEquals("safetensors: malformed header JSON at character 5: expected ':' after the key \"\u20ac\", found"
                + " '1'", rejects("{\"\u20ac\" 1}"));
        assertEquals("safetensors: malformed header JSON at character 7: expected ':' after the key"
                + " \"\u00e9\ud83d\ude00\", found '1'", rejects("{\"\u00e9\ud83d\ude00\" 1}"));
        // {"\u00e9":{"dtype":"\u20ac"x}}: the x is character 17 and byte 20.
        assertEquals("safetensors: tensor \"\u00e9\": malformed header JSON at character 17: expected ',' or '}' in the"
                + " entry of tensor \"\u00e9\", found 'x'", rejects("{\"\u00e9\":{\"dtype\":\"\u20ac\"x}}"));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsNamedByItsCodePoint() {
        // Named U+1F600 (before the JSON reader moved to formats, by its first UTF-16 unit, U+D83D).
        assertEquals("safetensors: malformed header JSON at character 1: expected a tensor name (a string) or '}', found"
                + " U+1F600", rejects("{\ud83d\ude00}"));
    }
}
