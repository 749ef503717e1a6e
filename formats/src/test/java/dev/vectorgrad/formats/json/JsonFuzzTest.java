package dev.vectorgrad.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Base64;

/**
 * Jazzer fuzz test of the JSON reader. Under {@code mvn test} it is a regression test over the
 * committed inputs in {@code src/test/resources/dev/vectorgrad/formats/json/JsonFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} Jazzer mutates them, guided by coverage (see {@code formats/FUZZING.md}).
 *
 * <p>For every input, read with small limits (so that inputs reach them):
 * <ul>
 *   <li>the reader returns a tree or throws {@link JsonException}, never anything else;</li>
 *   <li>an error's offset lies within the input, and its message starts with it;</li>
 *   <li>a cursor skipping the value accepts and rejects exactly what the tree reader does, with the
 *       same message;</li>
 *   <li>a tree read is written and read back to the same tree, and written again to the same text.</li>
 * </ul>
 */
class JsonFuzzTest {

    static final JsonLimits LIMITS = JsonLimits.defaults().withMaxInputBytes(1 << 16).withMaxDepth(24)
            .withMaxStringLength(64).withMaxNumberLength(24).withMaxMembers(16).withMaxElements(16);

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        JsonValue tree = null;
        String rejection = null;
        try {
            tree = Json.parse(input, LIMITS);
        } catch (JsonException e) {
            rejection = e.getMessage();
            assertTrue(e.offset() >= 0 && e.offset() <= input.length, () -> e.getMessage() + ": " + describe(input));
            assertEquals("at byte " + e.offset() + ": " + e.problem(), e.getMessage());
        } catch (RuntimeException | Error e) {
            throw new AssertionError("the reader let " + e + " escape for " + describe(input), e);
        }

        String skipped = null;
        try {
            JsonCursor c = JsonCursor.of(input, LIMITS);
            c.skipValue();
            c.end();
        } catch (JsonException e) {
            skipped = e.getMessage();
        } catch (RuntimeException | Error e) {
            throw new AssertionError("skipping let " + e + " escape for " + describe(input), e);
        }
        assertEquals(rejection, skipped, () -> "the tree and the cursor disagree: " + describe(input));

        if (tree != null) {
            String text = Json.write(tree);
            try {
                JsonValue back = Json.parse(text);
                assertEquals(tree, back, () -> text + " from " + describe(input));
                assertEquals(text, Json.write(back));
            } catch (JsonException e) {
                throw new AssertionError("what was written does not read back: " + text + " from " + describe(input), e);
            }
        }
    }

    static String describe(byte[] input) {
        return "base64 " + Base64.getEncoder().encodeToString(input);
    }
}
