package dev.janus.model.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Exp}: accurate, and the vector lanes equal the scalar twin bit for bit; {@link Lanes}: the documented tree, in dot's vector fold and the tiles' scalar fold. */
class ExpAndLanesTest {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Test
    void expIsWithinTwoUlpAndLanesEqualTheScalarTwin() {
        Random rnd = new Random(8);
        float[] x = new float[F.length() * 20_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < 64 ? -87.3f + i * 2.75f : (float) (rnd.nextDouble() * 175.7 - 87.33);
        }
        float[] v = new float[x.length];
        for (int i = 0; i < x.length; i += F.length()) {
            Exp.exp(FloatVector.fromArray(F, x, i)).intoArray(v, i);
        }
        for (int i = 0; i < x.length; i++) {
            float s = Exp.exp(x[i]);
            assertThat(Float.floatToRawIntBits(v[i])).as("exp(%s): lane vs scalar", x[i]).isEqualTo(Float.floatToRawIntBits(s));
            float want = (float) Math.exp(x[i]);
            assertThat((double) Math.abs(s - want)).as("exp(%s) = %s, Math.exp %s", x[i], s, want)
                    .isLessThanOrEqualTo(2.0 * Math.ulp(want));
        }
    }

    @Test
    void expEdges() {
        assertThat(Exp.exp(0f)).isEqualTo(1f);
        assertThat(Exp.exp(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(Exp.exp(-100f)).isZero();
        assertThat(Exp.exp(89f)).isInfinite();
        assertThat(Exp.exp(Float.NaN)).isNaN();
        float[] edge = new float[F.length()];
        java.util.Arrays.fill(edge, Float.NEGATIVE_INFINITY);
        edge[0] = Float.NaN;
        edge[1 % edge.length] = 1e30f;
        float[] out = new float[edge.length];
        Exp.exp(FloatVector.fromArray(F, edge, 0)).intoArray(out, 0);
        for (int i = 0; i < edge.length; i++) {
            assertThat(Float.floatToRawIntBits(out[i])).as("lane %d of exp(%s)", i, edge[i])
                    .isEqualTo(Float.floatToRawIntBits(Exp.exp(edge[i])));
        }
    }

    @Test
    void laneSumIsThePairwiseTree() {
        int n = F.length();
        float[] a = new float[n];
        Random rnd = new Random(9);
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < n; i++) {
                a[i] = (float) (rnd.nextGaussian() * Math.scalb(1.0, rnd.nextInt(40) - 20));
            }
            float[] t = a.clone();
            for (int h = n / 2; h >= 1; h /= 2) { // fold the upper half onto the lower one
                for (int i = 0; i < h; i++) {
                    t[i] = t[i] + t[i + h];
                }
            }
            float[] ones = new float[n];
            java.util.Arrays.fill(ones, 1f);
            assertThat(VectorMath.dot(a, 0, ones, 0, n)).as("dot's vector fold").isEqualTo(t[0]);
            float[] stored = new float[3 * n];
            System.arraycopy(a, 0, stored, n, n);
            assertThat(Lanes.fold(stored, n)).isEqualTo(t[0]);
        }
    }
}
