package dev.janus.model.forward;

import dev.janus.model.config.MlaConfig;
import dev.janus.model.config.ModelConfig;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.LayerWeights;
import dev.janus.model.model.MlaWeights;

/**
 * Multi-head Latent Attention (HF modeling_deepseek_v2.py / modeling_deepseek_v3.py
 * {@code DeepseekV2Attention}, {@code DeepseekV3Attention}), in the ABSORBED form for prefill and
 * decode alike. HF computes, per head h and R = kv_lora_rank:
 * {@code q = q_b(q_a_norm(q_a x))} (or {@code q_proj x}) split into {@code [q_nope, q_pe]};
 * {@code [c, k_pe] = kv_a_proj_with_mqa x}; {@code [k_nope_h, v_h] = kv_b(kv_a_norm(c))};
 * score = {@code (q_nope_h·k_nope_h + rope(q_pe_h)·rope(k_pe)) · scale}; {@code o_h = Σ p v_h}.
 * With {@code c' = kv_a_norm(c)}, {@code k_nope_h = W_UK(h) c'} and {@code v_h = W_UV(h) c'}:
 * <ul>
 *   <li>the cache holds only {@code [c', rope(k_pe)]} per token (R + qk_rope floats per layer);</li>
 *   <li>{@code q_nope_h·k_nope_h = (W_UK(h)ᵀ q_nope_h)·c'}: the query is moved into latent space
 *       once per token and head, and the score is one dot over the cached row;</li>
 *   <li>{@code o_h = W_UV(h) (Σ p c')}: attention averages latents, then W_UV(h) decompresses once.</li>
 * </ul>
 * Equal to HF's expanded form up to float32 rounding; no cached position is ever decompressed.
 * RoPE touches only q_pe and k_pe, in the config's layout (V2 interleaved pairs).
 */
final class MlaAttentionBlock implements AttentionBlock {

    /** q_a_layernorm / kv_a_layernorm use the RMSNorm default eps, not rms_norm_eps (HF and DeepSeek code). */
    private static final float LORA_NORM_EPS = 1e-6f;

    private final MlaConfig m;
    private final int heads;
    private final int qkDim;   // qk_nope + qk_rope
    private final int rowDim;  // R + qk_rope: cached row and latent query width
    private final MatmulKernel matmul;
    private final Rope rope;
    private final AttentionKernel attention;
    private int capacity;
    private float[] cq;   // [tokens, q_lora_rank]
    private float[] q;    // [tokens, heads*qkDim]
    private float[] ckv;  // [tokens, rowDim]: kv_a_proj_with_mqa output
    private float[] qLat; // [tokens, heads*rowDim]: [W_UKᵀ q_nope, rope(q_pe)] per head
    private float[] oLat; // [tokens, heads*R]: attention-weighted latents
    private float[] attn; // [tokens, heads*v]

    MlaAttentionBlock(ModelConfig cfg, MatmulKernel matmul, ComputePool pool, AttentionKernel.Factory kernels) {
        this.m = cfg.mla();
        this.heads = cfg.numHeads();
        this.qkDim = m.qkHeadDim();
        this.rowDim = m.latentRowWidth();
        this.matmul = matmul;
        this.rope = new Rope(m.qkRopeHeadDim(), cfg.ropeTheta(), cfg.ropeScaling(), m.ropeLayout());
        // one shared "kv head": key = the cached latent row, value = its c' part
        this.attention = kernels.create(new AttentionKernel.Shape(heads, 1, rowDim, m.kvLoraRank(), (float) m.softmaxScale()), pool);
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
        cq = new float[cap * Math.max(1, m.qLoraRank())];
        q = new float[cap * heads * qkDim];
        ckv = new float[cap * rowDim];
        qLat = new float[cap * heads * rowDim];
        oLat = new float[cap * heads * m.kvLoraRank()];
        attn = new float[cap * heads * m.vHeadDim()];
        capacity = cap;
    }

    @Override
    public void forward(StepBatch batch, int l, LayerWeights lw, float[] x, float[] out) {
        int tokens = batch.tokens();
        MlaWeights w = lw.mla();
        int rank = m.kvLoraRank();
        int nope = m.qkNopeHeadDim();
        int ropeDim = m.qkRopeHeadDim();
        int qRow = heads * qkDim;
        if (w.q() != null) {
            matmul.matmul(w.q(), x, q, tokens);
        } else {
            matmul.matmul(w.qA(), x, cq, tokens);
            RowOps.rmsNormGroups(cq, w.qANorm(), tokens, m.qLoraRank(), LORA_NORM_EPS);
            matmul.matmul(w.qB(), cq, q, tokens);
        }
        matmul.matmul(w.kvA(), x, ckv, tokens);
        for (int t = 0; t < tokens; t++) {
            int pos = batch.position(t);
            KvSequence seq = batch.sequenceOfToken(t);
            float[] row = seq.keyBlock(l, pos);
            int off = seq.offsetInBlock(pos);
            RowOps.rmsNorm(ckv, t * rowDim, row, off, w.kvANorm(), rank, LORA_NORM_EPS);
            rope.applyStrided(ckv, t * rowDim + rank, 1, 0, pos); // k_pe: one key shared by all heads
            System.arraycopy(ckv, t * rowDim + rank, row, off + rank, ropeDim);
            rope.applyStrided(q, t * qRow + nope, heads, qkDim, pos);
        }
        for (int h = 0; h < heads; h++) { // latent query: W_UK(h)ᵀ q_nope_h
            matmul.matmul(w.uKT()[h], q, h * qkDim, qRow, qLat, h * rowDim, heads * rowDim, tokens);
        }
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(q, t * qRow + h * qkDim + nope, qLat, (t * heads + h) * rowDim + rank, ropeDim);
            }
        }
        attention.attend(batch, l, 0, qLat, oLat);
        int v = m.vHeadDim();
        for (int h = 0; h < heads; h++) { // o_h = W_UV(h) · (Σ p c')
            matmul.matmul(w.uV()[h], oLat, h * rank, heads * rank, attn, h * v, heads * v, tokens);
        }
        matmul.matmul(w.o(), attn, out, tokens);
    }
}
