package dev.janus.model.moe;

/**
 * The selection step shared by DeepSeek's grouped routers (HF DeepseekV2Moe group_limited_greedy,
 * DeepseekV3TopkRouter.get_topk_indices): experts form {@code groups} groups of consecutive ids;
 * keep the {@code topkGroups} groups with the largest group score, set the choice score of every
 * expert outside them to 0.0 (HF {@code masked_fill(~mask, 0.0)}: with V3's biased scores a
 * masked expert can still win over a negative kept one, exactly as in HF), then take the top-k
 * of the choice scores. Ties go to the lower id (torch.topk leaves them unspecified). Reusable
 * scratch; not thread-safe.
 */
final class GroupedTopK {

    private final int experts;
    private final int groups;
    private final int groupSize;
    private final int topkGroups;
    private final float[] choice;
    private final float[] groupScore;
    private final boolean[] keptGroup;

    GroupedTopK(int experts, int groups, int topkGroups) {
        this.experts = experts;
        this.groups = groups;
        this.groupSize = experts / groups;
        this.topkGroups = topkGroups;
        this.choice = new float[experts];
        this.groupScore = new float[groups];
        this.keptGroup = new boolean[groups];
    }

    /** Group score rule: V2 the max score in the group, V3 the sum of its two largest. */
    enum GroupScore { MAX, SUM_OF_TOP_2 }

    /**
     * Writes the chosen expert ids into {@code chosen[0..k)}, by descending choice score.
     *
     * @param scores one token's choice scores {@code [experts]} from {@code off}
     */
    void select(float[] scores, int off, GroupScore rule, int k, int[] chosen) {
        if (groups > 1) {
            for (int g = 0; g < groups; g++) {
                groupScore[g] = score(scores, off + g * groupSize, rule);
                keptGroup[g] = false;
            }
            for (int i = 0; i < topkGroups; i++) {
                int best = -1;
                for (int g = 0; g < groups; g++) {
                    if (!keptGroup[g] && (best < 0 || groupScore[g] > groupScore[best])) {
                        best = g;
                    }
                }
                keptGroup[best] = true;
            }
        }
        for (int e = 0; e < experts; e++) {
            choice[e] = groups == 1 || keptGroup[e / groupSize] ? scores[off + e] : 0f;
        }
        for (int s = 0; s < k; s++) {
            int best = -1;
            for (int e = 0; e < experts; e++) {
                if (!Float.isNaN(choice[e]) && (best < 0 || choice[e] > choice[best])) {
                    best = e;
                }
            }
            chosen[s] = best;
            choice[best] = Float.NaN; // taken
        }
    }

    private float score(float[] s, int from, GroupScore rule) {
        float first = Float.NEGATIVE_INFINITY;
        float second = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < groupSize; i++) {
            float v = s[from + i];
            if (v > first) {
                second = first;
                first = v;
            } else if (v > second) {
                second = v;
            }
        }
        return rule == GroupScore.MAX ? first : first + second;
    }
}
