package dev.janus.model.kernels;

import static dev.janus.model.kernels.HalfFloats.f16Even;
import static dev.janus.model.kernels.HalfFloats.f16Odd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * IEEE f16 row dot products against a {@link Deinterleave}d input: {@link Bf16Rows} with the
 * f16 widening of {@link HalfFloats} (a few more integer ops per weight vector; decode stays
 * memory-bound). Kept as a copy rather than a shared generic body so that C2 sees straight-line
 * vector code it can keep in registers.
 *
 * <p>Why not one class with a {@code boolean f16} flag (tried 2026-11, JDK 25, AVX-512, one
 * thread, old vs merged interleaved in one JVM): the tiles are too big to inline, so the flag is
 * not a constant inside them; while only one dtype has run, C2 prunes the untaken branch and the
 * merged bf16 tiles match these (decode 2816x1024: 196 vs 196 us; prefill 32 tokens 1024x2816:
 * +1.6..1.9%). Once both dtypes have run in the JVM (tests, a server with f16 and bf16 models),
 * the widening becomes a phi of two FloatVectors, the vector boxes are no longer eliminated and
 * every tile allocates: bf16 decode 2816x1024 190 -> 3110 us (16x, 362 GCs vs 3), prefill
 * 13-17x slower. So the two copies stay; change them together.
 */
final class F16Rows {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);

    private F16Rows() {
    }

    /** {@code y[t+k][row+r] = w[row+r] . x[t+k]} for {@code r, k < 4}. */
    static void tile4x4(MemorySegment w, int row, int in, float[] xs, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        long rb = 2L * in;
        long b0 = row * rb, b1 = b0 + rb, b2 = b1 + rb, b3 = b2 + rb;
        int half = in >>> 1;
        int x0 = t * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        int bound = F.loopBound(half);
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        for (int j = 0; j < bound; j += L) {
            long o = 4L * j;
            IntVector p0 = IntVector.fromMemorySegment(I, w, b0 + o, LE);
            IntVector p1 = IntVector.fromMemorySegment(I, w, b1 + o, LE);
            IntVector p2 = IntVector.fromMemorySegment(I, w, b2 + o, LE);
            IntVector p3 = IntVector.fromMemorySegment(I, w, b3 + o, LE);
            // even weights against even inputs, then odd against odd: 8 weight registers
            // would not fit next to 16 accumulators, 4 do
            FloatVector w0 = f16Even(p0), w1 = f16Even(p1), w2 = f16Even(p2), w3 = f16Even(p3);
            FloatVector v = FloatVector.fromArray(F, xs, x0 + j);
            a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20); a30 = w3.fma(v, a30);
            v = FloatVector.fromArray(F, xs, x1 + j);
            a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21); a31 = w3.fma(v, a31);
            v = FloatVector.fromArray(F, xs, x2 + j);
            a02 = w0.fma(v, a02); a12 = w1.fma(v, a12); a22 = w2.fma(v, a22); a32 = w3.fma(v, a32);
            v = FloatVector.fromArray(F, xs, x3 + j);
            a03 = w0.fma(v, a03); a13 = w1.fma(v, a13); a23 = w2.fma(v, a23); a33 = w3.fma(v, a33);
            w0 = f16Odd(p0); w1 = f16Odd(p1); w2 = f16Odd(p2); w3 = f16Odd(p3);
            v = FloatVector.fromArray(F, xs, x0 + half + j);
            a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20); a30 = w3.fma(v, a30);
            v = FloatVector.fromArray(F, xs, x1 + half + j);
            a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21); a31 = w3.fma(v, a31);
            v = FloatVector.fromArray(F, xs, x2 + half + j);
            a02 = w0.fma(v, a02); a12 = w1.fma(v, a12); a22 = w2.fma(v, a22); a32 = w3.fma(v, a32);
            v = FloatVector.fromArray(F, xs, x3 + half + j);
            a03 = w0.fma(v, a03); a13 = w1.fma(v, a13); a23 = w2.fma(v, a23); a33 = w3.fma(v, a33);
        }
        a00.intoArray(lanes, 0); a10.intoArray(lanes, 1 * L); a20.intoArray(lanes, 2 * L); a30.intoArray(lanes, 3 * L);
        a01.intoArray(lanes, 4 * L); a11.intoArray(lanes, 5 * L); a21.intoArray(lanes, 6 * L); a31.intoArray(lanes, 7 * L);
        a02.intoArray(lanes, 8 * L); a12.intoArray(lanes, 9 * L); a22.intoArray(lanes, 10 * L); a32.intoArray(lanes, 11 * L);
        a03.intoArray(lanes, 12 * L); a13.intoArray(lanes, 13 * L); a23.intoArray(lanes, 14 * L); a33.intoArray(lanes, 15 * L);
        int y0 = t * yStride + yOff + row, y1 = y0 + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
        y[y0] = Lanes.fold(lanes, 0) + tail(w, b0, in, xs, x0, bound);
        y[y0 + 1] = Lanes.fold(lanes, 1 * L) + tail(w, b1, in, xs, x0, bound);
        y[y0 + 2] = Lanes.fold(lanes, 2 * L) + tail(w, b2, in, xs, x0, bound);
        y[y0 + 3] = Lanes.fold(lanes, 3 * L) + tail(w, b3, in, xs, x0, bound);
        y[y1] = Lanes.fold(lanes, 4 * L) + tail(w, b0, in, xs, x1, bound);
        y[y1 + 1] = Lanes.fold(lanes, 5 * L) + tail(w, b1, in, xs, x1, bound);
        y[y1 + 2] = Lanes.fold(lanes, 6 * L) + tail(w, b2, in, xs, x1, bound);
        y[y1 + 3] = Lanes.fold(lanes, 7 * L) + tail(w, b3, in, xs, x1, bound);
        y[y2] = Lanes.fold(lanes, 8 * L) + tail(w, b0, in, xs, x2, bound);
        y[y2 + 1] = Lanes.fold(lanes, 9 * L) + tail(w, b1, in, xs, x2, bound);
        y[y2 + 2] = Lanes.fold(lanes, 10 * L) + tail(w, b2, in, xs, x2, bound);
        y[y2 + 3] = Lanes.fold(lanes, 11 * L) + tail(w, b3, in, xs, x2, bound);
        y[y3] = Lanes.fold(lanes, 12 * L) + tail(w, b0, in, xs, x3, bound);
        y[y3 + 1] = Lanes.fold(lanes, 13 * L) + tail(w, b1, in, xs, x3, bound);
        y[y3 + 2] = Lanes.fold(lanes, 14 * L) + tail(w, b2, in, xs, x3, bound);
        y[y3 + 3] = Lanes.fold(lanes, 15 * L) + tail(w, b3, in, xs, x3, bound);
    }

    /**
     * {@code y[t+k][row+r] = w[row+r] . x[t+k]} for {@code r < 4, k < 2}: two leftover tokens of a
     * call share each weight load and widening (a MoE step gives many experts 2, 3, 6 or 7 rows).
     * Per (row, token) the operations and their order are those of tile4x4 and tile4x1.
     */
    static void tile4x2(MemorySegment w, int row, int in, float[] xs, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        long rb = 2L * in;
        long b0 = row * rb, b1 = b0 + rb, b2 = b1 + rb, b3 = b2 + rb;
        int half = in >>> 1;
        int x0 = t * in, x1 = x0 + in;
        int bound = F.loopBound(half);
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        for (int j = 0; j < bound; j += L) {
            long o = 4L * j;
            IntVector p0 = IntVector.fromMemorySegment(I, w, b0 + o, LE);
            IntVector p1 = IntVector.fromMemorySegment(I, w, b1 + o, LE);
            IntVector p2 = IntVector.fromMemorySegment(I, w, b2 + o, LE);
            IntVector p3 = IntVector.fromMemorySegment(I, w, b3 + o, LE);
            FloatVector w0 = f16Even(p0), w1 = f16Even(p1), w2 = f16Even(p2), w3 = f16Even(p3);
            FloatVector v = FloatVector.fromArray(F, xs, x0 + j);
            a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20); a30 = w3.fma(v, a30);
            v = FloatVector.fromArray(F, xs, x1 + j);
            a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21); a31 = w3.fma(v, a31);
            w0 = f16Odd(p0); w1 = f16Odd(p1); w2 = f16Odd(p2); w3 = f16Odd(p3);
            v = FloatVector.fromArray(F, xs, x0 + half + j);
            a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20); a30 = w3.fma(v, a30);
            v = FloatVector.fromArray(F, xs, x1 + half + j);
            a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21); a31 = w3.fma(v, a31);
        }
        a00.intoArray(lanes, 0); a10.intoArray(lanes, 1 * L); a20.intoArray(lanes, 2 * L); a30.intoArray(lanes, 3 * L);
        a01.intoArray(lanes, 4 * L); a11.intoArray(lanes, 5 * L); a21.intoArray(lanes, 6 * L); a31.intoArray(lanes, 7 * L);
        int y0 = t * yStride + yOff + row, y1 = y0 + yStride;
        y[y0] = Lanes.fold(lanes, 0) + tail(w, b0, in, xs, x0, bound);
        y[y0 + 1] = Lanes.fold(lanes, 1 * L) + tail(w, b1, in, xs, x0, bound);
        y[y0 + 2] = Lanes.fold(lanes, 2 * L) + tail(w, b2, in, xs, x0, bound);
        y[y0 + 3] = Lanes.fold(lanes, 3 * L) + tail(w, b3, in, xs, x0, bound);
        y[y1] = Lanes.fold(lanes, 4 * L) + tail(w, b0, in, xs, x1, bound);
        y[y1 + 1] = Lanes.fold(lanes, 5 * L) + tail(w, b1, in, xs, x1, bound);
        y[y1 + 2] = Lanes.fold(lanes, 6 * L) + tail(w, b2, in, xs, x1, bound);
        y[y1 + 3] = Lanes.fold(lanes, 7 * L) + tail(w, b3, in, xs, x1, bound);
    }

    /** {@code y[t][row+r] = w[row+r] . x[t]} for {@code r < 4}. */
    static void tile4x1(MemorySegment w, int row, int in, float[] xs, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        long rb = 2L * in;
        long b0 = row * rb, b1 = b0 + rb, b2 = b1 + rb, b3 = b2 + rb;
        int half = in >>> 1;
        int xe = t * in, xo = xe + half;
        int bound = F.loopBound(half);
        FloatVector z = FloatVector.zero(F);
        // one accumulator per row, even lanes then odd lanes: the same operations in the same
        // order as tile4x4, so a token's row does not depend on how many tokens share the call
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
        for (int j = 0; j < bound; j += L) {
            long o = 4L * j;
            FloatVector ve = FloatVector.fromArray(F, xs, xe + j);
            FloatVector vo = FloatVector.fromArray(F, xs, xo + j);
            IntVector p0 = IntVector.fromMemorySegment(I, w, b0 + o, LE);
            IntVector p1 = IntVector.fromMemorySegment(I, w, b1 + o, LE);
            IntVector p2 = IntVector.fromMemorySegment(I, w, b2 + o, LE);
            IntVector p3 = IntVector.fromMemorySegment(I, w, b3 + o, LE);
            a0 = f16Odd(p0).fma(vo, f16Even(p0).fma(ve, a0));
            a1 = f16Odd(p1).fma(vo, f16Even(p1).fma(ve, a1));
            a2 = f16Odd(p2).fma(vo, f16Even(p2).fma(ve, a2));
            a3 = f16Odd(p3).fma(vo, f16Even(p3).fma(ve, a3));
        }
        a0.intoArray(lanes, 0); a1.intoArray(lanes, 1 * L); a2.intoArray(lanes, 2 * L); a3.intoArray(lanes, 3 * L);
        int y0 = t * yStride + yOff + row;
        y[y0] = Lanes.fold(lanes, 0) + tail(w, b0, in, xs, xe, bound);
        y[y0 + 1] = Lanes.fold(lanes, 1 * L) + tail(w, b1, in, xs, xe, bound);
        y[y0 + 2] = Lanes.fold(lanes, 2 * L) + tail(w, b2, in, xs, xe, bound);
        y[y0 + 3] = Lanes.fold(lanes, 3 * L) + tail(w, b3, in, xs, xe, bound);
    }

    /** {@code y[t][row] = w[row] . x[t]}: leftover rows. */
    static void tile1x1(MemorySegment w, int row, int in, float[] xs, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        long b0 = row * 2L * in;
        int half = in >>> 1;
        int xe = t * in, xo = xe + half;
        int bound = F.loopBound(half);
        FloatVector a0 = FloatVector.zero(F); // the accumulation order of tile4x4 (see tile4x1)
        for (int j = 0; j < bound; j += L) {
            IntVector p0 = IntVector.fromMemorySegment(I, w, b0 + 4L * j, LE);
            a0 = f16Odd(p0).fma(FloatVector.fromArray(F, xs, xo + j),
                    f16Even(p0).fma(FloatVector.fromArray(F, xs, xe + j), a0));
        }
        a0.intoArray(lanes, 0);
        y[t * yStride + yOff + row] = Lanes.fold(lanes, 0) + tail(w, b0, in, xs, xe, bound);
    }

    /** Scalar rest of one row: pairs {@code [fromPair, in/2)} and the odd last element. */
    private static float tail(MemorySegment w, long rowBase, int in, float[] xs, int xb, int fromPair) {
        int half = in >>> 1;
        float acc = 0f;
        for (int j = fromPair; j < half; j++) {
            acc += f16(w, rowBase, 2 * j) * xs[xb + j] + f16(w, rowBase, 2 * j + 1) * xs[xb + half + j];
        }
        if ((in & 1) != 0) {
            acc += f16(w, rowBase, in - 1) * xs[xb + in - 1];
        }
        return acc;
    }

    private static float f16(MemorySegment w, long rowBase, int i) {
        return Float.float16ToFloat(w.get(SHORT, rowBase + 2L * i));
    }
}
