package dev.janus.model.forward;

import dev.janus.cuda.GpuTests;
import dev.janus.cuda.RandomTensors;
import dev.janus.model.config.RopeScaling;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kv.KvCache;
import dev.janus.model.kv.KvSequence;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RoPE and paged decode attention against model-lib's {@link Rope} and {@link CausalAttention}
 * (package-private, hence this package; GPU only).
 */
class CudaRopeAttentionTest {

    /** Tolerance 1e-5 absolute: the same float32 angle, sincosf against Math.cos/sin rounded to float. */
    @Test
    void ropeEqualsHfRotateHalf() {
        int heads = 6;
        int headDim = 64;
        int rowWidth = heads * headDim + 32; // extra columns stay untouched
        int[] positions = {0, 1, 17, 511, 4095};
        int tokens = positions.length;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] x = RandomTensors.floats(tokens * rowWidth, 2f, rnd);
        float[] want = x.clone();
        Rope rope = new Rope(headDim, 1_000_000.0, RopeScaling.NONE);
        rope.ensure(4096);
        for (int t = 0; t < tokens; t++) {
            rope.apply(want, t * rowWidth, heads, positions[t]);
        }
        var d = GpuTests.arrays();
        CUdeviceptr dx = d.floats(x);
        GpuTests.accelerator().kernels().ropeHalves(dx, d.ints(positions),
                d.floats(RopeFrequencies.inverseFrequencies(headDim, 1_000_000.0, RopeScaling.NONE)),
                (float) RopeFrequencies.attentionFactor(RopeScaling.NONE), tokens, heads, headDim, rowWidth);
        float[] got = d.floats(dx, x.length);
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(got[i] - want[i])).as("element %d", i).isLessThan(1e-5f);
        }
    }

    /**
     * Three sequences (contexts 1, 17 and 300, blocks of 16 scattered over the device pool in a
     * shuffled order), GQA 8 query heads on 2 kv heads; with and without a 64-position sliding
     * window. Tolerance: max error ≤ 1e-5 of the output's scale.
     */
    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {0, 64})
    void pagedAttentionEqualsCausalAttention(int window) {
        int heads = 8;
        int kvHeads = 2;
        int headDim = 64;
        int blockSize = 16;
        int rowWidth = kvHeads * headDim;
        int[] contexts = {1, 17, 300};
        int tokens = contexts.length;
        float scale = (float) (1 / Math.sqrt(headDim));
        SplittableRandom rnd = new SplittableRandom(11 + window);
        KvCache cache = new KvCache(1, rowWidth, blockSize, 64);
        StepBatch batch = new StepBatch();
        KvSequence[] seqs = new KvSequence[tokens];
        int maxBlocks = 0;
        for (int t = 0; t < tokens; t++) {
            seqs[t] = cache.newSequence();
            seqs[t].reserve(contexts[t]);
            for (int p = 0; p < contexts[t]; p++) {
                float[] k = RandomTensors.floats(rowWidth, 1f, rnd);
                float[] v = RandomTensors.floats(rowWidth, 1f, rnd);
                System.arraycopy(k, 0, seqs[t].keyBlock(0, p), seqs[t].offsetInBlock(p), rowWidth);
                System.arraycopy(v, 0, seqs[t].valueBlock(0, p), seqs[t].offsetInBlock(p), rowWidth);
            }
            seqs[t].advance(contexts[t] - 1);
            batch.add(seqs[t], new int[] {0}, 0, 1, false);
            maxBlocks = Math.max(maxBlocks, (contexts[t] + blockSize - 1) / blockSize);
        }
        float[] q = RandomTensors.floats(tokens * heads * headDim, 1f, rnd);
        float[] want = new float[tokens * heads * headDim];
        try (ComputePool pool = new ComputePool(1, "attention-reference")) {
            new CausalAttention(new AttentionKernel.Shape(heads, kvHeads, headDim, headDim, scale), pool)
                    .attend(batch, 0, window, q, want);
        }

        // the same rows in a device pool of shuffled blocks, found through per-token block tables
        List<Integer> free = new ArrayList<>();
        for (int b = 0; b < tokens * maxBlocks; b++) {
            free.add(b);
        }
        Collections.shuffle(free, new java.util.Random(7));
        float[] keys = new float[tokens * maxBlocks * blockSize * rowWidth];
        float[] values = new float[keys.length];
        int[] tables = new int[tokens * maxBlocks];
        int[] positions = new int[tokens];
        int next = 0;
        for (int t = 0; t < tokens; t++) {
            positions[t] = contexts[t] - 1;
            for (int j = 0; j * blockSize < contexts[t]; j++) {
                tables[t * maxBlocks + j] = free.get(next++);
            }
            for (int p = 0; p < contexts[t]; p++) {
                int at = (tables[t * maxBlocks + p / blockSize] * blockSize + p % blockSize) * rowWidth;
                System.arraycopy(seqs[t].keyBlock(0, p), seqs[t].offsetInBlock(p), keys, at, rowWidth);
                System.arraycopy(seqs[t].valueBlock(0, p), seqs[t].offsetInBlock(p), values, at, rowWidth);
            }
        }
        var d = GpuTests.arrays();
        CUdeviceptr out = d.zeros(4L * want.length);
        GpuTests.accelerator().kernels().pagedAttention(d.floats(q), d.floats(keys), d.floats(values), d.ints(tables),
                d.ints(positions), out, tokens, heads, kvHeads, headDim, headDim, blockSize, rowWidth, maxBlocks,
                300, window, scale);
        assertThat(RandomTensors.scaledError(d.floats(out, want.length), want, want.length)).isLessThan(1e-5);
    }
}
