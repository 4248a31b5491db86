package dev.janus.model.forward;

import dev.janus.model.config.ModelConfig;
import dev.janus.model.config.QkNorm;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.AttentionWeights;
import dev.janus.model.model.LayerWeights;

/**
 * Grouped-query attention (Mixtral, Qwen2/3-MoE, OLMoE): q/k/v projections (optional biases),
 * optional q/k RMSNorm (Qwen3 per head, OLMoE over the whole projection) and OLMoE clip_qkv,
 * rotate_half RoPE, K and V rows cached per token, causal (optionally sliding-window) attention,
 * o_proj (optional bias).
 */
final class GqaAttentionBlock implements AttentionBlock {

    private final ModelConfig cfg;
    private final MatmulKernel matmul;
    private final Rope rope;
    private final AttentionKernel attention;
    private final float eps;
    private int capacity;
    private float[] q;    // [tokens, heads*head_dim]
    private float[] k;    // [tokens, kv_heads*head_dim]
    private float[] v;    // [tokens, kv_heads*head_dim]
    private float[] attn; // [tokens, heads*head_dim]

    GqaAttentionBlock(ModelConfig cfg, MatmulKernel matmul, ComputePool pool, AttentionKernel.Factory kernels) {
        this.cfg = cfg;
        this.matmul = matmul;
        this.rope = new Rope(cfg.headDim(), cfg.ropeTheta(), cfg.ropeScaling());
        this.attention = kernels.create(new AttentionKernel.Shape(cfg.numHeads(), cfg.numKvHeads(), cfg.headDim(),
                cfg.headDim(), (float) (1.0 / Math.sqrt(cfg.headDim()))), pool);
        this.eps = (float) cfg.rmsNormEps();
        ensure(1);
    }

    @Override
    public void prepare(StepBatch batch) {
        rope.ensure(batch.maxPositionExclusive());
        ensure(batch.tokens());
    }

    private void ensure(int tokens) {
        if (tokens <= capacity) {
            return;
        }
        int cap = Math.max(tokens, capacity * 2);
        q = new float[cap * cfg.qDim()];
        k = new float[cap * cfg.kvDim()];
        v = new float[cap * cfg.kvDim()];
        attn = new float[cap * cfg.qDim()];
        capacity = cap;
    }

    @Override
    public void forward(StepBatch batch, int l, LayerWeights lw, float[] x, float[] out) {
        int tokens = batch.tokens();
        AttentionWeights a = lw.attention();
        matmul.matmul(a.q(), x, q, tokens);
        matmul.matmul(a.k(), x, k, tokens);
        matmul.matmul(a.v(), x, v, tokens);
        RowOps.addBias(q, a.qBias(), tokens);
        RowOps.addBias(k, a.kBias(), tokens);
        RowOps.addBias(v, a.vBias(), tokens);
        int qd = cfg.qDim();
        int kvd = cfg.kvDim();
        if (cfg.qkNorm() == QkNorm.PER_HEAD) {        // Qwen3: per head over head_dim
            RowOps.rmsNormGroups(q, a.qNorm(), tokens * cfg.numHeads(), cfg.headDim(), eps);
            RowOps.rmsNormGroups(k, a.kNorm(), tokens * cfg.numKvHeads(), cfg.headDim(), eps);
        } else if (cfg.qkNorm() == QkNorm.WHOLE_PROJECTION) { // OLMoE: over the whole projection
            RowOps.rmsNormGroups(q, a.qNorm(), tokens, qd, eps);
            RowOps.rmsNormGroups(k, a.kNorm(), tokens, kvd, eps);
        }
        if (!Float.isNaN(cfg.clipQkv())) { // OLMoE clip_qkv, after the norms
            RowOps.clamp(q, tokens * qd, cfg.clipQkv());
            RowOps.clamp(k, tokens * kvd, cfg.clipQkv());
            RowOps.clamp(v, tokens * kvd, cfg.clipQkv());
        }
        for (int t = 0; t < tokens; t++) {
            int pos = batch.position(t);
            rope.apply(q, t * qd, cfg.numHeads(), pos);
            rope.apply(k, t * kvd, cfg.numKvHeads(), pos);
            KvSequence seq = batch.sequenceOfToken(t);
            int off = seq.offsetInBlock(pos);
            System.arraycopy(k, t * kvd, seq.keyBlock(l, pos), off, kvd);
            System.arraycopy(v, t * kvd, seq.valueBlock(l, pos), off, kvd);
        }
        attention.attend(batch, l, cfg.slidingWindow()[l], q, attn);
        matmul.matmul(a.o(), attn, out, tokens);
        RowOps.addBias(out, a.oBias(), tokens);
    }
}
