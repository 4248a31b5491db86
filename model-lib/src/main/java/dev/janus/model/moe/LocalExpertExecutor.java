package dev.janus.model.moe;

import dev.janus.model.model.ModelWeights;

/**
 * Runs routed experts in this process with the {@link GroupedExpertFfn}. Physical ids map to
 * logical experts through the plan's placement (the identity when the planner sets none).
 */
public final class LocalExpertExecutor implements ExpertExecutor {

    private final ModelWeights weights;
    private final int hidden;
    private final GroupedExpertFfn ffn;

    public LocalExpertExecutor(ModelWeights weights, int hidden, SwiGlu swiGlu) {
        this.weights = weights;
        this.hidden = hidden;
        this.ffn = new GroupedExpertFfn(swiGlu);
    }

    @Override
    public void execute(int layer, DispatchPlan plan, float[] x, float[] out) {
        ffn.run(weights.layers()[layer].moe().experts(), layer, plan, x, hidden, out);
    }
}
