package dev.janus.model.moe;

import dev.janus.model.model.MlpWeights;
import dev.janus.model.model.ModelWeights;

/**
 * Runs routed experts in this process, grouped by expert: the rows of each expert are gathered
 * into one block so its weights are read once per step, then scattered back to their
 * (token, slot) rows. Physical expert ids index {@code experts} of the layer via
 * {@code physicalToLogical} (identity when there are no replicas).
 */
public final class LocalExpertExecutor implements ExpertExecutor {

    private final ModelWeights weights;
    private final int hidden;
    private final SwiGlu swiGlu;
    private final PhysicalExperts physicalExperts;
    private float[] gathered = new float[0]; // [rows, hidden]
    private float[] result = new float[0];   // [rows, hidden]

    /** Maps a physical expert id to the logical expert whose weights it holds. */
    @FunctionalInterface
    public interface PhysicalExperts {
        int logical(int layer, int physical);
    }

    public LocalExpertExecutor(ModelWeights weights, int hidden, SwiGlu swiGlu, PhysicalExperts physicalExperts) {
        this.weights = weights;
        this.hidden = hidden;
        this.swiGlu = swiGlu;
        this.physicalExperts = physicalExperts;
    }

    /** One copy of every expert: physical id = logical id. */
    public LocalExpertExecutor(ModelWeights weights, int hidden, SwiGlu swiGlu) {
        this(weights, hidden, swiGlu, (layer, physical) -> physical);
    }

    @Override
    public void execute(int layer, DispatchPlan plan, float[] x, float[] out) {
        MlpWeights[] experts = weights.layers()[layer].moe().experts();
        int k = plan.topK();
        for (int p = 0; p < plan.physicalExperts(); p++) {
            int n = plan.groupSize(p);
            if (n == 0) {
                continue;
            }
            int logical = physicalExperts.logical(layer, p);
            MlpWeights expert = experts[logical];
            if (expert == null) {
                throw new IllegalStateException("layer " + layer + ": expert " + logical + " is not hosted here");
            }
            ensure(n);
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

    private void ensure(int rows) {
        if (gathered.length < rows * hidden) {
            gathered = new float[rows * hidden];
            result = new float[rows * hidden];
        }
    }
}
