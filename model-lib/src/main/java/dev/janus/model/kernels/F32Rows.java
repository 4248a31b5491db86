package dev.janus.model.kernels;


import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * f32 row dot products, reading the input in place ({@code x[t*xStride + xOff + i]}); the same
 * tiles as {@link Bf16Rows}: 4 rows x 4 tokens with 16 accumulators, 4 rows x 1 token, 1 x 1.
 */
final class F32Rows {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private F32Rows() {
    }

    static void tile4x4(MemorySegment w, int row, int in, float[] x, int xOff, int xStride, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        long rb = 4L * in;
        long b0 = row * rb, b1 = b0 + rb, b2 = b1 + rb, b3 = b2 + rb;
        int x0 = t * xStride + xOff, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        int bound = F.loopBound(in);
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        for (int i = 0; i < bound; i += L) {
            long o = 4L * i;
            FloatVector w0 = FloatVector.fromMemorySegment(F, w, b0 + o, LE);
            FloatVector w1 = FloatVector.fromMemorySegment(F, w, b1 + o, LE);
            FloatVector w2 = FloatVector.fromMemorySegment(F, w, b2 + o, LE);
            FloatVector w3 = FloatVector.fromMemorySegment(F, w, b3 + o, LE);
            FloatVector v = FloatVector.fromArray(F, x, x0 + i);
            a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20); a30 = w3.fma(v, a30);
            v = FloatVector.fromArray(F, x, x1 + i);
            a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21); a31 = w3.fma(v, a31);
            v = FloatVector.fromArray(F, x, x2 + i);
            a02 = w0.fma(v, a02); a12 = w1.fma(v, a12); a22 = w2.fma(v, a22); a32 = w3.fma(v, a32);
            v = FloatVector.fromArray(F, x, x3 + i);
            a03 = w0.fma(v, a03); a13 = w1.fma(v, a13); a23 = w2.fma(v, a23); a33 = w3.fma(v, a33);
        }
        a00.intoArray(lanes, 0); a10.intoArray(lanes, 1 * L); a20.intoArray(lanes, 2 * L); a30.intoArray(lanes, 3 * L);
        a01.intoArray(lanes, 4 * L); a11.intoArray(lanes, 5 * L); a21.intoArray(lanes, 6 * L); a31.intoArray(lanes, 7 * L);
        a02.intoArray(lanes, 8 * L); a12.intoArray(lanes, 9 * L); a22.intoArray(lanes, 10 * L); a32.intoArray(lanes, 11 * L);
        a03.intoArray(lanes, 12 * L); a13.intoArray(lanes, 13 * L); a23.intoArray(lanes, 14 * L); a33.intoArray(lanes, 15 * L);
        int y0 = t * yStride + yOff + row, y1 = y0 + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
        y[y0] = Lanes.fold(lanes, 0) + tail(w, b0, in, x, x0, bound);
        y[y0 + 1] = Lanes.fold(lanes, 1 * L) + tail(w, b1, in, x, x0, bound);
        y[y0 + 2] = Lanes.fold(lanes, 2 * L) + tail(w, b2, in, x, x0, bound);
        y[y0 + 3] = Lanes.fold(lanes, 3 * L) + tail(w, b3, in, x, x0, bound);
        y[y1] = Lanes.fold(lanes, 4 * L) + tail(w, b0, in, x, x1, bound);
        y[y1 + 1] = Lanes.fold(lanes, 5 * L) + tail(w, b1, in, x, x1, bound);
        y[y1 + 2] = Lanes.fold(lanes, 6 * L) + tail(w, b2, in, x, x1, bound);
        y[y1 + 3] = Lanes.fold(lanes, 7 * L) + tail(w, b3, in, x, x1, bound);
        y[y2] = Lanes.fold(lanes, 8 * L) + tail(w, b0, in, x, x2, bound);
        y[y2 + 1] = Lanes.fold(lanes, 9 * L) + tail(w, b1, in, x, x2, bound);
        y[y2 + 2] = Lanes.fold(lanes, 10 * L) + tail(w, b2, in, x, x2, bound);
        y[y2 + 3] = Lanes.fold(lanes, 11 * L) + tail(w, b3, in, x, x2, bound);
        y[y3] = Lanes.fold(lanes, 12 * L) + tail(w, b0, in, x, x3, bound);
        y[y3 + 1] = Lanes.fold(lanes, 13 * L) + tail(w, b1, in, x, x3, bound);
        y[y3 + 2] = Lanes.fold(lanes, 14 * L) + tail(w, b2, in, x, x3, bound);
        y[y3 + 3] = Lanes.fold(lanes, 15 * L) + tail(w, b3, in, x, x3, bound);
    }

    static void tile4x1(MemorySegment w, int row, int in, float[] x, int xOff, int xStride, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        long rb = 4L * in;
        long b0 = row * rb, b1 = b0 + rb, b2 = b1 + rb, b3 = b2 + rb;
        int xb = t * xStride + xOff;
        int bound = F.loopBound(in);
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < bound; i += L) {
            long o = 4L * i;
            FloatVector v = FloatVector.fromArray(F, x, xb + i);
            a0 = FloatVector.fromMemorySegment(F, w, b0 + o, LE).fma(v, a0);
            a1 = FloatVector.fromMemorySegment(F, w, b1 + o, LE).fma(v, a1);
            a2 = FloatVector.fromMemorySegment(F, w, b2 + o, LE).fma(v, a2);
            a3 = FloatVector.fromMemorySegment(F, w, b3 + o, LE).fma(v, a3);
        }
        a0.intoArray(lanes, 0); a1.intoArray(lanes, 1 * L); a2.intoArray(lanes, 2 * L); a3.intoArray(lanes, 3 * L);
        int y0 = t * yStride + yOff + row;
        y[y0] = Lanes.fold(lanes, 0) + tail(w, b0, in, x, xb, bound);
        y[y0 + 1] = Lanes.fold(lanes, 1 * L) + tail(w, b1, in, x, xb, bound);
        y[y0 + 2] = Lanes.fold(lanes, 2 * L) + tail(w, b2, in, x, xb, bound);
        y[y0 + 3] = Lanes.fold(lanes, 3 * L) + tail(w, b3, in, x, xb, bound);
    }

    static void tile1x1(MemorySegment w, int row, int in, float[] x, int xOff, int xStride, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        long b0 = row * 4L * in;
        int xb = t * xStride + xOff;
        int bound = F.loopBound(in);
        FloatVector a0 = FloatVector.zero(F);
        for (int i = 0; i < bound; i += L) {
            a0 = FloatVector.fromMemorySegment(F, w, b0 + 4L * i, LE).fma(FloatVector.fromArray(F, x, xb + i), a0);
        }
        a0.intoArray(lanes, 0);
        y[t * yStride + yOff + row] = Lanes.fold(lanes, 0) + tail(w, b0, in, x, xb, bound);
    }

    private static float tail(MemorySegment w, long rowBase, int in, float[] x, int xb, int from) {
        float acc = 0f;
        for (int i = from; i < in; i++) {
            acc += w.get(FLOAT, rowBase + 4L * i) * x[xb + i];
        }
        return acc;
    }
}
