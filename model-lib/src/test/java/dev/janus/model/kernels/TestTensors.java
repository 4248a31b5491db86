package dev.janus.model.kernels;

import dev.janus.model.tensor.Bf16Tensor;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Float8E4m3;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.Int8ChannelTensor;
import dev.janus.model.tensor.WeightTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/** Seeded random weights and activations for kernel tests. */
final class TestTensors {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TestTensors() {
    }

    /**
     * Gaussian weights rounded to {@code dtype}; off-heap, or on a heap byte[] when {@code heap}.
     * F8_E4M3: codes of {@code 64 * gaussian} with random positive block scales around 1/64, in
     * blocks of [16, 32] (whole vectors) off-heap and [7, 20] (partial vectors, tails) on the heap.
     * I8: random codes with per-row scales around 1/64, in bf16 and pack-quantized (offset bytes)
     * off-heap, f32 and plain codes on the heap.
     */
    static WeightTensor random(DType dtype, int rows, int cols, Random rnd, boolean heap) {
        if (dtype == DType.F8_E4M3) {
            return randomFp8(rows, cols, heap ? 7 : 16, heap ? 20 : 32, rnd, heap);
        }
        if (dtype == DType.I8) {
            return randomInt8(rows, cols, heap ? DType.F32 : DType.BF16, !heap, rnd, heap);
        }
        long bytes = (long) rows * cols * dtype.bytes();
        MemorySegment seg = heap ? MemorySegment.ofArray(new byte[(int) bytes]) : Arena.ofAuto().allocate(bytes, 64);
        for (long i = 0; i < (long) rows * cols; i++) {
            float v = (float) rnd.nextGaussian();
            switch (dtype) {
                case BF16 -> seg.setAtIndex(SHORT, i, Bf16Tensor.fromFloat(v));
                case F16 -> seg.setAtIndex(SHORT, i, Float.floatToFloat16(v));
                case F32 -> seg.setAtIndex(FLOAT, i, v);
            }
        }
        return WeightTensor.of("w", dtype, seg, rows, cols);
    }

    static Fp8BlockTensor randomFp8(int rows, int cols, int blockRows, int blockCols, Random rnd, boolean heap) {
        MemorySegment seg = heap ? MemorySegment.ofArray(new byte[rows * cols]) : Arena.ofAuto().allocate((long) rows * cols, 64);
        for (long i = 0; i < (long) rows * cols; i++) {
            seg.set(ValueLayout.JAVA_BYTE, i, Float8E4m3.fromFloat((float) rnd.nextGaussian() * 64f));
        }
        float[] scales = new float[Fp8BlockTensor.blocks(rows, 0, blockRows) * Fp8BlockTensor.blocks(cols, 0, blockCols)];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = (0.5f + rnd.nextFloat()) / 64f;
        }
        return Fp8BlockTensor.of("w", seg, rows, cols, scales, blockRows, blockCols);
    }

    static Int8ChannelTensor randomInt8(int rows, int cols, DType scaleDtype, boolean offsetCodes, Random rnd, boolean heap) {
        MemorySegment seg = heap ? MemorySegment.ofArray(new byte[rows * cols]) : Arena.ofAuto().allocate((long) rows * cols, 64);
        for (long i = 0; i < (long) rows * cols; i++) {
            seg.set(ValueLayout.JAVA_BYTE, i, (byte) (rnd.nextInt(256) - 128));
        }
        float[] scales = new float[rows];
        for (int i = 0; i < rows; i++) {
            float s = (0.5f + rnd.nextFloat()) / 64f;
            scales[i] = switch (scaleDtype) { // values the checkpoint's dtype can hold
                case BF16 -> Bf16Tensor.toFloat(Bf16Tensor.fromFloat(s));
                case F16 -> Float.float16ToFloat(Float.floatToFloat16(s));
                default -> s;
            };
        }
        return new Int8ChannelTensor("w", seg, rows, cols, scales, scaleDtype, offsetCodes);
    }

    static float[] gaussian(int n, Random rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
