package dev.janus.model.generate;

import dev.janus.model.config.ModelFamily;
import dev.janus.model.tokenizer.GeneratedTokenizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config.json and generation_config.json with every field a real checkpoint of the family carries
 * (Mixtral-8x7B / the golden fixtures for Mixtral; Qwen1.5-MoE-A2.7B for Qwen2-MoE), as
 * transformers {@value #TRANSFORMERS_VERSION} writes them. Special-token ids come from the generated
 * tokenizer; {@code bos_token_id} is null when the tokenizer has no BOS (ChatML style).
 */
final class HfConfigFiles {

    static final String TRANSFORMERS_VERSION = "4.48.3";

    private HfConfigFiles() {
    }

    static Map<String, Object> config(ModelFamily family, ModelDimensions d, GeneratedTokenizer tok) {
        if (family.isDeepseek()) {
            return DeepseekConfigFiles.config(family, d, tok);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(family.architecture()));
        c.put("model_type", family.modelType());
        c.put("attention_dropout", 0.0);
        c.put("bos_token_id", tok.bosTokenId().isPresent() ? tok.bosTokenId().getAsInt() : null);
        c.put("eos_token_id", tok.eosTokenIds()[0]);
        c.put("hidden_act", "silu");
        c.put("hidden_size", d.hiddenSize());
        c.put("initializer_range", 0.02);
        c.put("max_position_embeddings", d.maxPositionEmbeddings());
        c.put("num_attention_heads", d.numHeads());
        c.put("num_experts_per_tok", d.numExpertsPerToken());
        c.put("num_hidden_layers", d.numLayers());
        c.put("num_key_value_heads", d.numKvHeads());
        c.put("output_router_logits", false);
        c.put("rope_theta", 1000000.0);
        c.put("tie_word_embeddings", false);
        c.put("torch_dtype", "bfloat16");
        c.put("transformers_version", TRANSFORMERS_VERSION);
        c.put("use_cache", true);
        c.put("vocab_size", d.vocabSize());
        switch (family) {
            case MIXTRAL -> {
                c.put("head_dim", d.headDim());
                c.put("intermediate_size", d.expertIntermediateSize()); // per expert in Mixtral
                c.put("num_local_experts", d.numExperts());
                c.put("rms_norm_eps", 1e-05);
                c.put("router_aux_loss_coef", 0.02);
                c.put("router_jitter_noise", 0.0);
                c.put("sliding_window", null);
            }
            case QWEN2_MOE -> {
                // Qwen1.5-MoE: every layer sparse, top-k weights NOT renormalised, dense width = shared width.
                c.put("decoder_sparse_step", 1);
                c.put("intermediate_size", d.sharedIntermediateSize());
                c.put("max_window_layers", d.numLayers());
                c.put("mlp_only_layers", List.of());
                c.put("moe_intermediate_size", d.expertIntermediateSize());
                c.put("norm_topk_prob", false);
                c.put("num_experts", d.numExperts());
                c.put("rms_norm_eps", 1e-06);
                c.put("rope_scaling", null);
                c.put("router_aux_loss_coef", 0.001);
                c.put("shared_expert_intermediate_size", d.sharedIntermediateSize());
                c.put("sliding_window", 32768);
                c.put("use_sliding_window", false);
            }
            default -> throw new IllegalArgumentException("no config writer for " + family);
        }
        return c;
    }

    static Map<String, Object> generationConfig(GeneratedTokenizer tok) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("_from_model_config", true);
        if (tok.bosTokenId().isPresent()) {
            g.put("bos_token_id", tok.bosTokenId().getAsInt()); // GenerationConfig drops None values
        }
        int[] eos = tok.eosTokenIds();
        g.put("eos_token_id", eos.length == 1 ? (Object) eos[0] : eos);
        g.put("transformers_version", TRANSFORMERS_VERSION);
        return g;
    }
}
