package dev.janus.model.model;

import dev.janus.model.config.MlaConfig;
import dev.janus.model.config.ModelConfig;
import dev.janus.model.config.ModelFamily;
import dev.janus.model.config.QkNorm;
import dev.janus.model.tensor.WeightTensor;
import dev.janus.model.weights.WeightException;
import dev.janus.model.weights.WeightStore;

import java.util.function.BiPredicate;

/**
 * Binds a {@link WeightStore} to the HF tensor names of a family and checks every shape
 * against the config. Nothing is copied: matrices are views of the mapped files.
 */
public final class WeightLoader {

    private final ModelConfig cfg;
    private final WeightStore store;

    private WeightLoader(ModelConfig cfg, WeightStore store) {
        this.cfg = cfg;
        this.store = store;
    }

    /** Every tensor of the model. */
    public static ModelWeights load(ModelConfig cfg, WeightStore store) {
        return load(cfg, store, (layer, expert) -> true);
    }

    /**
     * The model with only the routed experts {@code hosted(layer, expert)} accepts; the others
     * are null in {@link MoeWeights#experts()} (an expert-service hosts a share of the experts).
     */
    public static ModelWeights load(ModelConfig cfg, WeightStore store, BiPredicate<Integer, Integer> hosted) {
        return new WeightLoader(cfg, store).model(hosted);
    }

    private ModelWeights model(BiPredicate<Integer, Integer> hosted) {
        int h = cfg.hiddenSize();
        WeightTensor embed = matrix("model.embed_tokens.weight", cfg.vocabSize(), h);
        LayerWeights[] layers = new LayerWeights[cfg.numLayers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = layer(l, hosted);
        }
        WeightTensor lmHead;
        if (cfg.tieWordEmbeddings()) {
            lmHead = embed; // HF ties lm_head to the embedding even when a copy is stored
        } else if (store.contains("lm_head.weight")) {
            lmHead = matrix("lm_head.weight", cfg.vocabSize(), h);
        } else {
            throw new WeightException("missing tensor lm_head.weight (tie_word_embeddings is false)");
        }
        return new ModelWeights(embed, layers, store.vector("model.norm.weight", h), lmHead);
    }

    private LayerWeights layer(int l, BiPredicate<Integer, Integer> hosted) {
        String p = "model.layers." + l + ".";
        int h = cfg.hiddenSize();
        AttentionWeights attn = cfg.isMla() ? null : attention(p + "self_attn.");
        MlaWeights mla = cfg.isMla() ? mla(p + "self_attn.") : null;
        MoeWeights moe = null;
        MlpWeights dense = null;
        if (cfg.isSparse(l)) {
            moe = moe(l, p, hosted);
        } else {
            dense = mlp(p + "mlp.", cfg.intermediateSize(), "gate_proj", "up_proj", "down_proj");
        }
        return new LayerWeights(store.vector(p + "input_layernorm.weight", h), attn, mla,
                store.vector(p + "post_attention_layernorm.weight", h), moe, dense);
    }

    private AttentionWeights attention(String p) {
        int h = cfg.hiddenSize();
        int qd = cfg.qDim();
        int kvd = cfg.kvDim();
        float[] qNorm = null;
        float[] kNorm = null;
        if (cfg.qkNorm() != QkNorm.NONE) {
            boolean perHead = cfg.qkNorm() == QkNorm.PER_HEAD;
            qNorm = store.vector(p + "q_norm.weight", perHead ? cfg.headDim() : qd);
            kNorm = store.vector(p + "k_norm.weight", perHead ? cfg.headDim() : kvd);
        }
        boolean qkvb = cfg.qkvBias();
        return new AttentionWeights(
                matrix(p + "q_proj.weight", qd, h),
                matrix(p + "k_proj.weight", kvd, h),
                matrix(p + "v_proj.weight", kvd, h),
                matrix(p + "o_proj.weight", h, qd),
                qkvb ? store.vector(p + "q_proj.bias", qd) : null,
                qkvb ? store.vector(p + "k_proj.bias", kvd) : null,
                qkvb ? store.vector(p + "v_proj.bias", kvd) : null,
                cfg.outputBias() ? store.vector(p + "o_proj.bias", h) : null,
                qNorm, kNorm);
    }

    /** HF DeepseekV2Attention / DeepseekV3Attention (no biases: attention_bias is rejected by the parser). */
    private MlaWeights mla(String p) {
        MlaConfig m = cfg.mla();
        int h = cfg.hiddenSize();
        int heads = cfg.numHeads();
        int qRows = heads * m.qkHeadDim();
        boolean lora = m.qLoraRank() > 0;
        WeightTensor kvB = matrix(p + "kv_b_proj.weight", heads * (m.qkNopeHeadDim() + m.vHeadDim()), m.kvLoraRank());
        return new MlaWeights(
                lora ? matrix(p + "q_a_proj.weight", m.qLoraRank(), h) : null,
                lora ? store.vector(p + "q_a_layernorm.weight", m.qLoraRank()) : null,
                lora ? matrix(p + "q_b_proj.weight", qRows, m.qLoraRank()) : null,
                lora ? null : matrix(p + "q_proj.weight", qRows, h),
                matrix(p + "kv_a_proj_with_mqa.weight", m.latentRowWidth(), h),
                store.vector(p + "kv_a_layernorm.weight", m.kvLoraRank()),
                kvB,
                KvBProjHeads.transposedKeys(kvB, heads, m.qkNopeHeadDim(), m.vHeadDim()),
                KvBProjHeads.valueViews(kvB, heads, m.qkNopeHeadDim(), m.vHeadDim()),
                matrix(p + "o_proj.weight", h, heads * m.vHeadDim()));
    }

    private MoeWeights moe(int layer, String p, BiPredicate<Integer, Integer> hosted) {
        boolean mixtral = cfg.family() == ModelFamily.MIXTRAL;
        String block = p + (mixtral ? "block_sparse_moe." : "mlp.");
        MlpWeights[] experts = new MlpWeights[cfg.numExperts()];
        for (int e = 0; e < experts.length; e++) {
            if (!hosted.test(layer, e)) {
                continue;
            }
            String ep = block + "experts." + e + ".";
            experts[e] = mixtral
                    ? mlp(ep, cfg.moeIntermediateSize(), "w1", "w3", "w2")
                    : mlp(ep, cfg.moeIntermediateSize(), "gate_proj", "up_proj", "down_proj");
        }
        MlpWeights shared = null;
        WeightTensor sharedGate = null;
        float[] bias = null;
        if (cfg.family().isDeepseek()) { // DeepseekV2Moe / DeepseekV3MoE: ungated shared_experts
            if (cfg.hasSharedExpert()) {
                shared = mlp(block + "shared_experts.", cfg.sharedExpertIntermediateSize(), "gate_proj", "up_proj", "down_proj");
            }
            if (cfg.routing().scoreCorrectionBias()) { // DeepseekV3TopkRouter buffer, stored f32 in V3 checkpoints
                bias = store.vector(block + "gate.e_score_correction_bias", cfg.numExperts());
            }
        } else if (cfg.hasSharedExpert()) {
            shared = mlp(block + "shared_expert.", cfg.sharedExpertIntermediateSize(), "gate_proj", "up_proj", "down_proj");
            sharedGate = matrix(block + "shared_expert_gate.weight", 1, cfg.hiddenSize());
        }
        return new MoeWeights(matrix(block + "gate.weight", cfg.numExperts(), cfg.hiddenSize()),
                experts, shared, sharedGate, bias);
    }

    /** A linear weight as stored: bf16/f16/f32, or FP8 with its block scales. */
    private WeightTensor matrix(String name, int rows, int cols) {
        return store.matrix(name, rows, cols, cfg.quantization());
    }

    private MlpWeights mlp(String p, int width, String gate, String up, String down) {
        int h = cfg.hiddenSize();
        return new MlpWeights(
                matrix(p + gate + ".weight", width, h),
                matrix(p + up + ".weight", width, h),
                matrix(p + down + ".weight", h, width));
    }
}
