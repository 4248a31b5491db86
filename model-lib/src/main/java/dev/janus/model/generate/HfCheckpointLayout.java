package dev.janus.model.generate;

import dev.janus.model.config.ModelFamily;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of an HF checkpoint of a family, with exact HF names and shapes, in the order
 * {@code model.named_parameters()} lists them (which decides the shards, as in save_pretrained).
 *
 * <p>Scales: embeddings std 1 and every linear std 1/sqrt(fan_in) keep the residual stream O(1);
 * router gate and lm_head get gain 2 so that routing is diverse (router logits std ≈ 2 over 8
 * experts) and next-token distributions are clearly non-uniform; RMSNorm weights 1 ± 0.05;
 * Qwen2-MoE q/k/v biases ±0.1. lm_head rows past the tokenizer's ids are scaled by
 * {@link WeightSpec#QUIET_ROW_SCALE}: their logits stay near 0 while real tokens spread with std ≈ 2,
 * so sampled text is made of real tokens although most of a 32000-row vocabulary has none (the
 * rows stay ordinary weights, as in the fixtures).
 */
public final class HfCheckpointLayout {

    static final float ROUTER_GAIN = 2f;
    private static final float LM_HEAD_GAIN = 2f;
    static final float NORM_NOISE = 0.05f;
    private static final float BIAS_BOUND = 0.1f;

    private HfCheckpointLayout() {
    }

    /** Every row of lm_head at full scale. */
    public static List<WeightSpec> tensors(ModelFamily family, ModelDimensions d) {
        return tensors(family, d, d.vocabSize());
    }

    /** {@code tokenRows}: ids the tokenizer can produce; lm_head rows from there on are quiet. */
    public static List<WeightSpec> tensors(ModelFamily family, ModelDimensions d, int tokenRows) {
        long h = d.hiddenSize();
        long q = (long) d.numHeads() * d.headDim();
        long kv = (long) d.numKvHeads() * d.headDim();
        List<WeightSpec> out = new ArrayList<>();
        out.add(WeightSpec.withStd("model.embed_tokens.weight", new long[] {d.vocabSize(), h}, 1f));
        for (int l = 0; l < d.numLayers(); l++) {
            if (family.isDeepseek()) {
                DeepseekLayout.layer(out, "model.layers." + l + ".", l, family, d);
                continue;
            }
            String p = "model.layers." + l + ".";
            boolean qwen = family == ModelFamily.QWEN2_MOE;
            out.add(WeightSpec.linear(p + "self_attn.q_proj.weight", q, h, 1f));
            if (qwen) { // HF Qwen2MoeAttention: q/k/v with bias, o_proj without
                out.add(new WeightSpec(p + "self_attn.q_proj.bias", new long[] {q}, 0f, BIAS_BOUND));
            }
            out.add(WeightSpec.linear(p + "self_attn.k_proj.weight", kv, h, 1f));
            if (qwen) {
                out.add(new WeightSpec(p + "self_attn.k_proj.bias", new long[] {kv}, 0f, BIAS_BOUND));
            }
            out.add(WeightSpec.linear(p + "self_attn.v_proj.weight", kv, h, 1f));
            if (qwen) {
                out.add(new WeightSpec(p + "self_attn.v_proj.bias", new long[] {kv}, 0f, BIAS_BOUND));
            }
            out.add(WeightSpec.linear(p + "self_attn.o_proj.weight", h, q, 1f));
            if (qwen) {
                qwenMoe(out, p + "mlp.", d);
            } else {
                mixtralMoe(out, p + "block_sparse_moe.", d);
            }
            out.add(WeightSpec.norm(p + "input_layernorm.weight", h, NORM_NOISE));
            out.add(WeightSpec.norm(p + "post_attention_layernorm.weight", h, NORM_NOISE));
        }
        out.add(WeightSpec.norm("model.norm.weight", h, NORM_NOISE));
        out.add(WeightSpec.linear("lm_head.weight", d.vocabSize(), h, LM_HEAD_GAIN).withFullRows(tokenRows));
        return out;
    }

    /** MixtralSparseMoeBlock: gate [E, H]; experts.E.w1 (gate) / w3 (up) [I, H], w2 (down) [H, I]. */
    private static void mixtralMoe(List<WeightSpec> out, String p, ModelDimensions d) {
        long h = d.hiddenSize();
        long i = d.expertIntermediateSize();
        out.add(WeightSpec.linear(p + "gate.weight", d.numExperts(), h, ROUTER_GAIN));
        for (int e = 0; e < d.numExperts(); e++) {
            String x = p + "experts." + e + ".";
            out.add(WeightSpec.linear(x + "w1.weight", i, h, 1f));
            out.add(WeightSpec.linear(x + "w2.weight", h, i, 1f));
            out.add(WeightSpec.linear(x + "w3.weight", i, h, 1f));
        }
    }

    /** Qwen2MoeSparseMoeBlock: gate, experts.E.{gate,up,down}_proj, shared_expert.*, shared_expert_gate [1, H]. */
    private static void qwenMoe(List<WeightSpec> out, String p, ModelDimensions d) {
        long h = d.hiddenSize();
        out.add(WeightSpec.linear(p + "gate.weight", d.numExperts(), h, ROUTER_GAIN));
        for (int e = 0; e < d.numExperts(); e++) {
            swiGlu(out, p + "experts." + e + ".", h, d.expertIntermediateSize());
        }
        swiGlu(out, p + "shared_expert.", h, d.sharedIntermediateSize());
        out.add(WeightSpec.linear(p + "shared_expert_gate.weight", 1, h, 1f));
    }

    static void swiGlu(List<WeightSpec> out, String p, long h, long i) {
        out.add(WeightSpec.linear(p + "gate_proj.weight", i, h, 1f));
        out.add(WeightSpec.linear(p + "up_proj.weight", i, h, 1f));
        out.add(WeightSpec.linear(p + "down_proj.weight", h, i, 1f));
    }
}
