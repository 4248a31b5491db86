package dev.janus.cuda;

import dev.janus.model.tensor.Bf16Tensor;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Float8E4m3;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.WeightTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Random inputs of the kernel tests (seeded: a failure reproduces). */
public final class RandomTensors {

    private RandomTensors() {
    }

    /** A bf16 weight [rows, cols] with entries uniform in [-scale, scale). */
    public static WeightTensor bf16(String name, int rows, int cols, float scale, SplittableRandom rnd) {
        MemorySegment seg = Arena.ofAuto().allocate(2L * rows * cols, 16);
        for (long i = 0; i < (long) rows * cols; i++) {
            seg.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Bf16Tensor.fromFloat((float) (rnd.nextDouble(-1, 1) * scale)));
        }
        return WeightTensor.of(name, DType.BF16, seg, rows, cols);
    }

    /**
     * A block-scaled FP8 weight [rows, cols] (blocks [block, block]): codes of values uniform in
     * ±448 (e4m3's range, no NaN codes), one scale per block in [scale / 896, scale / 448), so
     * entries lie within ±scale.
     */
    public static Fp8BlockTensor fp8(String name, int rows, int cols, int block, float scale, SplittableRandom rnd) {
        MemorySegment seg = Arena.ofAuto().allocate((long) rows * cols, 16);
        for (long i = 0; i < (long) rows * cols; i++) {
            seg.set(ValueLayout.JAVA_BYTE, i, Float8E4m3.fromFloat((float) rnd.nextDouble(-448, 448)));
        }
        float[] scales = new float[Fp8BlockTensor.blocks(rows, 0, block) * Fp8BlockTensor.blocks(cols, 0, block)];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = (float) (rnd.nextDouble(1, 2) * scale / 896);
        }
        return Fp8BlockTensor.of(name, seg, rows, cols, scales, block, block);
    }

    /** {@code w} dequantized and rounded to bf16: what the tensor-core path multiplies by. */
    public static WeightTensor roundedToBf16(WeightTensor w) {
        MemorySegment seg = Arena.ofAuto().allocate(2L * w.rows() * w.cols(), 16);
        for (int r = 0; r < w.rows(); r++) {
            for (int c = 0; c < w.cols(); c++) {
                seg.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, (long) r * w.cols() + c, Bf16Tensor.fromFloat(w.get(r, c)));
            }
        }
        return WeightTensor.of(w.name(), DType.BF16, seg, w.rows(), w.cols());
    }

    /** The raw bf16 bits of a tensor, for uploads in tests. */
    public static short[] bits(WeightTensor w) {
        return w.segment().toArray(ValueLayout.JAVA_SHORT_UNALIGNED);
    }

    public static float[] floats(int n, float scale, SplittableRandom rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextDouble(-1, 1) * scale);
        }
        return a;
    }

    /** Each value rounded to bf16 and back (what the tensor-core path sees of an activation). */
    public static float[] roundedToBf16(float[] a) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Bf16Tensor.toFloat(Bf16Tensor.fromFloat(a[i]));
        }
        return r;
    }

    /** max |a - b| / (1 + max |b|): the error relative to the reference's scale. */
    public static double scaledError(float[] a, float[] b, int n) {
        double err = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            err = Math.max(err, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return err / (1 + scale);
    }
}
