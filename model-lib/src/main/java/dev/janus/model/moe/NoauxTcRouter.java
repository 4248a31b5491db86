package dev.janus.model.moe;

import dev.janus.model.config.RoutingConfig;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;

/**
 * DeepSeek-V3 routing, noaux_tc (HF {@code DeepseekV3TopkRouter}): {@code s = sigmoid(gate x)} in
 * float32; the choice uses {@code s + e_score_correction_bias}: groups ranked by the sum of their
 * two largest biased scores, the topk_group best kept, top-k biased scores inside them. The
 * weights are the UNBIASED s of the chosen experts, divided by {@code (Σ + 1e-20)} when
 * norm_topk_prob, times routed_scaling_factor.
 */
public final class NoauxTcRouter implements Router {

    private final ModelWeights weights;
    private final MatmulKernel matmul;
    private final int numExperts;
    private final int topK;
    private final boolean normalize;
    private final float scale;
    private final GroupedTopK selection;
    private final int[] chosen;
    private float[] logits = new float[0]; // [tokens, experts]: sigmoid scores after the gate
    private final float[] biased;          // [experts]

    public NoauxTcRouter(ModelWeights weights, MatmulKernel matmul, int numExperts, int topK, boolean normalize,
                         RoutingConfig rule) {
        this.weights = weights;
        this.matmul = matmul;
        this.numExperts = numExperts;
        this.topK = topK;
        this.normalize = normalize;
        this.scale = (float) rule.routedScalingFactor();
        this.selection = new GroupedTopK(numExperts, rule.groups(), rule.topkGroups());
        this.chosen = new int[topK];
        this.biased = new float[numExperts];
    }

    @Override
    public void route(int layer, float[] x, int tokens, RoutingDecision out) {
        if (logits.length < tokens * numExperts) {
            logits = new float[tokens * numExperts];
        }
        var moe = weights.layers()[layer].moe();
        float[] bias = moe.scoreCorrectionBias();
        matmul.matmul(moe.router(), x, logits, tokens);
        out.reset(tokens, topK);
        for (int t = 0; t < tokens; t++) {
            int off = t * numExperts;
            for (int e = 0; e < numExperts; e++) {
                float s = (float) (1.0 / (1.0 + Math.exp(-logits[off + e])));
                logits[off + e] = s;
                biased[e] = s + bias[e];
            }
            selection.select(biased, 0, GroupedTopK.GroupScore.SUM_OF_TOP_2, topK, chosen);
            sortByScore(logits, off); // RoutingDecision lists experts by descending weight
            float sum = 0f;
            for (int s = 0; s < topK; s++) {
                sum += logits[off + chosen[s]];
            }
            float denominator = normalize ? sum + 1e-20f : 1f;
            for (int s = 0; s < topK; s++) {
                out.set(t, s, chosen[s], logits[off + chosen[s]] / denominator * scale);
            }
        }
    }

    /** Insertion sort of the k chosen ids by descending unbiased score (stable: ties keep choice order). */
    private void sortByScore(float[] scores, int off) {
        for (int i = 1; i < topK; i++) {
            int id = chosen[i];
            int j = i - 1;
            while (j >= 0 && scores[off + chosen[j]] < scores[off + id]) {
                chosen[j + 1] = chosen[j];
                j--;
            }
            chosen[j + 1] = id;
        }
    }
}
