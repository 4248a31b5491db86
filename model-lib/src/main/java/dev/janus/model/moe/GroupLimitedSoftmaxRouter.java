package dev.janus.model.moe;

import dev.janus.model.config.RoutingConfig;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;

/**
 * DeepSeek-V2 routing (HF {@code DeepseekV2Moe.route_tokens_to_experts}):
 * {@code p = softmax(gate x)} in float32 over all routed experts; {@code group_limited_greedy}
 * keeps the topk_group groups with the largest max-p and takes the top-k p inside them
 * ({@code greedy} is the one-group case); weight = {@code p · routed_scaling_factor}, never
 * renormalised (HF ignores norm_topk_prob for V2).
 */
public final class GroupLimitedSoftmaxRouter implements Router {

    private final ModelWeights weights;
    private final MatmulKernel matmul;
    private final int numExperts;
    private final int topK;
    private final float scale;
    private final GroupedTopK selection;
    private final int[] chosen;
    private float[] logits = new float[0]; // [tokens, experts]

    public GroupLimitedSoftmaxRouter(ModelWeights weights, MatmulKernel matmul, int numExperts, int topK, RoutingConfig rule) {
        this.weights = weights;
        this.matmul = matmul;
        this.numExperts = numExperts;
        this.topK = topK;
        this.scale = (float) rule.routedScalingFactor();
        this.selection = new GroupedTopK(numExperts, rule.groups(), rule.topkGroups());
        this.chosen = new int[topK];
    }

    @Override
    public void route(int layer, float[] x, int tokens, RoutingDecision out) {
        if (logits.length < tokens * numExperts) {
            logits = new float[tokens * numExperts];
        }
        matmul.matmul(weights.layers()[layer].moe().router(), x, logits, tokens);
        out.reset(tokens, topK);
        for (int t = 0; t < tokens; t++) {
            int off = t * numExperts;
            softmax(logits, off);
            selection.select(logits, off, GroupedTopK.GroupScore.MAX, topK, chosen);
            for (int s = 0; s < topK; s++) {
                out.set(t, s, chosen[s], logits[off + chosen[s]] * scale);
            }
        }
    }

    /** torch softmax(dtype=float32): max-subtracted exp, divided by the sum. */
    private void softmax(float[] z, int off) {
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
        for (int e = 0; e < numExperts; e++) {
            z[off + e] /= sum;
        }
    }
}
