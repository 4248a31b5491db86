package dev.janus.model.model;

import dev.janus.model.tensor.WeightTensor;

/**
 * Multi-head Latent Attention weights of one layer (HF DeepseekV2Attention / DeepseekV3Attention),
 * plus per-head views of kv_b_proj for the absorbed decode form. Shapes with
 * {@code Dq = qk_nope + qk_rope}, {@code R = kv_lora_rank}.
 *
 * @param qA        q_a_proj [q_lora_rank, hidden], null without q LoRA
 * @param qANorm    q_a_layernorm [q_lora_rank], null without q LoRA
 * @param qB        q_b_proj [heads*Dq, q_lora_rank], null without q LoRA
 * @param q         q_proj [heads*Dq, hidden], null with q LoRA
 * @param kvA       kv_a_proj_with_mqa [R + qk_rope, hidden]: latent rows, then the shared rope-key rows
 * @param kvANorm   kv_a_layernorm [R]
 * @param kvB       kv_b_proj [heads*(qk_nope + v), R], head-major: k_nope rows then v rows per head
 * @param uKT       per head, k_nope's block of kv_b_proj transposed [R, qk_nope] (a copy): maps a
 *                  head's q_nope into latent space
 * @param uV        per head, v's block of kv_b_proj [v, R] (a view): maps a latent back to a value
 * @param o         o_proj [hidden, heads*v]
 */
public record MlaWeights(WeightTensor qA, float[] qANorm, WeightTensor qB, WeightTensor q,
                         WeightTensor kvA, float[] kvANorm, WeightTensor kvB,
                         WeightTensor[] uKT, WeightTensor[] uV, WeightTensor o) {

    public long byteSize() {
        long n = kvA.byteSize() + kvB.byteSize() + o.byteSize();
        return n + (q != null ? q.byteSize() : qA.byteSize() + qB.byteSize());
    }
}
