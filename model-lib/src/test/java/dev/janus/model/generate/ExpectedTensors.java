package dev.janus.model.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** "name [shape]" for every tensor a config.json implies, written from the HF modeling code, not from the generator. */
final class ExpectedTensors {

    private ExpectedTensors() {
    }

    static List<String> of(JsonNode c) {
        int h = c.get("hidden_size").asInt();
        int v = c.get("vocab_size").asInt();
        int heads = c.get("num_attention_heads").asInt();
        int hd = c.has("head_dim") ? c.get("head_dim").asInt() : h / heads;
        int q = heads * hd;
        int kv = c.get("num_key_value_heads").asInt() * hd;
        boolean qwen = c.get("model_type").asText().equals("qwen2_moe");
        int experts = qwen ? c.get("num_experts").asInt() : c.get("num_local_experts").asInt();
        int inter = qwen ? c.get("moe_intermediate_size").asInt() : c.get("intermediate_size").asInt();
        List<String> out = new ArrayList<>();
        out.add("model.embed_tokens.weight [" + v + "," + h + "]");
        out.add("lm_head.weight [" + v + "," + h + "]");
        out.add("model.norm.weight [" + h + "]");
        for (int l = 0; l < c.get("num_hidden_layers").asInt(); l++) {
            String p = "model.layers." + l + ".";
            out.add(p + "input_layernorm.weight [" + h + "]");
            out.add(p + "post_attention_layernorm.weight [" + h + "]");
            out.add(p + "self_attn.q_proj.weight [" + q + "," + h + "]");
            out.add(p + "self_attn.k_proj.weight [" + kv + "," + h + "]");
            out.add(p + "self_attn.v_proj.weight [" + kv + "," + h + "]");
            out.add(p + "self_attn.o_proj.weight [" + h + "," + q + "]");
            if (qwen) {
                out.add(p + "self_attn.q_proj.bias [" + q + "]");
                out.add(p + "self_attn.k_proj.bias [" + kv + "]");
                out.add(p + "self_attn.v_proj.bias [" + kv + "]");
                out.add(p + "mlp.gate.weight [" + experts + "," + h + "]");
                int s = c.get("shared_expert_intermediate_size").asInt();
                out.add(p + "mlp.shared_expert.gate_proj.weight [" + s + "," + h + "]");
                out.add(p + "mlp.shared_expert.up_proj.weight [" + s + "," + h + "]");
                out.add(p + "mlp.shared_expert.down_proj.weight [" + h + "," + s + "]");
                out.add(p + "mlp.shared_expert_gate.weight [1," + h + "]");
                for (int e = 0; e < experts; e++) {
                    out.add(p + "mlp.experts." + e + ".gate_proj.weight [" + inter + "," + h + "]");
                    out.add(p + "mlp.experts." + e + ".up_proj.weight [" + inter + "," + h + "]");
                    out.add(p + "mlp.experts." + e + ".down_proj.weight [" + h + "," + inter + "]");
                }
            } else {
                out.add(p + "block_sparse_moe.gate.weight [" + experts + "," + h + "]");
                for (int e = 0; e < experts; e++) {
                    out.add(p + "block_sparse_moe.experts." + e + ".w1.weight [" + inter + "," + h + "]");
                    out.add(p + "block_sparse_moe.experts." + e + ".w2.weight [" + h + "," + inter + "]");
                    out.add(p + "block_sparse_moe.experts." + e + ".w3.weight [" + inter + "," + h + "]");
                }
            }
        }
        return out;
    }
}
