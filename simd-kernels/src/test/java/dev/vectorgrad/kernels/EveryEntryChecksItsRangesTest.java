package dev.vectorgrad.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every element-wise and reduction entry of {@link FloatKernels} and {@link DoubleKernels}, in both
 * providers, checks its own ranges: given 4 elements to read or write from offset 7 of a 10-element
 * array, it throws an {@link IllegalArgumentException} whose message starts with the kernel's name and
 * names the offset, and a negative {@code n} is rejected by name, before anything is written.
 * {@link BadInputTest} covers the messages in detail for some entries; this table makes sure that no
 * entry (the activations' backward kernels included) skips its check, which would let a bad offset
 * read or write outside the caller's range.
 */
class EveryEntryChecksItsRangesTest {

    /** One kernel call: {@code ok} arrays are long enough, {@code bad} is read or written at offset 7 for n = 4. */
    @FunctionalInterface
    interface Call {
        void run(int n, float[] ok, float[] bad, double[] okD, double[] badD);
    }

    private static final int N = 4;
    private static final int OFF = 7;

    static List<Arguments> entries() {
        List<Arguments> list = new ArrayList<>();
        for (KernelProvider p : List.of(Kernels.scalar(), Kernels.vector())) {
            FloatKernels f = p.f32();
            DoubleKernels d = p.f64();
            String who = p.getClass().getSimpleName();
            Object[][] calls = {
                {"add", (Call) (n, o, b, od, bd) -> { f.add(n, o, 0, o, 0, b, OFF); d.add(n, od, 0, od, 0, bd, OFF); }},
                {"sub", (Call) (n, o, b, od, bd) -> { f.sub(n, o, 0, o, 0, b, OFF); d.sub(n, od, 0, od, 0, bd, OFF); }},
                {"mul", (Call) (n, o, b, od, bd) -> { f.mul(n, o, 0, o, 0, b, OFF); d.mul(n, od, 0, od, 0, bd, OFF); }},
                {"div", (Call) (n, o, b, od, bd) -> { f.div(n, o, 0, o, 0, b, OFF); d.div(n, od, 0, od, 0, bd, OFF); }},
                {"axpy", (Call) (n, o, b, od, bd) -> { f.axpy(n, 2f, o, 0, b, OFF); d.axpy(n, 2, od, 0, bd, OFF); }},
                {"scale", (Call) (n, o, b, od, bd) -> { f.scale(n, 2f, b, OFF); d.scale(n, 2, bd, OFF); }},
                {"fill", (Call) (n, o, b, od, bd) -> { f.fill(n, 2f, b, OFF); d.fill(n, 2, bd, OFF); }},
                {"copy", (Call) (n, o, b, od, bd) -> { f.copy(n, o, 0, b, OFF); d.copy(n, od, 0, bd, OFF); }},
                {"addProduct", (Call) (n, o, b, od, bd) -> {
                    f.addProduct(n, o, 0, o, 0, b, OFF); d.addProduct(n, od, 0, od, 0, bd, OFF); }},
                {"productSum", (Call) (n, o, b, od, bd) -> {
                    f.productSum(n, o, 0, o, 0, o, 0, o, 0, b, OFF); d.productSum(n, od, 0, od, 0, od, 0, od, 0, bd, OFF); }},
                {"lerp", (Call) (n, o, b, od, bd) -> { f.lerp(n, o, 0, o, 0, o, 0, b, OFF); d.lerp(n, od, 0, od, 0, od, 0, bd, OFF); }},
                {"sum", (Call) (n, o, b, od, bd) -> { f.sum(n, b, OFF); d.sum(n, bd, OFF); }},
                {"dot", (Call) (n, o, b, od, bd) -> { f.dot(n, o, 0, b, OFF); d.dot(n, od, 0, bd, OFF); }},
                {"max", (Call) (n, o, b, od, bd) -> { f.max(n, b, OFF); d.max(n, bd, OFF); }},
                {"sumOfSquares", (Call) (n, o, b, od, bd) -> { f.sumOfSquares(n, b, OFF); d.sumOfSquares(n, bd, OFF); }},
                {"tanh", (Call) (n, o, b, od, bd) -> { f.tanh(n, o, 0, b, OFF); d.tanh(n, od, 0, bd, OFF); }},
                {"sigmoid", (Call) (n, o, b, od, bd) -> { f.sigmoid(n, o, 0, b, OFF); d.sigmoid(n, od, 0, bd, OFF); }},
                {"exp", (Call) (n, o, b, od, bd) -> { f.exp(n, o, 0, b, OFF); d.exp(n, od, 0, bd, OFF); }},
                {"log", (Call) (n, o, b, od, bd) -> { f.log(n, o, 0, b, OFF); d.log(n, od, 0, bd, OFF); }},
                {"relu", (Call) (n, o, b, od, bd) -> { f.relu(n, o, 0, b, OFF); d.relu(n, od, 0, bd, OFF); }},
                {"tanhBackward", (Call) (n, o, b, od, bd) -> {
                    f.tanhBackward(n, o, 0, o, 0, b, OFF); d.tanhBackward(n, od, 0, od, 0, bd, OFF); }},
                {"sigmoidBackward", (Call) (n, o, b, od, bd) -> {
                    f.sigmoidBackward(n, o, 0, o, 0, b, OFF); d.sigmoidBackward(n, od, 0, od, 0, bd, OFF); }},
                {"reluBackward", (Call) (n, o, b, od, bd) -> {
                    f.reluBackward(n, o, 0, o, 0, b, OFF); d.reluBackward(n, od, 0, od, 0, bd, OFF); }},
            };
            for (Object[] c : calls) {
                list.add(Arguments.of(Named.of(who + " " + c[0], c[1]), c[0]));
            }
        }
        return list;
    }

    @ParameterizedTest
    @MethodSource("entries")
    void rangePastTheEndIsRejectedByNameBeforeAnyWrite(Call call, String op) {
        float[] ok = new float[10];
        float[] bad = new float[10];
        Arrays.fill(bad, 42f);
        double[] okD = new double[10];
        double[] badD = new double[10];
        Arrays.fill(badD, 42);
        // The float kernel is called first, so the exception comes from it; then, with a float array long
        // enough for the float call, from the double kernel alone.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call.run(N, ok, bad, okD, new double[10]));
        assertMessage(e, op, "offset " + OFF);
        e = assertThrows(IllegalArgumentException.class, () -> call.run(N, ok, new float[OFF + N], okD, badD));
        assertMessage(e, op, "offset " + OFF);
        float[] untouched = new float[10];
        Arrays.fill(untouched, 42f);
        assertArrayEquals(untouched, bad, op + " (float) wrote before rejecting");
        double[] untouchedD = new double[10];
        Arrays.fill(untouchedD, 42);
        assertArrayEquals(untouchedD, badD, op + " (double) wrote before rejecting");
    }

    @ParameterizedTest
    @MethodSource("entries")
    void negativeLengthIsRejectedByName(Call call, String op) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call.run(-1, new float[10], new float[10], new double[10], new double[10]));
        assertMessage(e, op, "n must be >= 0, but is -1");
    }

    private static void assertMessage(IllegalArgumentException e, String op, String fragment) {
        assertTrue(e.getMessage().startsWith(op + ": "), "message '" + e.getMessage() + "' should start with '" + op + ": '");
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should name '" + fragment + "'");
    }
}
