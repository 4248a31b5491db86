package dev.janus.model.kernels;

import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.LSHL;

import dev.janus.model.tensor.Float8E4m3;
import dev.janus.model.tensor.Fp8BlockTensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Block-scaled FP8 (e4m3fn) row dot products, reading the input in place like {@link F32Rows}:
 * the same tiles (4 rows x 4 tokens, 4 x 1, 1 x 1). The 1-byte codes stream from memory and each
 * weight is rebuilt on the fly as {@code e4m3(q) * scale}, bit for bit the float32 weight HF's CPU
 * dequantization gives, then accumulated with FMA like the f32 kernel.
 *
 * <p>Widening without a table: a code sign-extended to an int lane, shifted left 20 and masked
 * with {@code 0x87F00000}, is a float32 with the code's sign and its 7 magnitude bits where
 * float32's exponent and mantissa start, i.e. the e4m3 value times 2^-120 (exact for normals and
 * subnormals, as in {@link HalfFloats}). Folding 2^120 into the block scale costs nothing per
 * weight and rounds the same ({@code q * 2^-120} is exact, {@code scale * 2^120} is exact while
 * |scale| &lt; 2^8: {@link #foldable}); e4m3fn's NaN codes are restored by one compare.
 *
 * <p>Block boundaries: a row is walked block by block (the block's scale broadcast once), a
 * block's whole vectors in the vector accumulator, its leftover columns in a scalar tail taken
 * in column order after the lanes are reduced. Every tile does exactly this per (row, token),
 * so a token's output does not depend on how many tokens share the call (batch invariance).
 */
final class Fp8Rows {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final float REBIAS = 0x1p120f;
    private static final int CODE_BITS = 0x87F0_0000;
    private static final int NAN_MAGNITUDE = 0x07F0_0000; // 0x7F << 20
    private static final int F32_NAN = 0x7FC0_0000;

    private Fp8Rows() {
    }

    /** Whether every block scale can carry the 2^120 rebias exactly (else use {@link #scalarTile}). */
    static boolean foldable(Fp8BlockTensor w) {
        for (float s : w.scales()) {
            if (!(Math.abs(s) < 0x1p8f)) {
                return false;
            }
        }
        return true;
    }

    /** {@code L} codes from byte {@code off}, as floats times 2^-120. */
    private static FloatVector codes(MemorySegment w, long off) {
        IntVector i = (IntVector) ByteVector.fromMemorySegment(B, w, off, LE).convertShape(B2I, I, 0);
        IntVector bits = i.lanewise(LSHL, 20).and(CODE_BITS);
        return bits.blend(F32_NAN, bits.and(0x7FFF_FFFF).compare(EQ, NAN_MAGNITUDE)).reinterpretAsFloats();
    }

    private static int scaleRow(Fp8BlockTensor w, int row) {
        return ((row + w.rowOffset()) / w.blockRows()) * w.scaleCols();
    }

    /** {@code y[t+k][row+r] = w[row+r] . x[t+k]} for {@code r, k < 4}. */
    static void tile4x4(Fp8BlockTensor wt, int row, float[] x, int xOff, int xStride, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        MemorySegment w = wt.segment();
        float[] s = wt.scales();
        int in = wt.cols();
        int bc = wt.blockCols();
        int colOff = wt.colOffset();
        long b0 = (long) row * in, b1 = b0 + in, b2 = b1 + in, b3 = b2 + in;
        int s0 = scaleRow(wt, row), s1 = scaleRow(wt, row + 1), s2 = scaleRow(wt, row + 2), s3 = scaleRow(wt, row + 3);
        int x0 = t * xStride + xOff, x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z, a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z, a30 = z, a31 = z, a32 = z, a33 = z;
        for (int k = 0, c0 = 0; c0 < in; k++) {
            int c1 = Math.min(in, (k + 1) * bc - colOff);
            int vEnd = c0 + (c1 - c0) / L * L;
            float k0 = s[s0 + k] * REBIAS, k1 = s[s1 + k] * REBIAS, k2 = s[s2 + k] * REBIAS, k3 = s[s3 + k] * REBIAS;
            for (int c = c0; c < vEnd; c += L) {
                FloatVector w0 = codes(w, b0 + c).mul(k0), w1 = codes(w, b1 + c).mul(k1);
                FloatVector w2 = codes(w, b2 + c).mul(k2), w3 = codes(w, b3 + c).mul(k3);
                FloatVector v = FloatVector.fromArray(F, x, x0 + c);
                a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20); a30 = w3.fma(v, a30);
                v = FloatVector.fromArray(F, x, x1 + c);
                a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21); a31 = w3.fma(v, a31);
                v = FloatVector.fromArray(F, x, x2 + c);
                a02 = w0.fma(v, a02); a12 = w1.fma(v, a12); a22 = w2.fma(v, a22); a32 = w3.fma(v, a32);
                v = FloatVector.fromArray(F, x, x3 + c);
                a03 = w0.fma(v, a03); a13 = w1.fma(v, a13); a23 = w2.fma(v, a23); a33 = w3.fma(v, a33);
            }
            c0 = c1;
        }
        a00.intoArray(lanes, 0); a10.intoArray(lanes, 1 * L); a20.intoArray(lanes, 2 * L); a30.intoArray(lanes, 3 * L);
        a01.intoArray(lanes, 4 * L); a11.intoArray(lanes, 5 * L); a21.intoArray(lanes, 6 * L); a31.intoArray(lanes, 7 * L);
        a02.intoArray(lanes, 8 * L); a12.intoArray(lanes, 9 * L); a22.intoArray(lanes, 10 * L); a32.intoArray(lanes, 11 * L);
        a03.intoArray(lanes, 12 * L); a13.intoArray(lanes, 13 * L); a23.intoArray(lanes, 14 * L); a33.intoArray(lanes, 15 * L);
        int y0 = t * yStride + yOff + row, y1 = y0 + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
        y[y0] = Lanes.fold(lanes, 0) + tail(wt, row, x, x0);
        y[y0 + 1] = Lanes.fold(lanes, 1 * L) + tail(wt, row + 1, x, x0);
        y[y0 + 2] = Lanes.fold(lanes, 2 * L) + tail(wt, row + 2, x, x0);
        y[y0 + 3] = Lanes.fold(lanes, 3 * L) + tail(wt, row + 3, x, x0);
        y[y1] = Lanes.fold(lanes, 4 * L) + tail(wt, row, x, x1);
        y[y1 + 1] = Lanes.fold(lanes, 5 * L) + tail(wt, row + 1, x, x1);
        y[y1 + 2] = Lanes.fold(lanes, 6 * L) + tail(wt, row + 2, x, x1);
        y[y1 + 3] = Lanes.fold(lanes, 7 * L) + tail(wt, row + 3, x, x1);
        y[y2] = Lanes.fold(lanes, 8 * L) + tail(wt, row, x, x2);
        y[y2 + 1] = Lanes.fold(lanes, 9 * L) + tail(wt, row + 1, x, x2);
        y[y2 + 2] = Lanes.fold(lanes, 10 * L) + tail(wt, row + 2, x, x2);
        y[y2 + 3] = Lanes.fold(lanes, 11 * L) + tail(wt, row + 3, x, x2);
        y[y3] = Lanes.fold(lanes, 12 * L) + tail(wt, row, x, x3);
        y[y3 + 1] = Lanes.fold(lanes, 13 * L) + tail(wt, row + 1, x, x3);
        y[y3 + 2] = Lanes.fold(lanes, 14 * L) + tail(wt, row + 2, x, x3);
        y[y3 + 3] = Lanes.fold(lanes, 15 * L) + tail(wt, row + 3, x, x3);
    }

    /**
     * {@code y[t+k][row+r] = w[row+r] . x[t+k]} for {@code r < 4, k < 2}: two leftover tokens share
     * each code's widening and scaling, the costly part of this kernel. Per (row, token) the
     * operations and their order are those of tile4x4 and tile4x1.
     */
    static void tile4x2(Fp8BlockTensor wt, int row, float[] x, int xOff, int xStride, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        MemorySegment w = wt.segment();
        float[] s = wt.scales();
        int in = wt.cols();
        int bc = wt.blockCols();
        int colOff = wt.colOffset();
        long b0 = (long) row * in, b1 = b0 + in, b2 = b1 + in, b3 = b2 + in;
        int s0 = scaleRow(wt, row), s1 = scaleRow(wt, row + 1), s2 = scaleRow(wt, row + 2), s3 = scaleRow(wt, row + 3);
        int x0 = t * xStride + xOff, x1 = x0 + xStride;
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z;
        for (int k = 0, c0 = 0; c0 < in; k++) {
            int c1 = Math.min(in, (k + 1) * bc - colOff);
            int vEnd = c0 + (c1 - c0) / L * L;
            float k0 = s[s0 + k] * REBIAS, k1 = s[s1 + k] * REBIAS, k2 = s[s2 + k] * REBIAS, k3 = s[s3 + k] * REBIAS;
            for (int c = c0; c < vEnd; c += L) {
                FloatVector w0 = codes(w, b0 + c).mul(k0), w1 = codes(w, b1 + c).mul(k1);
                FloatVector w2 = codes(w, b2 + c).mul(k2), w3 = codes(w, b3 + c).mul(k3);
                FloatVector v = FloatVector.fromArray(F, x, x0 + c);
                a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20); a30 = w3.fma(v, a30);
                v = FloatVector.fromArray(F, x, x1 + c);
                a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21); a31 = w3.fma(v, a31);
            }
            c0 = c1;
        }
        a00.intoArray(lanes, 0); a10.intoArray(lanes, 1 * L); a20.intoArray(lanes, 2 * L); a30.intoArray(lanes, 3 * L);
        a01.intoArray(lanes, 4 * L); a11.intoArray(lanes, 5 * L); a21.intoArray(lanes, 6 * L); a31.intoArray(lanes, 7 * L);
        int y0 = t * yStride + yOff + row, y1 = y0 + yStride;
        y[y0] = Lanes.fold(lanes, 0) + tail(wt, row, x, x0);
        y[y0 + 1] = Lanes.fold(lanes, 1 * L) + tail(wt, row + 1, x, x0);
        y[y0 + 2] = Lanes.fold(lanes, 2 * L) + tail(wt, row + 2, x, x0);
        y[y0 + 3] = Lanes.fold(lanes, 3 * L) + tail(wt, row + 3, x, x0);
        y[y1] = Lanes.fold(lanes, 4 * L) + tail(wt, row, x, x1);
        y[y1 + 1] = Lanes.fold(lanes, 5 * L) + tail(wt, row + 1, x, x1);
        y[y1 + 2] = Lanes.fold(lanes, 6 * L) + tail(wt, row + 2, x, x1);
        y[y1 + 3] = Lanes.fold(lanes, 7 * L) + tail(wt, row + 3, x, x1);
    }

    /** {@code y[t][row+r] = w[row+r] . x[t]} for {@code r < 4}: the decode path. */
    static void tile4x1(Fp8BlockTensor wt, int row, float[] x, int xOff, int xStride, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        MemorySegment w = wt.segment();
        float[] s = wt.scales();
        int in = wt.cols();
        int bc = wt.blockCols();
        int colOff = wt.colOffset();
        long b0 = (long) row * in, b1 = b0 + in, b2 = b1 + in, b3 = b2 + in;
        int s0 = scaleRow(wt, row), s1 = scaleRow(wt, row + 1), s2 = scaleRow(wt, row + 2), s3 = scaleRow(wt, row + 3);
        int xb = t * xStride + xOff;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int k = 0, c0 = 0; c0 < in; k++) {
            int c1 = Math.min(in, (k + 1) * bc - colOff);
            int vEnd = c0 + (c1 - c0) / L * L;
            float k0 = s[s0 + k] * REBIAS, k1 = s[s1 + k] * REBIAS, k2 = s[s2 + k] * REBIAS, k3 = s[s3 + k] * REBIAS;
            for (int c = c0; c < vEnd; c += L) {
                FloatVector v = FloatVector.fromArray(F, x, xb + c);
                a0 = codes(w, b0 + c).mul(k0).fma(v, a0);
                a1 = codes(w, b1 + c).mul(k1).fma(v, a1);
                a2 = codes(w, b2 + c).mul(k2).fma(v, a2);
                a3 = codes(w, b3 + c).mul(k3).fma(v, a3);
            }
            c0 = c1;
        }
        a0.intoArray(lanes, 0); a1.intoArray(lanes, 1 * L); a2.intoArray(lanes, 2 * L); a3.intoArray(lanes, 3 * L);
        int y0 = t * yStride + yOff + row;
        y[y0] = Lanes.fold(lanes, 0) + tail(wt, row, x, xb);
        y[y0 + 1] = Lanes.fold(lanes, 1 * L) + tail(wt, row + 1, x, xb);
        y[y0 + 2] = Lanes.fold(lanes, 2 * L) + tail(wt, row + 2, x, xb);
        y[y0 + 3] = Lanes.fold(lanes, 3 * L) + tail(wt, row + 3, x, xb);
    }

    /** {@code y[t][row] = w[row] . x[t]}: leftover rows. */
    static void tile1x1(Fp8BlockTensor wt, int row, float[] x, int xOff, int xStride, int t,
                        float[] y, int yOff, int yStride, float[] lanes) {
        MemorySegment w = wt.segment();
        float[] s = wt.scales();
        int in = wt.cols();
        int bc = wt.blockCols();
        int colOff = wt.colOffset();
        long b0 = (long) row * in;
        int s0 = scaleRow(wt, row);
        int xb = t * xStride + xOff;
        FloatVector a0 = FloatVector.zero(F);
        for (int k = 0, c0 = 0; c0 < in; k++) {
            int c1 = Math.min(in, (k + 1) * bc - colOff);
            int vEnd = c0 + (c1 - c0) / L * L;
            float k0 = s[s0 + k] * REBIAS;
            for (int c = c0; c < vEnd; c += L) {
                a0 = codes(w, b0 + c).mul(k0).fma(FloatVector.fromArray(F, x, xb + c), a0);
            }
            c0 = c1;
        }
        a0.intoArray(lanes, 0);
        y[t * yStride + yOff + row] = Lanes.fold(lanes, 0) + tail(wt, row, x, xb);
    }

    /**
     * Every (row, token) of a tile with scalar float math in column order: for tensors whose
     * scales cannot carry the rebias ({@link #foldable} false; real checkpoints never get here).
     */
    static void scalarTile(Fp8BlockTensor wt, int row, int rows, float[] x, int xOff, int xStride, int t, int tokens,
                           float[] y, int yOff, int yStride) {
        int in = wt.cols();
        for (int k = t; k < t + tokens; k++) {
            int xb = k * xStride + xOff;
            for (int r = row; r < row + rows; r++) {
                float acc = 0f;
                for (int c = 0; c < in; c++) {
                    acc += wt.get(r, c) * x[xb + c];
                }
                y[k * yStride + yOff + r] = acc;
            }
        }
    }

    /** Scalar rest of one row: in each block the columns after its last whole vector. */
    private static float tail(Fp8BlockTensor wt, int row, float[] x, int xb) {
        MemorySegment w = wt.segment();
        int in = wt.cols();
        int bc = wt.blockCols();
        int colOff = wt.colOffset();
        long base = (long) row * in;
        int sr = scaleRow(wt, row);
        float acc = 0f;
        for (int k = 0, c0 = 0; c0 < in; k++) {
            int c1 = Math.min(in, (k + 1) * bc - colOff);
            float scale = wt.scales()[sr + k];
            for (int c = c0 + (c1 - c0) / L * L; c < c1; c++) {
                acc += (Float8E4m3.toFloat(w.get(ValueLayout.JAVA_BYTE, base + c)) * scale) * x[xb + c];
            }
            c0 = c1;
        }
        return acc;
    }
}
