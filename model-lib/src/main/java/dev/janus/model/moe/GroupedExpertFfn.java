package dev.janus.model.moe;

import dev.janus.model.model.MlpWeights;

/**
 * The grouped expert FFN of one layer step, the only one in the project: the rows of each
 * physical expert are gathered into one block so its weights are read once per step however many
 * tokens chose it, run through SwiGLU, and scattered back to their (token, slot) rows. Used by
 * {@link LocalExpertExecutor} (experts in the engine's process) and by comm-lib's ExpertWorker
 * (a MoE instance). Reuses its scratch: one step at a time.
 */
public final class GroupedExpertFfn {

    private final SwiGlu swiGlu;
    private float[] gathered = new float[0]; // [rows, hidden]
    private float[] result = new float[0];   // [rows, hidden]

    public GroupedExpertFfn(SwiGlu swiGlu) {
        this.swiGlu = swiGlu;
    }

    /**
     * @param experts the layer's expert weights by logical id (null where not hosted here)
     * @param plan    rows of the step; {@link DispatchPlan#logicalOf} maps its physical ids
     * @param x       {@code [tokens, hidden]}: row {@code r} reads token {@code r / topK}
     * @param out     receives {@code [rows, hidden]}, row {@code r} = expert output for row r
     * @throws IllegalArgumentException when a row's expert is not hosted here
     */
    public void run(MlpWeights[] experts, int layer, DispatchPlan plan, float[] x, int hidden, float[] out) {
        int k = plan.topK();
        for (int p = 0; p < plan.physicalExperts(); p++) {
            int n = plan.groupSize(p);
            if (n == 0) {
                continue;
            }
            int logical = plan.logicalOf(layer, p);
            MlpWeights expert = logical >= 0 && logical < experts.length ? experts[logical] : null;
            if (expert == null) {
                throw new IllegalArgumentException("layer " + layer + ": physical expert " + p + " (logical " + logical
                        + ") is not hosted here");
            }
            ensure(n, hidden);
            for (int i = 0; i < n; i++) {
                int token = plan.groupRow(p, i) / k;
                System.arraycopy(x, token * hidden, gathered, i * hidden, hidden);
            }
            swiGlu.apply(expert, gathered, n, result);
            for (int i = 0; i < n; i++) {
                System.arraycopy(result, i * hidden, out, plan.groupRow(p, i) * hidden, hidden);
            }
        }
    }

    private void ensure(int rows, int hidden) {
        if (gathered.length < rows * hidden) {
            gathered = new float[rows * hidden];
            result = new float[rows * hidden];
        }
    }
}
