package dev.janus.model.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * f16, FP8 and int8 weights are widened into an f32 strip that the f32 tiles multiply
 * ({@link WeightStrip}), so their matmul must equal, bit for bit, the f32 matmul of the same
 * weights dequantized one by one ({@link WeightTensor#get}) into an f32 tensor: this checks every
 * widening (vector body, scalar tails, block and scale handling, bf16/f16 rounding of int8
 * products) and that the strip's rows land on the right outputs, for every tile shape.
 */
class WidenedWeightsTest {

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void f16() {
        check(rnd -> TestTensors.random(DType.F16, 37, 203, rnd, false));
    }

    @Test
    void fp8WithWholeAndPartialBlocks() {
        check(rnd -> TestTensors.randomFp8(37, 203, 16, 32, rnd, false));
        check(rnd -> TestTensors.randomFp8(37, 203, 7, 20, rnd, false));
    }

    @Test
    void int8WithEveryScaleDtypePlainAndPacked() {
        for (DType scales : new DType[] {DType.F32, DType.BF16, DType.F16}) {
            for (boolean packed : new boolean[] {false, true}) {
                check(rnd -> TestTensors.randomInt8(37, 203, scales, packed, rnd, false));
            }
        }
    }

    private interface Weights {
        WeightTensor make(Random rnd);
    }

    private static void check(Weights weights) {
        Random rnd = new Random(11);
        WeightTensor w = weights.make(rnd);
        WeightTensor f32 = dequantized(w);
        try (ComputePool pool = new ComputePool(2, "widened")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool, 0); // every call split over both threads
            for (int tokens : new int[] {1, 2, 3, 4, 5, 9, 40}) {
                float[] x = TestTensors.gaussian(tokens * w.cols(), rnd);
                float[] got = run(kernel, w, x, tokens);
                float[] want = run(kernel, f32, x, tokens);
                assertThat(got).as("%s, %d tokens", w.dtype(), tokens).containsExactly(want);
            }
        }
    }

    private static float[] run(MatmulKernel kernel, WeightTensor w, float[] x, int tokens) {
        float[] y = new float[tokens * w.rows()];
        kernel.matmul(w, x, 0, w.cols(), y, 0, w.rows(), tokens);
        return y;
    }

    /** The same values in an off-heap f32 tensor (off-heap like the weights, the kernels' fast path). */
    private static WeightTensor dequantized(WeightTensor w) {
        MemorySegment seg = Arena.ofAuto().allocate(4L * w.rows() * w.cols(), 64);
        for (int r = 0; r < w.rows(); r++) {
            for (int c = 0; c < w.cols(); c++) {
                seg.setAtIndex(FLOAT, (long) r * w.cols() + c, w.get(r, c));
            }
        }
        return WeightTensor.of(w.name(), DType.F32, seg, w.rows(), w.cols());
    }
}
