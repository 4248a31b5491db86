package dev.janus.model.forward;

import dev.janus.model.config.ModelConfig;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.VectorMath;
import dev.janus.model.model.LayerWeights;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.MoeLayer;

/**
 * One forward step over a {@link StepBatch}, HF transformers semantics in float32 on weights
 * widened from their stored dtype:
 * {@code h = embed[ids]}; per layer {@code h += o_proj(attn(input_norm(h)))} (GQA or MLA, see
 * {@link AttentionBlock}),
 * {@code h += mlp(post_attention_norm(h))} (MoE or dense); {@code logits = lm_head(norm(h))}.
 * Every token is one row, whatever sequence it belongs to, so prefill chunks and decode tokens
 * of many sequences share each weight read. Not thread-safe: one step at a time.
 */
public final class ForwardPass {

    private final ModelConfig cfg;
    private final ModelWeights w;
    private final MatmulKernel matmul;
    private final ComputePool pool;
    private final MoeLayer moe;
    private final AttentionBlock attention;
    private final StepScratch s;
    private final float eps;

    public ForwardPass(ModelConfig cfg, ModelWeights w, MatmulKernel matmul, ComputePool pool, MoeLayer moe) {
        this.cfg = cfg;
        this.w = w;
        this.matmul = matmul;
        this.pool = pool;
        this.moe = moe;
        this.attention = cfg.isMla() ? new MlaAttentionBlock(cfg, matmul, pool) : new GqaAttentionBlock(cfg, matmul, pool);
        this.s = new StepScratch(cfg);
        this.eps = (float) cfg.rmsNormEps();
    }

    public ModelConfig config() {
        return cfg;
    }

    /**
     * Runs the step: appends the step's keys/values to each sequence's cache (advancing its
     * length) and writes {@code batch.logitRows()} rows of vocab_size logits into {@code logits}.
     */
    public void forward(StepBatch batch, float[] logits) {
        int tokens = batch.tokens();
        int hidden = cfg.hiddenSize();
        if (logits.length < (long) batch.logitRows() * cfg.vocabSize()) {
            throw new IllegalArgumentException("logits buffer too small for " + batch.logitRows() + " rows");
        }
        for (int i = 0; i < batch.sequenceCount(); i++) {
            batch.sequence(i).reserve(batch.chunkLength(i));
        }
        attention.prepare(batch);
        s.ensure(tokens);
        for (int t = 0; t < tokens; t++) {
            int id = batch.tokenId(t);
            if (id < 0 || id >= cfg.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary [0, " + cfg.vocabSize() + ")");
            }
            VectorMath.widenRow(w.embed(), id, s.h, t * hidden);
        }
        for (int l = 0; l < cfg.numLayers(); l++) {
            LayerWeights lw = w.layers()[l];
            attentionBlock(batch, l, lw);
            RowOps.rmsNormRows(s.h, s.x, lw.postNorm(), tokens, hidden, eps);
            moe.forward(l, lw, s.x, tokens, s.h);
        }
        for (int i = 0; i < batch.sequenceCount(); i++) {
            batch.sequence(i).advance(batch.chunkLength(i));
        }
        logits(batch, logits);
    }

    private void attentionBlock(StepBatch batch, int l, LayerWeights lw) {
        int tokens = batch.tokens();
        int hidden = cfg.hiddenSize();
        RowOps.rmsNormRows(s.h, s.x, lw.inputNorm(), tokens, hidden, eps);
        attention.forward(batch, l, lw, s.x, s.x);
        RowOps.add(s.h, s.x, tokens * hidden);
    }

    private void logits(StepBatch batch, float[] logits) {
        int hidden = cfg.hiddenSize();
        int rows = 0;
        for (int t = 0; t < batch.tokens(); t++) {
            int r = batch.logitRow(t);
            if (r >= 0) {
                RowOps.rmsNorm(s.h, t * hidden, s.x, r * hidden, w.finalNorm(), hidden, eps);
                rows = Math.max(rows, r + 1);
            }
        }
        matmul.matmul(w.lmHead(), s.x, logits, rows);
    }
}
