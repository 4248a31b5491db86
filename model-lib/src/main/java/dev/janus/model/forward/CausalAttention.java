package dev.janus.model.forward;

import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.RangeTask;
import dev.janus.model.kernels.VectorMath;
import dev.janus.model.kv.KvSequence;

/**
 * Scaled dot-product attention of every (token, query head) of a step over its sequence's
 * cached keys/values up to and including its own position (causal; optionally a sliding window
 * of the last W positions, HF's {@code kv_idx > q_idx - sliding_window}). GQA: query head h
 * reads kv head {@code h / (heads / kvHeads)}. Softmax in float32, max-subtracted, as
 * torch's {@code softmax(dtype=float32)}. Parallel over (token, head) pairs.
 *
 * <p>Keys are {@code keyDim} wide and values {@code valueDim} wide per kv head. GQA: both head_dim.
 * Absorbed MLA is the same computation with one kv "head" whose key is the cached latent row
 * {@code [c_kv, k_pe]} (keyDim = kv_lora_rank + qk_rope) and whose value is its c_kv part
 * (valueDim = kv_lora_rank, read from the same row: the latent cache has no value rows).
 */
final class CausalAttention implements AttentionKernel, RangeTask {

    private final ComputePool pool;
    private final int heads;
    private final int keyDim;
    private final int valueDim;
    private final int groupSize;
    private final float scale;
    private final ThreadLocal<float[]> scores = ThreadLocal.withInitial(() -> new float[256]);

    // per call; read by the workers of the region
    private StepBatch batch;
    private float[] q;
    private float[] out;
    private int layer;
    private int window;

    CausalAttention(Shape shape, ComputePool pool) {
        this.pool = pool;
        this.heads = shape.heads();
        this.keyDim = shape.keyDim();
        this.valueDim = shape.valueDim();
        this.groupSize = shape.heads() / shape.kvHeads();
        this.scale = shape.scale();
    }

    /** out[t, h*valueDim ..] = attention of q[t, h*keyDim ..]; keys/values of the step already cached. */
    @Override
    public void attend(StepBatch batch, int layer, int window, float[] q, float[] out) {
        this.batch = batch;
        this.layer = layer;
        this.window = window;
        this.q = q;
        this.out = out;
        pool.parallelFor(batch.tokens() * heads, this);
        this.batch = null;
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int start, int end) {
        int qDim = heads * keyDim;
        int outDim = heads * valueDim;
        for (int i = start; i < end; i++) {
            int t = i / heads;
            int h = i % heads;
            int pos = batch.position(t);
            KvSequence seq = batch.sequenceOfToken(t);
            int first = window > 0 ? Math.max(0, pos - window + 1) : 0;
            int n = pos - first + 1;
            float[] s = scratch(n);
            int qb = t * qDim + h * keyDim;
            int kvHead = h / groupSize;
            int kOffInRow = kvHead * keyDim;
            for (int j = 0; j < n; j++) {
                int p = first + j;
                float[] kb = seq.keyBlock(layer, p);
                int kOff = seq.offsetInBlock(p) + kOffInRow;
                float score = VectorMath.dot(q, qb, kb, kOff, keyDim) * scale;
                s[j] = score;
            }
            VectorMath.softmax(s, 0, n);
            int ob = t * outDim + h * valueDim;
            java.util.Arrays.fill(out, ob, ob + valueDim, 0f);
            int vOffInRow = kvHead * valueDim;
            for (int j = 0; j < n; j++) {
                int p = first + j;
                float[] vb = seq.valueBlock(layer, p);
                int vOff = seq.offsetInBlock(p) + vOffInRow;
                VectorMath.axpy(s[j], vb, vOff, out, ob, valueDim);
            }
        }
    }

    private float[] scratch(int n) {
        float[] s = scores.get();
        if (s.length < n) {
            s = new float[Math.max(n, s.length * 2)];
            scores.set(s);
        }
        return s;
    }
}
