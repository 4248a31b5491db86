package dev.janus.model.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order, whatever runs the code.
 *
 * <p>Why not {@code reduceLanes(ADD)}: its order is unspecified, and HotSpot uses two. C2 folds
 * the halves as a tree; the interpreter and C1 run the Java fallback, a left-to-right loop. A
 * method is interpreted, then C1-, then C2-compiled at times that depend on load, so the same
 * row summed by two tiles (or by one tile before and after its compilation) could differ in the
 * last bits: a prompt prefilled in chunks then differed by ulps from one prefill step, and a
 * token's row from the same token in a larger batch. Here the tree is spelled out with lanewise
 * adds (or scalar adds in the same tree), operations every tier computes identically (IEEE).
 */
final class Lanes {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    // lane i + h onto lane i, for folds written inline; constants, so that C2 intrinsifies each
    // rearrange (a shuffle read from an array is not a constant: the vectors got boxed)
    static final VectorShuffle<Float> BY_8 = rotation(8);
    static final VectorShuffle<Float> BY_4 = rotation(4);
    static final VectorShuffle<Float> BY_2 = rotation(2);
    static final VectorShuffle<Float> BY_1 = rotation(1);

    static {
        if (L > 16) { // VectorMath.dot's fold is written out for up to 16 lanes
            throw new IllegalStateException(L + " float lanes: extend VectorMath.dot's fold");
        }
    }

    private static VectorShuffle<Float> rotation(int h) {
        return VectorShuffle.fromOp(F, i -> (i + h) % L);
    }

    private Lanes() {
    }

    /**
     * The sum of {@code L} lanes stored with {@code intoArray(lanes, off)}, folded in place in
     * scalar code: the upper half onto the lower half until one lane is left, for 16 lanes
     * {@code (((v0 + v8) + (v4 + v12)) + ((v2 + v10) + (v6 + v14))) + ...}.
     *
     * <p>Not a helper taking the vector: with 4 to 16 reductions in a tile, C2 runs out of
     * inlining budget for our own methods, and a vector passed to a method that is not inlined is
     * boxed (measured: 86 bytes per row and token). The Vector API's own methods ({@code intoArray},
     * {@code rearrange}) are force-inlined; {@link VectorMath#dot} folds with them and
     * {@link #BY_8} etc. in the same tree.
     */
    static float fold(float[] lanes, int off) {
        if (L == 16) { // the same tree unrolled: 8 independent adds, then 4, 2, 1; no store-to-load chains
            float s0 = lanes[off] + lanes[off + 8], s1 = lanes[off + 1] + lanes[off + 9];
            float s2 = lanes[off + 2] + lanes[off + 10], s3 = lanes[off + 3] + lanes[off + 11];
            float s4 = lanes[off + 4] + lanes[off + 12], s5 = lanes[off + 5] + lanes[off + 13];
            float s6 = lanes[off + 6] + lanes[off + 14], s7 = lanes[off + 7] + lanes[off + 15];
            float t0 = s0 + s4, t1 = s1 + s5, t2 = s2 + s6, t3 = s3 + s7;
            return (t0 + t2) + (t1 + t3);
        }
        if (L == 8) {
            float s0 = lanes[off] + lanes[off + 4], s1 = lanes[off + 1] + lanes[off + 5];
            float s2 = lanes[off + 2] + lanes[off + 6], s3 = lanes[off + 3] + lanes[off + 7];
            return (s0 + s2) + (s1 + s3);
        }
        for (int h = L >> 1; h > 0; h >>= 1) {
            for (int i = off; i < off + h; i++) {
                lanes[i] += lanes[i + h];
            }
        }
        return lanes[off];
    }
}
