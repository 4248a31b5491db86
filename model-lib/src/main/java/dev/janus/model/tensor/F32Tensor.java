package dev.janus.model.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** float32 weights. */
public record F32Tensor(String name, MemorySegment segment, int rows, int cols) implements WeightTensor {

    static final ValueLayout.OfFloat LAYOUT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public DType dtype() {
        return DType.F32;
    }

    @Override
    public float get(int row, int col) {
        return segment.getAtIndex(LAYOUT, (long) row * cols + col);
    }
}
