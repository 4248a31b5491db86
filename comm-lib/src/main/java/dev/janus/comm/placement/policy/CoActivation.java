package dev.janus.comm.placement.policy;

import dev.janus.comm.stats.ActivationSnapshot;
import java.util.Arrays;

/**
 * How often two logical experts of one layer are chosen by the same token (paper §3.4: such
 * experts run in the same step, so hosting them on one MoE instance raises that instance's
 * activated count together). Symmetric; the diagonal holds the expert's own token count, as
 * {@link ActivationSnapshot#coactivation} does.
 *
 * <p>{@link #none} (an empty {@code pairs} array) means "no co-activation data": policies then
 * treat experts as independent, which is not the same as "never together" (all zeros).
 *
 * @param layers  MoE layers L
 * @param experts logical experts per layer E
 * @param pairs   {@code [L * E * E]} symmetric, or empty for {@link #none}
 */
public record CoActivation(int layers, int experts, long[] pairs) {

    public CoActivation {
        if (layers <= 0 || experts <= 0) {
            throw new IllegalArgumentException("co-activation needs layers > 0 and experts > 0, got "
                    + layers + " x " + experts);
        }
        if (pairs.length != 0 && pairs.length != layers * experts * experts) {
            throw new IllegalArgumentException("co-activation of " + layers + " x " + experts + " needs "
                    + layers * experts * experts + " pair counts (or none), got " + pairs.length);
        }
        pairs = pairs.clone();
        for (int l = 0; pairs.length > 0 && l < layers; l++) {
            for (int i = 0; i < experts; i++) {
                for (int j = i; j < experts; j++) {
                    long a = pairs[(l * experts + i) * experts + j];
                    if (a < 0 || a != pairs[(l * experts + j) * experts + i]) {
                        throw new IllegalArgumentException("layer " + l + ": co-activation of experts " + i
                                + " and " + j + " must be symmetric and non-negative");
                    }
                }
            }
        }
    }

    /** The pair counts of a statistics snapshot (which stores only i &lt; j), made symmetric. */
    public static CoActivation of(ActivationSnapshot snapshot) {
        int e = snapshot.experts();
        long[] pairs = new long[snapshot.layers() * e * e];
        for (int l = 0; l < snapshot.layers(); l++) {
            for (int i = 0; i < e; i++) {
                for (int j = i; j < e; j++) {
                    long c = snapshot.coactivation(l, i, j);
                    pairs[(l * e + i) * e + j] = c;
                    pairs[(l * e + j) * e + i] = c;
                }
            }
        }
        return new CoActivation(snapshot.layers(), e, pairs);
    }

    /** No co-activation data: experts are treated as independent. */
    public static CoActivation none(int layers, int experts) {
        return new CoActivation(layers, experts, new long[0]);
    }

    /** Whether any pair counts are known (false for {@link #none}). */
    public boolean known() {
        return pairs.length > 0;
    }

    /** Tokens that chose both {@code i} and {@code j} (order does not matter); 0 without data. */
    public long count(int layer, int i, int j) {
        return pairs.length == 0 ? 0 : pairs[(layer * experts + i) * experts + j];
    }

    @Override
    public long[] pairs() {
        return pairs.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoActivation other && layers == other.layers && experts == other.experts
                && Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layers + experts) + Arrays.hashCode(pairs);
    }

    @Override
    public String toString() {
        return "CoActivation[layers=" + layers + ", experts=" + experts + (known() ? "]" : ", none]");
    }
}
