package dev.janus.model.reference;

import static org.assertj.core.api.Assertions.assertThat;

/** The cross-check bar: every position within {@link #TOLERANCE} of the reference, same argmax. */
final class LogitChecks {

    /** max |engine − reference| per logit (the fixtures' last_logits tolerance). */
    static final double TOLERANCE = 2e-3;

    private LogitChecks() {
    }

    /** Asserts the bar for all positions of one sequence; returns the largest difference seen. */
    static double assertMatches(String what, double[][] reference, float[][] engine) {
        assertThat(engine.length).as("%s positions", what).isEqualTo(reference.length);
        double worst = 0;
        for (int pos = 0; pos < reference.length; pos++) {
            double[] ref = reference[pos];
            float[] got = engine[pos];
            assertThat(got).as("%s pos %d logits", what, pos).isNotNull().hasSize(ref.length);
            double max = 0;
            int at = 0;
            for (int v = 0; v < ref.length; v++) {
                double d = Math.abs(got[v] - ref[v]);
                if (!(d <= max)) { // NaN counts as the worst
                    max = d;
                    at = v;
                }
            }
            assertThat(max).as("%s pos %d: max |engine - reference| (at id %d: %f vs %f)",
                    what, pos, at, got[at], ref[at]).isLessThanOrEqualTo(TOLERANCE);
            assertThat(argmax(got)).as("%s pos %d argmax", what, pos).isEqualTo(argmax(ref));
            worst = Math.max(worst, max);
        }
        return worst;
    }

    /** Largest |a − b| over all positions and ids: how much a config change moves the logits. */
    static double maxDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int pos = 0; pos < a.length; pos++) {
            for (int v = 0; v < a[pos].length; v++) {
                max = Math.max(max, Math.abs(a[pos][v] - b[pos][v]));
            }
        }
        return max;
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    static int argmax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
