package dev.janus.model.moe;

/**
 * Stage 3 of the MoE step: runs the routed expert FFNs for the rows of a dispatch plan and
 * returns their UNWEIGHTED outputs; weights are applied by {@link TopKCombiner} only.
 * Local execution is {@link LocalExpertExecutor}; comm-lib provides remote executors.
 */
public interface ExpertExecutor {

    /**
     * @param layer  decoder layer
     * @param plan   rows grouped by physical expert
     * @param x      normalised hidden states {@code [tokens, hidden]}
     * @param out    receives {@code [tokens * topK, hidden]}: row {@code t*k+s} is the output of
     *               the expert serving (t, s) on x[t]
     */
    void execute(int layer, DispatchPlan plan, float[] x, float[] out);
}
