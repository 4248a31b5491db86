package dev.janus.model.tensor;

import java.lang.foreign.MemorySegment;

/** IEEE half-precision weights. */
public record F16Tensor(String name, MemorySegment segment, int rows, int cols) implements WeightTensor {

    @Override
    public DType dtype() {
        return DType.F16;
    }

    @Override
    public float get(int row, int col) {
        return Float.float16ToFloat(segment.getAtIndex(Bf16Tensor.LAYOUT, (long) row * cols + col));
    }
}
