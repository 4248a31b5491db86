package dev.janus.model.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * int8 weights with one scale per row (output channel), as compressed-tensors W8A16 checkpoints
 * ship them ({@code weight} in I8 beside {@code weight_scale [rows, 1]}):
 * {@code w[r][c] = round_s(q[r][c] * scale[r])}, where {@code round_s} rounds the float32 product
 * to the scale's stored dtype, because compressed-tensors dequantizes in that dtype
 * ({@code q.to(scale.dtype) * scale}); float32 scales leave the product as it is. The codes stay
 * where they are (usually the file mapping); the scales, one float per row, live on the heap.
 *
 * <p>The {@code pack-quantized} format stores the same codes four to a little-endian int32
 * ({@code weight_packed [rows, cols / 4]}), each as the unsigned byte {@code q + 128}: byte for
 * byte the int8 codes with the top bit flipped ({@code offsetCodes}), read in place as well.
 *
 * @param segment     {@code [rows, cols]} int8 codes, row-major
 * @param scales      {@code [rows]}, widened to float
 * @param scaleDtype  the checkpoint dtype of the scales: F32, BF16 or F16
 * @param offsetCodes whether each byte holds {@code q + 128} (pack-quantized) rather than {@code q}
 */
public record Int8ChannelTensor(String name, MemorySegment segment, int rows, int cols, float[] scales,
                                DType scaleDtype, boolean offsetCodes) implements WeightTensor {

    public Int8ChannelTensor {
        if (segment.byteSize() != (long) rows * cols) {
            throw new IllegalArgumentException("tensor " + name + ": " + segment.byteSize() + " bytes for ["
                    + rows + ", " + cols + "] of I8");
        }
        if (scales.length != rows) {
            throw new IllegalArgumentException("tensor " + name + ": " + scales.length + " scales for " + rows + " rows");
        }
        if (scaleDtype != DType.F32 && scaleDtype != DType.BF16 && scaleDtype != DType.F16) {
            throw new IllegalArgumentException("tensor " + name + ": scales in " + scaleDtype + " (F32, BF16 or F16)");
        }
    }

    @Override
    public DType dtype() {
        return DType.I8;
    }

    @Override
    public float get(int row, int col) {
        return dequantize(code(row, col), scales[row], scaleDtype);
    }

    /** The int8 code {@code q} of element {@code (row, col)}. */
    public byte code(int row, int col) {
        byte b = segment.get(ValueLayout.JAVA_BYTE, (long) row * cols + col);
        return offsetCodes ? (byte) (b ^ 0x80) : b;
    }

    /** {@code q * scale} rounded to the scale's dtype (to nearest even), as compressed-tensors computes it. */
    public static float dequantize(byte q, float scale, DType scaleDtype) {
        float w = q * scale;
        return switch (scaleDtype) {
            case BF16 -> Bf16Tensor.toFloat(Bf16Tensor.fromFloat(w));
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(w));
            default -> w;
        };
    }

    /** The codes and the scales: decode reads these bytes per step. */
    @Override
    public long byteSize() {
        return (long) rows * cols + (long) rows * Float.BYTES;
    }

    /** Rows {@code [first, first + count)} as a view: the same bytes and their scales. */
    public Int8ChannelTensor rowView(String viewName, int first, int count) {
        float[] s = new float[count];
        System.arraycopy(scales, first, s, 0, count);
        return new Int8ChannelTensor(viewName, segment.asSlice((long) first * cols, (long) count * cols), count, cols,
                s, scaleDtype, offsetCodes);
    }
}
