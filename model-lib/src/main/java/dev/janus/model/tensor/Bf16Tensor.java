package dev.janus.model.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** bfloat16 weights: the upper 16 bits of an IEEE float32. */
public record Bf16Tensor(String name, MemorySegment segment, int rows, int cols) implements WeightTensor {

    static final ValueLayout.OfShort LAYOUT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public DType dtype() {
        return DType.BF16;
    }

    @Override
    public float get(int row, int col) {
        short bits = segment.getAtIndex(LAYOUT, (long) row * cols + col);
        return toFloat(bits);
    }

    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Round-to-nearest-even float32 → bf16, as torch does (NaN stays NaN). */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
