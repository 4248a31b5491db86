package dev.janus.model.moe;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;

/**
 * The router of Mixtral, Qwen2/3-MoE and OLMoE: {@code p = softmax(gate x)} in float32 over all
 * experts, top-k of p (descending; ties → lower expert id), then divide the k weights by their
 * sum when {@code norm_topk_prob} (Mixtral always does). HF {@code MixtralSparseMoeBlock},
 * {@code Qwen2MoeSparseMoeBlock}, {@code OlmoeSparseMoeBlock}.
 */
public final class SoftmaxTopKRouter implements Router {

    private final ModelWeights weights;
    private final MatmulKernel matmul;
    private final int numExperts;
    private final int topK;
    private final boolean normalize;
    private float[] logits = new float[0]; // [tokens, experts]

    public SoftmaxTopKRouter(ModelWeights weights, MatmulKernel matmul, int numExperts, int topK, boolean normalize) {
        this.weights = weights;
        this.matmul = matmul;
        this.numExperts = numExperts;
        this.topK = topK;
        this.normalize = normalize;
    }

    @Override
    public void route(int layer, float[] x, int tokens, RoutingDecision out) {
        if (logits.length < tokens * numExperts) {
            logits = new float[tokens * numExperts];
        }
        matmul.matmul(weights.layers()[layer].moe().router(), x, logits, tokens);
        out.reset(tokens, topK);
        for (int t = 0; t < tokens; t++) {
            selectTopK(logits, t * numExperts, t, out);
        }
    }

    /** Softmax over one token's expert logits, then top-k by repeated max (k is small). */
    private void selectTopK(float[] z, int off, int token, RoutingDecision out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int e = 0; e < numExperts; e++) {
            max = Math.max(max, z[off + e]);
        }
        float sum = 0f;
        for (int e = 0; e < numExperts; e++) {
            float p = (float) Math.exp(z[off + e] - max);
            z[off + e] = p;
            sum += p;
        }
        float chosenSum = 0f;
        for (int s = 0; s < topK; s++) {
            int best = -1;
            float bestP = -1f;
            for (int e = 0; e < numExperts; e++) {
                float p = z[off + e];
                if (p > bestP) {
                    bestP = p;
                    best = e;
                }
            }
            float prob = bestP / sum;
            z[off + best] = -2f; // taken
            out.set(token, s, best, prob);
            chosenSum += prob;
        }
        if (normalize) {
            for (int s = 0; s < topK; s++) {
                out.set(token, s, out.expert(token, s), out.weight(token, s) / chosenSum);
            }
        }
    }
}
