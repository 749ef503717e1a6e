import dev.vectorgrad.kernels.FloatKernels;
import dev.vectorgrad.kernels.Kernels;

/**
 * Measures the float tanh and sigmoid kernels over every float in a range against {@code Math} in
 * double: the maximum error in ulps of the reference rounded to float (the measure of the property
 * tests and of the javadoc bounds) and in ulps of the exact value. These are the measured errors
 * stated on {@code FloatKernels.tanh} and {@code sigmoid} (tanh over [-20, 20], sigmoid over
 * [-110, 20]; a few minutes each on one core). From the repository root, after
 * {@code mvn -o -q -B install -DskipTests}:
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp simd-kernels/target/classes tools/ActivationUlps.java [vector|scalar]
 * </pre>
 */
public class ActivationUlps {

    public static void main(String[] args) {
        boolean scalar = args.length > 0 && args[0].equals("scalar");
        FloatKernels k = scalar ? Kernels.scalar().f32() : Kernels.vector().f32();
        String name = scalar ? "scalar" : "vector";
        sweep(k, name, "tanh", -20f, 20f, 2);
        sweep(k, name, "sigmoid", -110f, 20f, 3);
    }

    private static void sweep(FloatKernels k, String name, String what, float lo, float hi, double bound) {
        boolean sigmoid = what.equals("sigmoid");
        float[] x = new float[1 << 20];
        float[] out = new float[x.length];
        double worst = 0;
        double worstExact = 0;
        float worstAt = 0;
        float worstExactAt = 0;
        long count = 0;
        long over = 0;
        float next = lo;
        boolean done = false;
        while (!done) {
            int m = 0;
            while (m < x.length && !done) {
                x[m++] = next;
                done = next == hi;
                next = Math.nextUp(next);
            }
            if (sigmoid) {
                k.sigmoid(m, x, 0, out, 0);
            } else {
                k.tanh(m, x, 0, out, 0);
            }
            for (int j = 0; j < m; j++) {
                double v = x[j];
                double e = Math.exp(-Math.abs(v));
                double exact = sigmoid ? (v < 0 ? e : 1) / (1 + e) : Math.tanh(v);
                float reference = (float) exact;
                double ulps = Math.abs((double) out[j] - reference) / Math.ulp(reference);
                double ulpsExact = Math.abs(out[j] - exact) / Math.ulp(reference);
                if (ulps > worst) {
                    worst = ulps;
                    worstAt = x[j];
                }
                if (ulpsExact > worstExact) {
                    worstExact = ulpsExact;
                    worstExactAt = x[j];
                }
                if (ulps > bound) {
                    over++;
                }
            }
            count += m;
        }
        System.out.printf("%s %s over every float in [%s, %s] (%d): max %.3f ulps of the rounded reference (x = %s),"
                + " %.3f ulps of the exact value (x = %s); %d over the bound of %s%n",
                name, what, lo, hi, count, worst, worstAt, worstExact, worstExactAt, over, bound);
    }
}
