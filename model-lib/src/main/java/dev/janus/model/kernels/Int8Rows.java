package dev.janus.model.kernels;

import static jdk.incubator.vector.VectorOperators.B2I;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Int8ChannelTensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * int8 per-channel weights (compressed-tensors W8A16) for the matmul: a row block rebuilt into a
 * {@link WeightStrip} as {@code q * scale[row]}, rounded to the scale's dtype like
 * {@link Int8ChannelTensor#dequantize} (bf16 scales: round to nearest even by integer arithmetic;
 * the product of an int8 and a finite scale is finite, so no NaN case), then multiplied by the
 * f32 tiles like {@link Fp8Rows}' strips. Pack-quantized codes ({@code q + 128} bytes) get their
 * top bit flipped first (one XOR per vector, done for plain codes too with a zero mask).
 */
final class Int8Rows {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8));
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    private Int8Rows() {
    }

    /** Rows {@code [row, row + rows)} as float32 rows of {@code strip}. */
    static void widen(Int8ChannelTensor wt, int row, int rows, MemorySegment strip) {
        MemorySegment w = wt.segment();
        int in = wt.cols();
        DType scaleDtype = wt.scaleDtype();
        // f16 scales are rare: their rounding runs column by column in the scalar loop
        int vectorEnd = scaleDtype == DType.F16 ? 0 : F.loopBound(in);
        byte flip = wt.offsetCodes() ? (byte) 0x80 : 0; // pack-quantized bytes hold q + 128
        for (int r = 0; r < rows; r++) {
            long src = (long) in * (row + r);
            long dst = 4L * in * r;
            float scale = wt.scales()[row + r];
            int c = 0;
            if (scaleDtype == DType.BF16) {
                for (; c < vectorEnd; c += L) {
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(B, w, src + c, LE).lanewise(XOR, flip)
                            .convertShape(B2I, I, 0);
                    IntVector bits = ((FloatVector) q.convertShape(I2F, F, 0)).mul(scale).reinterpretAsInts();
                    // round to nearest even at bit 16, as Bf16Tensor.fromFloat (finite values only)
                    bits.add(bits.lanewise(LSHR, 16).and(1)).add(0x7FFF).and(0xFFFF_0000)
                            .reinterpretAsFloats().intoMemorySegment(strip, dst + 4L * c, LE);
                }
            } else {
                for (; c < vectorEnd; c += L) { // int8 to float is exact; one rounding, the product's
                    IntVector q = (IntVector) ByteVector.fromMemorySegment(B, w, src + c, LE).lanewise(XOR, flip)
                            .convertShape(B2I, I, 0);
                    ((FloatVector) q.convertShape(I2F, F, 0)).mul(scale).intoMemorySegment(strip, dst + 4L * c, LE);
                }
            }
            for (; c < in; c++) {
                strip.set(FLOAT, dst + 4L * c, Int8ChannelTensor.dequantize(wt.code(row + r, c), scale, scaleDtype));
            }
        }
    }
}
