package dev.janus.model.kernels;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.S2I;

import dev.janus.model.tensor.WeightTensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the forward pass's element-wise helpers, on {@code float[]} ranges
 * given by offset and length; {@link ScalarMath} is the reference with the same signatures.
 * Reductions (dot, rmsNorm, softmax) sum lane-wise, so results differ from the scalar order
 * by float rounding. Stateless and allocation-free (vectors are scalarized by C2).
 */
public final class VectorMath {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Shorts with as many lanes as {@link #F}: one load widens to one float vector. */
    private static final VectorSpecies<Short> S =
            VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private VectorMath() {
    }

    /** {@code sum a[aOff+i] * b[bOff+i]} for {@code i < n}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0;
        int i = 0;
        for (int bound = n - 2 * L; i <= bound; i += 2 * L) { // two chains hide FMA latency
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), acc1);
        }
        for (int bound = F.loopBound(n); i < bound; i += L) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
        }
        // not reduceLanes (its order depends on the JIT tier) but Lanes' tree, written out here so
        // that only force-inlined Vector API calls carry the vector
        FloatVector v = acc0.add(acc1);
        if (L == 16) {
            v = v.add(v.rearrange(Lanes.BY_8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(Lanes.BY_4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(Lanes.BY_2));
        }
        if (L >= 2) {
            v = v.add(v.rearrange(Lanes.BY_1));
        }
        float sum = v.lane(0);
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /** {@code y[yOff+i] += alpha * x[xOff+i]}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector a = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i)
                    .fma(a, FloatVector.fromArray(F, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** {@code x[off+i] *= s}. */
    public static void scale(float[] x, int off, int n, float s) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, off + i).mul(s).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= s;
        }
    }

    /** {@code y[yOff+i] += x[xOff+i]} (residual add). */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, y, yOff + i).add(FloatVector.fromArray(F, x, xOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    /**
     * RMSNorm (HF LlamaRMSNorm, float32 throughout):
     * {@code out[i] = w[i] * x[i] / sqrt(mean(x^2) + eps)}. {@code out} may alias {@code x}.
     */
    public static void rmsNorm(float[] out, int outOff, float[] x, int xOff, float[] w, int wOff, int n, float eps) {
        // sum of squares in plain sequential order: O(n) and cheap, and the same bits in every
        // JIT tier (a lane reduction's order differs between C2 and the interpreter)
        float ss = 0f;
        for (int j = 0; j < n; j++) {
            ss += x[xOff + j] * x[xOff + j];
        }
        float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(inv)
                    .mul(FloatVector.fromArray(F, w, wOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = w[wOff + i] * (x[xOff + i] * inv);
        }
    }

    /** In-place softmax over {@code x[off .. off+n)}, max-subtracted for range safety. */
    public static void softmax(float[] x, int off, int n) {
        if (n == 0) {
            return;
        }
        int bound = F.loopBound(n);
        FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            mv = mv.max(FloatVector.fromArray(F, x, off + i));
        }
        float max = mv.reduceLanes(MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        for (i = 0; i < bound; i += L) {
            Exp.exp(FloatVector.fromArray(F, x, off + i).sub(max)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] = Exp.exp(x[off + i] - max);
        }
        // in plain order: the same bits in every JIT tier (see Lanes), O(n) next to n exps
        float sum = 0f;
        for (i = 0; i < n; i++) {
            sum += x[off + i];
        }
        scale(x, off, n, 1f / sum);
    }

    /** SwiGLU gate: {@code a[i] = silu(a[i]) * b[i]}, {@code silu(v) = v / (1 + exp(-v))}. */
    public static void siluMul(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, a, aOff + i);
            v.div(Exp.exp(v.neg()).add(1f))
                    .mul(FloatVector.fromArray(F, b, bOff + i)).intoArray(a, aOff + i);
        }
        for (; i < n; i++) {
            float v = a[aOff + i];
            a[aOff + i] = v / (1f + Exp.exp(-v)) * b[bOff + i];
        }
    }

    /** Row {@code row} of {@code w} widened to float into {@code dst[off .. off+cols)} (embedding lookup). */
    public static void widenRow(WeightTensor w, int row, float[] dst, int off) {
        int cols = w.cols();
        MemorySegment seg = w.segment();
        long base = (long) row * cols * w.dtype().bytes();
        int i = 0;
        int bound = F.loopBound(cols);
        switch (w.dtype()) {
            case F32 -> {
                for (; i < bound; i += L) {
                    FloatVector.fromMemorySegment(F, seg, base + 4L * i, LE).intoArray(dst, off + i);
                }
            }
            case BF16 -> {
                for (; i < bound; i += L) {
                    widenShorts(seg, base + 2L * i).lanewise(LSHL, 16).reinterpretAsFloats().intoArray(dst, off + i);
                }
            }
            case F16 -> {
                for (; i < bound; i += L) {
                    HalfFloats.f16Even(widenShorts(seg, base + 2L * i)).intoArray(dst, off + i);
                }
            }
            case F8_E4M3, I8, I32, I64 -> { // embeddings stay bf16 in quantized checkpoints: the element loop below is enough
            }
        }
        for (; i < cols; i++) {
            dst[off + i] = w.get(row, i);
        }
    }

    /** {@code L} 16-bit values, one per int lane (sign-extended; callers use the low half). */
    private static IntVector widenShorts(MemorySegment seg, long byteOffset) {
        return (IntVector) ShortVector.fromMemorySegment(S, seg, byteOffset, LE).convertShape(S2I, I, 0);
    }
}
