package dev.janus.model.forward;

import dev.janus.model.config.ModelConfig;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.VectorMath;
import dev.janus.model.model.LayerWeights;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.MoeLayer;

import java.util.Arrays;

/**
 * One forward step over a {@link StepBatch}, HF transformers semantics in float32 on weights
 * widened from their stored dtype:
 * {@code h = embed[ids]}; per layer {@code h += o_proj(attn(input_norm(h)))} (GQA or MLA, see
 * {@link AttentionBlock}),
 * {@code h += mlp(post_attention_norm(h))} (MoE or dense); {@code logits = lm_head(norm(h))}.
 * Every token is one row, whatever sequence it belongs to, so prefill chunks and decode tokens
 * of many sequences share each weight read. Not thread-safe: one step at a time.
 *
 * <p>Micro-batches (MegaScale-Infer ping-pong): with {@code microBatches = m > 1} the step's
 * sequences are cut into up to m contiguous groups of about equal token counts (a sequence never
 * spans two, so a group's attention needs only its own residual rows and KV). Per layer each
 * group runs attention and then submits its MoE half ({@link MoeLayer#dispatch}); the group's
 * MoE result is combined just before its attention of the next layer. While remote experts
 * compute group i, this thread computes attention of group i+1, so neither side idles. Rows are
 * independent in every kernel (see BatchInvarianceTest), so results do not depend on m.
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
    private final int microBatches;
    private final LayerTimer timer;
    private MicroBatch[] micro = new MicroBatch[0];

    public ForwardPass(ModelConfig cfg, ModelWeights w, MatmulKernel matmul, ComputePool pool, MoeLayer moe) {
        this(cfg, w, matmul, pool, moe, 1);
    }

    /** @param microBatches micro-batches per step for attention/MoE overlap; 1 = off */
    public ForwardPass(ModelConfig cfg, ModelWeights w, MatmulKernel matmul, ComputePool pool, MoeLayer moe,
                       int microBatches) {
        this(cfg, w, matmul, pool, moe, microBatches, LayerTimer.NONE);
    }

    /** @param timer sees each layer's attention time (per micro-batch) */
    public ForwardPass(ModelConfig cfg, ModelWeights w, MatmulKernel matmul, ComputePool pool, MoeLayer moe,
                       int microBatches, LayerTimer timer) {
        this(cfg, w, matmul, pool, moe, microBatches, timer, AttentionKernel.cpu());
    }

    /** @param attentionKernels where attention over the KV cache runs (the CPU or an accelerator) */
    public ForwardPass(ModelConfig cfg, ModelWeights w, MatmulKernel matmul, ComputePool pool, MoeLayer moe,
                       int microBatches, LayerTimer timer, AttentionKernel.Factory attentionKernels) {
        if (microBatches < 1) {
            throw new IllegalArgumentException("microBatches must be at least 1, got " + microBatches);
        }
        this.microBatches = microBatches;
        this.timer = timer;
        this.cfg = cfg;
        this.w = w;
        this.matmul = matmul;
        this.pool = pool;
        this.moe = moe;
        this.attention = cfg.isMla() ? new MlaAttentionBlock(cfg, matmul, pool, attentionKernels)
                : new GqaAttentionBlock(cfg, matmul, pool, attentionKernels);
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
        int parts = Math.min(microBatches, batch.sequenceCount());
        if (parts <= 1) {
            for (int l = 0; l < cfg.numLayers(); l++) {
                LayerWeights lw = w.layers()[l];
                long start = timer == LayerTimer.NONE ? 0 : System.nanoTime();
                attentionBlock(batch, s.h, s.x, l, lw);
                RowOps.rmsNormRows(s.h, s.x, lw.postNorm(), tokens, hidden, eps);
                if (timer != LayerTimer.NONE) {
                    timer.attentionLayer(l, tokens, System.nanoTime() - start);
                }
                moe.forward(l, lw, s.x, tokens, s.h);
            }
        } else {
            pingPong(batch, parts);
        }
        for (int i = 0; i < batch.sequenceCount(); i++) {
            batch.sequence(i).advance(batch.chunkLength(i));
        }
        logits(batch, logits);
    }

    private void attentionBlock(StepBatch batch, float[] h, float[] x, int l, LayerWeights lw) {
        int tokens = batch.tokens();
        int hidden = cfg.hiddenSize();
        RowOps.rmsNormRows(h, x, lw.inputNorm(), tokens, hidden, eps);
        attention.forward(batch, l, lw, x, x);
        RowOps.add(h, x, tokens * hidden);
    }

    /**
     * The layers with {@code parts} micro-batches in flight: attention(l, i), submit MoE(l, i);
     * attention(l, i+1) runs while MoE(l, i) computes; MoE(l, i) is combined right before
     * attention(l+1, i). Residual rows move into each group's buffers and back afterwards.
     */
    private void pingPong(StepBatch batch, int parts) {
        int hidden = cfg.hiddenSize();
        split(batch, parts);
        for (int i = 0; i < parts; i++) {
            MicroBatch mb = micro[i];
            System.arraycopy(s.h, mb.firstToken * hidden, mb.h, 0, mb.batch.tokens() * hidden);
        }
        for (int l = 0; l < cfg.numLayers(); l++) {
            LayerWeights lw = w.layers()[l];
            for (int i = 0; i < parts; i++) {
                MicroBatch mb = micro[i];
                int n = mb.batch.tokens();
                if (l > 0) {
                    moe.combine(i, mb.h);
                }
                long start = timer == LayerTimer.NONE ? 0 : System.nanoTime();
                attentionBlock(mb.batch, mb.h, mb.x, l, lw);
                RowOps.rmsNormRows(mb.h, mb.x, lw.postNorm(), n, hidden, eps);
                if (timer != LayerTimer.NONE) {
                    timer.attentionLayer(l, n, System.nanoTime() - start);
                }
                moe.dispatch(i, l, lw, mb.x, n);
            }
        }
        for (int i = 0; i < parts; i++) {
            MicroBatch mb = micro[i];
            moe.combine(i, mb.h);
            System.arraycopy(mb.h, 0, s.h, mb.firstToken * hidden, mb.batch.tokens() * hidden);
        }
    }

    /**
     * Cuts the batch's sequences into {@code parts} contiguous non-empty groups, group i ending
     * once it reaches about (i+1)/parts of the step's tokens.
     */
    private void split(StepBatch batch, int parts) {
        if (micro.length < parts) {
            MicroBatch[] grown = Arrays.copyOf(micro, parts);
            for (int i = micro.length; i < parts; i++) {
                grown[i] = new MicroBatch();
            }
            micro = grown;
        }
        int sequences = batch.sequenceCount();
        int seq = 0;
        int tok = 0;
        for (int i = 0; i < parts; i++) {
            int firstSeq = seq;
            int firstTok = tok;
            long target = (long) batch.tokens() * (i + 1) / parts;
            do {
                tok += batch.chunkLength(seq++);
            } while (seq < sequences - (parts - 1 - i) && tok < target);
            micro[i].set(batch, firstSeq, seq, firstTok, cfg.hiddenSize());
        }
    }

    /** One micro-batch: a view of some of the step's sequences and its own residual buffers. */
    private static final class MicroBatch {
        final StepBatch batch = new StepBatch();
        int firstToken;
        float[] h = new float[0]; // [tokens, hidden] this group's residual stream
        float[] x = new float[0]; // [tokens, hidden] normalised input / sub-block output; the MoE reads it while in flight

        void set(StepBatch step, int fromSeq, int toSeq, int fromToken, int hidden) {
            batch.copySequences(step, fromSeq, toSeq, fromToken);
            firstToken = fromToken;
            if (h.length < batch.tokens() * hidden) {
                h = new float[batch.tokens() * hidden];
                x = new float[batch.tokens() * hidden];
            }
        }
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
