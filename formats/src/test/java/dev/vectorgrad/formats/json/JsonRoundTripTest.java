package dev.vectorgrad.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Property: any tree written and read back is the tree it was (the writer's escapes and numbers are
 * exactly what the reader decodes), and writing is deterministic (the same text again). Trees are
 * random: every kind of value, nested up to four deep, with strings drawn from every class of
 * character the writer treats differently.
 */
class JsonRoundTripTest {

    /** Characters of every class: controls, the escaped ones, ASCII, two and three UTF-8 bytes, surrogate pairs. */
    private static final String[] CHARACTERS = {"\u0000", "\u001f", "\n", "\t", "\b", "\f", "\r", "\"", "\\", "/", "a", "Z",
        " ", "0", "\u007f", "\u00e9", "\u07ff", "\u0800", "\u2028", "\ufffd", "\uffff", "\ud800\udc00", "\ud83d\ude00",
        "\udbff\udfff"};

    private static final String[] NUMBER_TEXTS = {"0", "-0", "1.5", "-1.5e-7", "1E+300", "123456789012345678901234567890",
        "0.000", "9223372036854775808", "-9223372036854775809", "4.9e-324"};

    private static long pick(RandomnessSource in, long lo, long hi) {
        return in.next(Constraint.between(lo, hi));
    }

    private static String string(RandomnessSource in) {
        StringBuilder s = new StringBuilder();
        for (long n = pick(in, 0, 6); n > 0; n--) {
            s.append(CHARACTERS[(int) pick(in, 0, CHARACTERS.length - 1)]);
        }
        return s.toString();
    }

    private static JsonValue tree(RandomnessSource in, int depth) {
        int kind = (int) pick(in, 0, depth == 0 ? 6 : 8);
        switch (kind) {
            case 0 -> {
                return JsonString.of(string(in));
            }
            case 1 -> {
                long edge = pick(in, 0, 3);
                return JsonNumber.of(edge == 0 ? Long.MIN_VALUE : edge == 1 ? Long.MAX_VALUE
                        : in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE)));
            }
            case 2 -> {
                double d = Double.longBitsToDouble(in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE)));
                return Double.isFinite(d) ? JsonNumber.of(d) : JsonNumber.of(0.5);
            }
            case 3 -> {
                return JsonNumber.of(NUMBER_TEXTS[(int) pick(in, 0, NUMBER_TEXTS.length - 1)]);
            }
            case 4 -> {
                return JsonBoolean.of(pick(in, 0, 1) == 1);
            }
            case 5, 6 -> {
                return kind == 5 ? JsonNull.NULL : JsonString.of("");
            }
            case 7 -> {
                List<JsonValue> elements = new ArrayList<>();
                for (long n = pick(in, 0, 4); n > 0; n--) {
                    elements.add(tree(in, depth - 1));
                }
                return JsonArray.of(elements);
            }
            default -> {
                Map<String, JsonValue> members = new LinkedHashMap<>();
                for (long n = pick(in, 0, 4); n > 0; n--) {
                    members.put(string(in), tree(in, depth - 1));
                }
                return JsonObject.of(members);
            }
        }
    }

    private static final Gen<JsonValue> TREES = in -> tree(in, 4);

    @Test
    void aTreeWrittenAndReadBackIsTheSameTree() {
        qt().withExamples(3000).forAll(TREES).checkAssert(tree -> {
            String text = Json.write(tree);
            try {
                JsonValue back = Json.parse(text.getBytes(StandardCharsets.UTF_8));
                assertEquals(tree, back, text);
                assertEquals(text, Json.write(back), "written twice");
                assertEquals(tree, Json.parse(text), text);
            } catch (JsonException e) {
                throw new AssertionError(text, e);
            }
        });
    }
}
