package dev.vectorgrad.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vectorgrad.autograd.check.Report.Check;
import dev.vectorgrad.autograd.check.Report.Failure;
import dev.vectorgrad.autograd.check.Report.Mismatch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The report's text as a test log shows it (verdict line, sections present only when non-empty, the
 * mismatch table and its "first n of m" / "all m" header, number formats), and the value semantics of
 * {@link Report.Mismatch} and {@link Report.Failure} (equality by content, hash codes consistent with it
 * and spread over distinct mismatches, their one-line texts). Reports are built directly so every
 * expected line is written out by hand.
 */
class ReportTextTest {

    private static final String INPUTS = "#0 F64 [2] (checked)";
    private static final String OUTPUT = "F64 [2]";

    private static Mismatch mismatch(int element, double numerical, double analytical) {
        double abs = Math.abs(analytical - numerical);
        return new Mismatch(0, new int[] {2}, element, new int[] {element}, element, new int[] {element},
                numerical, analytical, abs, abs / Math.abs(numerical));
    }

    private static String text(Report r) {
        return r.toString().replace(System.lineSeparator(), "\n");
    }

    // ---- Report.toString -------------------------------------------------------------------------

    @Test
    void aPassingFullModeReportHasOnlyTheHeaderLines() {
        Report r = new Report(false, 1e-6, 1e-5, 1e-3, 0, false, INPUTS, OUTPUT, List.of(), List.of(), 0, List.of());
        assertEquals("GradCheck PASSED: full mode (every Jacobian entry), eps 1.0E-6, atol 1.0E-5, rtol 0.001, seed 0\n"
                + "  inputs: #0 F64 [2] (checked)\n"
                + "  output: F64 [2]\n"
                + "  pass rule: |analytical - numerical| <= atol + rtol * |numerical|", text(r));
        assertFalse(r.numericalInDouble());
    }

    @Test
    void aFailingFastModeReportListsFailuresAllMismatchesAndNotes() {
        List<Failure> failures = List.of(new Failure(Check.PROJECTION, 0, "input #0 [2]: projection off"),
                new Failure(Check.JACOBIAN, 0, "input #0 [2]: 2 of 4 entries"));
        List<Mismatch> mismatches = List.of(mismatch(0, 0.5, 0.55), mismatch(1, -2.0, Double.NaN));
        Report r = new Report(true, 1e-6, 2e-3, 2e-3, 7, true, INPUTS, OUTPUT, failures, mismatches, 2,
                List.of("a note"));
        assertEquals("GradCheck FAILED: fast mode (random projections v^T J u), eps 1.0E-6, atol 0.002, rtol 0.002,"
                + " seed 7, numerical side in F64\n"
                + "  inputs: #0 F64 [2] (checked)\n"
                + "  output: F64 [2]\n"
                + "  pass rule: |analytical - numerical| <= atol + rtol * |numerical| (fast mode: atol scaled by"
                + " sum(u) * sum(v))\n"
                + "  failures (2):\n"
                + "    PROJECTION: input #0 [2]: projection off\n"
                + "    JACOBIAN: input #0 [2]: 2 of 4 entries\n"
                + "  mismatches (all 2):\n"
                + "    input  element            output                numerical       analytical    abs err    rel err\n"
                + "    #0     0 [0]              0 [0]               0.500000000      0.550000000   5.00e-02   1.00e-01\n"
                + "    #0     1 [1]              1 [1]               -2.00000000              NaN        NaN        NaN\n"
                + "  notes:\n"
                + "    a note", text(r));
    }

    @Test
    void theMismatchHeaderSaysHowManyOfHowManyAreListed() {
        List<Mismatch> two = List.of(mismatch(0, 1, 2), mismatch(1, 1, 2));
        String firstOf = text(new Report(false, 1e-6, 1e-5, 1e-3, 0, false, INPUTS, OUTPUT,
                List.of(new Failure(Check.JACOBIAN, 0, "m")), two, 12, List.of()));
        assertEquals(1, firstOf.lines().filter(l -> l.equals("  mismatches (first 2 of 12):")).count(), firstOf);
        String all = text(new Report(false, 1e-6, 1e-5, 1e-3, 0, false, INPUTS, OUTPUT,
                List.of(new Failure(Check.JACOBIAN, 0, "m")), two, 2, List.of()));
        assertEquals(1, all.lines().filter(l -> l.equals("  mismatches (all 2):")).count(), all);
    }

    @Test
    void numbersAreShownWithNineSignificantDigitsAndErrorsWithThree() {
        assertEquals("0.500000000", Report.num(0.5));
        assertEquals("-1234.56789", Report.num(-1234.567891234));
        assertEquals("1.00000000e-12", Report.num(1e-12));
        assertEquals("NaN", Report.num(Double.NaN));
        assertEquals("-Infinity", Report.num(Double.NEGATIVE_INFINITY));
        assertEquals("5.00e-01", Report.err(0.5));
        assertEquals("1.23e+04", Report.err(12345));
        assertEquals("Infinity", Report.err(Double.POSITIVE_INFINITY));
        assertEquals("NaN", Report.err(Double.NaN));
    }

    // ---- Failure and Mismatch ----------------------------------------------------------------------

    @Test
    void aFailureReadsAsItsCheckAndMessage() {
        assertEquals("ZERO_UPSTREAM: input #1 [3]: bad", new Failure(Check.ZERO_UPSTREAM, 1, "input #1 [3]: bad").toString());
    }

    @Test
    void aMismatchReadsAsOneLineWithIndicesValuesAndErrors() {
        Mismatch m = new Mismatch(1, new int[] {2, 3}, 4, new int[] {1, 1}, 5, new int[] {5}, 0.25, 0.5, 0.25, 1.0);
        assertEquals("input #1 [2, 3] element 4 [1, 1], output 5 [5]: numerical 0.250000000, analytical 0.500000000,"
                + " abs error 2.50e-01, rel error 1.00e+00", m.toString());
    }

    private static Mismatch base() {
        return new Mismatch(1, new int[] {2, 3}, 4, new int[] {1, 1}, 5, new int[] {1, 2}, 0.25, 0.5, 0.25, 1.0);
    }

    /** The base mismatch with field {@code f} (0 to 9) moved by {@code d} (array fields: their last entry). */
    private static Mismatch varied(int f, int d) {
        double step = d == 0 ? 0 : d * Math.ulp(0.25);
        return new Mismatch(f == 0 ? 1 + d : 1, f == 1 ? new int[] {2, 3 + d} : new int[] {2, 3}, f == 2 ? 4 + d : 4,
                f == 3 ? new int[] {1, 1 + d} : new int[] {1, 1}, f == 4 ? 5 + d : 5,
                f == 5 ? new int[] {1, 2 + d} : new int[] {1, 2}, f == 6 ? 0.25 + step : 0.25,
                f == 7 ? 0.5 + 2 * step : 0.5, f == 8 ? 0.25 + step : 0.25, f == 9 ? 1.0 + 4 * step : 1.0);
    }

    @Test
    void mismatchesAreEqualByContentIncludingTheirArrays() {
        Mismatch a = base();
        Mismatch b = base();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, a);
        assertNotEquals(a, null);
        assertNotEquals(a, (Object) "input #1");
        Mismatch nan = new Mismatch(0, new int[] {1}, 0, new int[] {0}, 0, new int[] {0}, 1, Double.NaN,
                Double.NaN, Double.NaN);
        Mismatch nan2 = new Mismatch(0, new int[] {1}, 0, new int[] {0}, 0, new int[] {0}, 1, Double.NaN,
                Double.NaN, Double.NaN);
        assertEquals(nan, nan2, "NaN values compare equal, as Double.equals does");
        assertEquals(nan.hashCode(), nan2.hashCode());
        for (int f = 0; f < 10; f++) {
            assertNotEquals(a, varied(f, 1), "field " + f + " differs");
            assertNotEquals(varied(f, 1), a, "field " + f + " differs");
        }
    }

    @Test
    void distinctMismatchesGetDistinctHashCodes() {
        // each field moved by 1 and 2 steps, one at a time (the errors, left out of the hash, excepted)
        List<Mismatch> all = new ArrayList<>();
        all.add(base());
        for (int f = 0; f < 8; f++) {
            all.add(varied(f, 1));
            all.add(varied(f, 2));
        }
        Set<Integer> hashes = new HashSet<>();
        for (Mismatch m : all) {
            hashes.add(m.hashCode());
        }
        assertEquals(all.size(), hashes.size(), "hash collisions among " + all);
    }
}
