package dev.janus.model.kernels;

import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.OR;

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
 * Block-scaled FP8 (e4m3fn) weights for the matmul: the 1-byte codes stream from memory and a
 * row block at a time is rebuilt into a {@link WeightStrip} as {@code e4m3(q) * scale}, bit for
 * bit the float32 weights HF's CPU dequantization gives, that the f32 tiles ({@link F32Rows})
 * multiply with the input. Each weight is widened once per call, whatever the number of tokens.
 *
 * <p>Widening without a table: a code sign-extended to an int lane, shifted left 20 and masked
 * with {@code 0x87F00000}, is a float32 with the code's sign and its 7 magnitude bits where
 * float32's exponent and mantissa start, i.e. the e4m3 value times 2^-120 (exact for normals and
 * subnormals, as in {@link HalfFloats}). Folding 2^120 into the block scale costs nothing per
 * weight and rounds the same ({@code q * 2^-120} is exact, {@code scale * 2^120} is exact while
 * |scale| &lt; 2^8: {@link #foldable}); e4m3fn's NaN codes are restored by one compare.
 *
 * <p>Block boundaries: a row is widened block by block (the block's scale broadcast once), a
 * block's whole vectors with the vector code, its leftover columns one by one. Widening inside
 * the tiles instead cost the same at one token and was slower at 16 sequences: C2 does not inline
 * the widening into a tile of 16 accumulators (docs/benchmarks.md).
 */
final class Fp8Rows {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final float REBIAS = 0x1p120f;
    private static final int CODE_BITS = 0x87F0_0000;
    private static final int NAN_MAGNITUDE = 0x07F0_0000; // 0x7F << 20
    private static final int F32_NAN = 0x7FC0_0000;
    private static final int ONE_MAGNITUDE = 1 << 20;  // magnitude + 1, in place
    private static final int NAN_CARRY = 0x80 << 20;  // ... reaches 0x80 only from 0x7F

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

    private static int scaleRow(Fp8BlockTensor w, int row) {
        return ((row + w.rowOffset()) / w.blockRows()) * w.scaleCols();
    }

    /**
     * Rows {@code [row, row + rows)} as float32 rows of {@code strip}, each weight
     * {@code e4m3(q) * scale} of its block: whole vectors of a block rebiased, its leftover
     * columns converted one by one (the same values).
     *
     * <p>e4m3fn's NaN codes (magnitude 0x7F) would come out as 480 * scale; quantizers never write
     * them, so the vector loop only notes whether one passed (the magnitude plus one reaches bit 7:
     * two integer ops, against a compare and a blend that made the widening 4x slower) and the
     * rows are widened again with the NaN restored when one did.
     */
    static void widen(Fp8BlockTensor wt, int row, int rows, MemorySegment strip) {
        if (widen(wt, row, rows, strip, false)) {
            widen(wt, row, rows, strip, true);
        }
    }

    /** @return whether a NaN code went through the vector loop without {@code restoreNaN} */
    private static boolean widen(Fp8BlockTensor wt, int row, int rows, MemorySegment strip, boolean restoreNaN) {
        MemorySegment w = wt.segment();
        float[] s = wt.scales();
        int in = wt.cols();
        int bc = wt.blockCols();
        int colOff = wt.colOffset();
        // whole vectors never straddle a block when blocks and the grid's start are vector-aligned
        // (128 x 128 checkpoints): then a row is one loop, the scale changing every bc columns
        boolean aligned = bc % L == 0 && colOff % L == 0;
        IntVector seen = IntVector.zero(I);
        for (int r = 0; r < rows; r++) {
            long src = (long) in * (row + r);
            long dst = 4L * in * r;
            int sr = scaleRow(wt, row + r);
            int c = 0;
            if (aligned && !restoreNaN) {
                int vEnd = in / L * L;
                int k = 0;
                int nextBlock = bc - colOff;
                float rebiased = s[sr] * REBIAS;
                for (; c < vEnd; c += L) {
                    if (c == nextBlock) {
                        rebiased = s[sr + ++k] * REBIAS;
                        nextBlock += bc;
                    }
                    // the widening written out: as a call C2 sometimes compiled it out of line
                    // ("callee is too large" before the site was hot), boxing every vector
                    IntVector bits = ((IntVector) ByteVector.fromMemorySegment(B, w, src + c, LE)
                            .convertShape(B2I, I, 0)).lanewise(LSHL, 20).and(CODE_BITS);
                    seen = seen.or(bits.add(ONE_MAGNITUDE)); // bit 27 set iff the magnitude was 0x7F
                    bits.reinterpretAsFloats().mul(rebiased).intoMemorySegment(strip, dst + 4L * c, LE);
                }
            }
            for (int k = (c + colOff) / bc, c0 = c; c0 < in; k++) { // the rest block by block
                int c1 = Math.min(in, (k + 1) * bc - colOff);
                int vEnd = c0 + (c1 - c0) / L * L;
                float scale = s[sr + k];
                float rebiased = scale * REBIAS;
                c = c0;
                for (; c < vEnd; c += L) {
                    IntVector bits = ((IntVector) ByteVector.fromMemorySegment(B, w, src + c, LE)
                            .convertShape(B2I, I, 0)).lanewise(LSHL, 20).and(CODE_BITS);
                    if (restoreNaN) {
                        bits = bits.blend(F32_NAN, bits.and(0x7FFF_FFFF).compare(EQ, NAN_MAGNITUDE));
                    } else {
                        seen = seen.or(bits.add(ONE_MAGNITUDE));
                    }
                    bits.reinterpretAsFloats().mul(rebiased).intoMemorySegment(strip, dst + 4L * c, LE);
                }
                for (; c < c1; c++) {
                    strip.set(FLOAT, dst + 4L * c, Float8E4m3.toFloat(w.get(ValueLayout.JAVA_BYTE, src + c)) * scale);
                }
                c0 = c1;
            }
        }
        return (seen.reduceLanes(OR) & NAN_CARRY) != 0;
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
}
