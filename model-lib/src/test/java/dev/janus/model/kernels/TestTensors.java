package dev.janus.model.kernels;

import dev.janus.model.tensor.Bf16Tensor;
import dev.janus.model.tensor.DType;
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

    /** Gaussian weights rounded to {@code dtype}; off-heap, or on a heap byte[] when {@code heap}. */
    static WeightTensor random(DType dtype, int rows, int cols, Random rnd, boolean heap) {
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

    static float[] gaussian(int n, Random rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
