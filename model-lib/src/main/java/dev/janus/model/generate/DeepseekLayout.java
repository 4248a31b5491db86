package dev.janus.model.generate;

import dev.janus.model.config.ModelFamily;

import java.util.List;

/**
 * The tensors of one DeepSeek-V2 / V3 decoder layer in HF layout and module order
 * (DeepseekV2DecoderLayer / DeepseekV3DecoderLayer): MLA self_attn (q_a_proj, q_a_layernorm,
 * q_b_proj, kv_a_proj_with_mqa, kv_a_layernorm, kv_b_proj, o_proj), then a dense SwiGLU mlp
 * (first_k_dense_replace layers) or the MoE mlp (experts, gate [+ V3 e_score_correction_bias],
 * shared_experts), then the two norms. The correction bias is ±{@value #BIAS_BOUND}: enough to
 * change some choices, small enough that biased scores stay positive as in trained V3 models.
 */
final class DeepseekLayout {

    private static final float BIAS_BOUND = 0.2f;

    private DeepseekLayout() {
    }

    static void layer(List<WeightSpec> out, String p, int layer, ModelFamily family, ModelDimensions d) {
        MlaDimensions m = d.mla();
        long h = d.hiddenSize();
        long heads = d.numHeads();
        String a = p + "self_attn.";
        out.add(WeightSpec.linear(a + "q_a_proj.weight", m.qLoraRank(), h, 1f));
        out.add(WeightSpec.norm(a + "q_a_layernorm.weight", m.qLoraRank(), HfCheckpointLayout.NORM_NOISE));
        out.add(WeightSpec.linear(a + "q_b_proj.weight", heads * (m.qkNopeHeadDim() + m.qkRopeHeadDim()), m.qLoraRank(), 1f));
        out.add(WeightSpec.linear(a + "kv_a_proj_with_mqa.weight", m.kvLoraRank() + m.qkRopeHeadDim(), h, 1f));
        out.add(WeightSpec.norm(a + "kv_a_layernorm.weight", m.kvLoraRank(), HfCheckpointLayout.NORM_NOISE));
        out.add(WeightSpec.linear(a + "kv_b_proj.weight", heads * (m.qkNopeHeadDim() + m.vHeadDim()), m.kvLoraRank(), 1f));
        out.add(WeightSpec.linear(a + "o_proj.weight", h, heads * m.vHeadDim(), 1f));
        String mlp = p + "mlp.";
        if (layer < m.denseLayers()) {
            HfCheckpointLayout.swiGlu(out, mlp, h, m.denseWidth());
        } else {
            for (int e = 0; e < d.numExperts(); e++) {
                HfCheckpointLayout.swiGlu(out, mlp + "experts." + e + ".", h, d.expertIntermediateSize());
            }
            out.add(WeightSpec.linear(mlp + "gate.weight", d.numExperts(), h, HfCheckpointLayout.ROUTER_GAIN));
            if (family == ModelFamily.DEEPSEEK_V3) {
                out.add(new WeightSpec(mlp + "gate.e_score_correction_bias", new long[] {d.numExperts()}, 0f, BIAS_BOUND));
            }
            if (m.sharedExperts() > 0) {
                HfCheckpointLayout.swiGlu(out, mlp + "shared_experts.", h, d.sharedIntermediateSize());
            }
        }
        out.add(WeightSpec.norm(p + "input_layernorm.weight", h, HfCheckpointLayout.NORM_NOISE));
        out.add(WeightSpec.norm(p + "post_attention_layernorm.weight", h, HfCheckpointLayout.NORM_NOISE));
    }
}
