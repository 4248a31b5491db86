package dev.janus.model.generate;

import dev.janus.model.config.ModelFamily;
import dev.janus.model.tokenizer.GeneratedTokenizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config.json of a generated DeepSeek-V2 / V3 model with the fields DeepSeek-V2(-Chat) and
 * DeepSeek-V3 ship (fields HF does not read, like aux_loss_alpha and seq_aux, included with the
 * values that agree with HF), including their yarn rope_scaling (V2: mscale = mscale_all_dim =
 * 0.707; V3: 1.0).
 */
final class DeepseekConfigFiles {

    private DeepseekConfigFiles() {
    }

    static Map<String, Object> config(ModelFamily family, ModelDimensions d, GeneratedTokenizer tok) {
        boolean v3 = family == ModelFamily.DEEPSEEK_V3;
        MlaDimensions m = d.mla();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(family.architecture()));
        c.put("model_type", family.modelType());
        c.put("attention_bias", false);
        c.put("attention_dropout", 0.0);
        c.put("aux_loss_alpha", 0.001);
        c.put("bos_token_id", tok.bosTokenId().isPresent() ? tok.bosTokenId().getAsInt() : null);
        c.put("eos_token_id", tok.eosTokenIds()[0]);
        c.put("first_k_dense_replace", m.denseLayers());
        c.put("hidden_act", "silu");
        c.put("hidden_size", d.hiddenSize());
        c.put("initializer_range", 0.02);
        c.put("intermediate_size", m.denseWidth());
        c.put("kv_lora_rank", m.kvLoraRank());
        c.put("max_position_embeddings", d.maxPositionEmbeddings());
        c.put("moe_intermediate_size", d.expertIntermediateSize());
        c.put("moe_layer_freq", 1);
        c.put("n_group", m.groups());
        c.put("n_routed_experts", d.numExperts());
        c.put("n_shared_experts", m.sharedExperts());
        c.put("norm_topk_prob", v3);
        c.put("num_attention_heads", d.numHeads());
        c.put("num_experts_per_tok", d.numExpertsPerToken());
        c.put("num_hidden_layers", d.numLayers());
        c.put("num_key_value_heads", d.numKvHeads());
        c.put("pretraining_tp", 1);
        c.put("q_lora_rank", m.qLoraRank());
        c.put("qk_nope_head_dim", m.qkNopeHeadDim());
        c.put("qk_rope_head_dim", m.qkRopeHeadDim());
        c.put("rms_norm_eps", 1e-06);
        Map<String, Object> rope = new LinkedHashMap<>();
        rope.put("beta_fast", 32);
        rope.put("beta_slow", 1);
        rope.put("factor", MlaDimensions.YARN_FACTOR);
        rope.put("mscale", v3 ? 1.0 : 0.707);
        rope.put("mscale_all_dim", v3 ? 1.0 : 0.707);
        rope.put("original_max_position_embeddings", m.yarnOriginalMaxPositions());
        rope.put("type", "yarn");
        c.put("rope_scaling", rope);
        c.put("rope_theta", 10000.0);
        c.put("routed_scaling_factor", v3 ? 2.5 : 16.0);
        c.put("scoring_func", v3 ? "sigmoid" : "softmax");
        c.put("seq_aux", true);
        c.put("tie_word_embeddings", false);
        c.put("topk_group", m.topkGroups());
        c.put("topk_method", v3 ? "noaux_tc" : "group_limited_greedy");
        c.put("torch_dtype", "bfloat16");
        c.put("transformers_version", HfConfigFiles.TRANSFORMERS_VERSION);
        c.put("use_cache", true);
        c.put("v_head_dim", m.vHeadDim());
        c.put("vocab_size", d.vocabSize());
        return c;
    }
}
