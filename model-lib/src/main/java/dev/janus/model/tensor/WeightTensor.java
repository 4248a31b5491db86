package dev.janus.model.tensor;

import java.lang.foreign.MemorySegment;

/**
 * A read-only 2-D weight matrix {@code [rows, cols]} stored row-major in a memory segment
 * (usually a slice of a memory-mapped safetensors file). A 1-D tensor is {@code [1, n]}.
 * One implementation per dtype; kernels dispatch on {@link #dtype()} and read {@link #segment()}
 * directly.
 */
public sealed interface WeightTensor permits Bf16Tensor, F16Tensor, F32Tensor, Fp8BlockTensor, Int8ChannelTensor {

    /** Name as in the checkpoint, for error messages. */
    String name();

    int rows();

    int cols();

    DType dtype();

    /** Little-endian raw data, exactly {@code rows * cols * dtype.bytes()} bytes (FP8, int8: the codes, not the scales). */
    MemorySegment segment();

    /** Element {@code [row, col]} widened to float (slow path: tests, lookups, not hot loops). */
    float get(int row, int col);

    default long size() {
        return (long) rows() * cols();
    }

    /** Bytes a pass over the whole tensor reads (FP8, int8: codes and scales). */
    default long byteSize() {
        return size() * dtype().bytes();
    }

    /** Copies row {@code row} widened to float into {@code dst[off .. off+cols)}. */
    default void copyRow(int row, float[] dst, int off) {
        for (int c = 0; c < cols(); c++) {
            dst[off + c] = get(row, c);
        }
    }

    static WeightTensor of(String name, DType dtype, MemorySegment segment, int rows, int cols) {
        long expected = (long) rows * cols * dtype.bytes();
        if (segment.byteSize() != expected) {
            throw new IllegalArgumentException("tensor " + name + ": " + segment.byteSize()
                    + " bytes for shape [" + rows + ", " + cols + "] of " + dtype + " (expected " + expected + ")");
        }
        return switch (dtype) {
            case BF16 -> new Bf16Tensor(name, segment, rows, cols);
            case F16 -> new F16Tensor(name, segment, rows, cols);
            case F32 -> new F32Tensor(name, segment, rows, cols);
            case F8_E4M3 -> throw new IllegalArgumentException("tensor " + name
                    + ": F8_E4M3 weights need their block scales (weight_scale_inv), see Fp8BlockTensor");
            case I8 -> throw new IllegalArgumentException("tensor " + name
                    + ": I8 weights need their per-channel scales (weight_scale), see Int8ChannelTensor");
            case I32, I64 -> throw new IllegalArgumentException("tensor " + name + ": " + dtype
                    + " is not a weight dtype (packed codes and shapes are read through WeightStore.matrix)");
        };
    }

    /** A heap-backed f32 tensor (tests, small derived weights). */
    static WeightTensor ofFloats(String name, float[] data, int rows, int cols) {
        MemorySegment seg = MemorySegment.ofArray(data);
        return new F32Tensor(name, seg, rows, cols);
    }
}
