package dev.janus.comm.dispatch;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.moe.DispatchPlan;

/**
 * The attention side of dispatch and the scatter half of combine: cuts a layer step's
 * {@link DispatchPlan} into one {@link InstanceBatch} per MoE instance that has work, and writes
 * the instances' unweighted outputs back to their (token, slot) rows. Weights are applied later
 * by the combiner (TopKCombiner), never here. Everything is computed under the one epoch the
 * layer step acquired (physical id p lives on instance {@code epoch.instanceOf(p)}).
 */
public final class BatchSplitter {

    private BatchSplitter() {
    }

    /** One batch per instance with work, indexed by instance (null where an instance has none). */
    public static InstanceBatch[] split(long stepId, PlacementEpoch epoch, int layer, DispatchPlan plan, float[] x,
                                       int hidden) {
        int instances = epoch.instances();
        int k = plan.topK();
        int tokens = plan.tokens();
        int[] count = new int[instances];
        int[] lastToken = new int[instances];
        java.util.Arrays.fill(lastToken, -1);
        for (int t = 0; t < tokens; t++) {
            for (int s = 0; s < k; s++) {
                int inst = epoch.instanceOf(plan.physical(t * k + s));
                if (lastToken[inst] != t) {
                    lastToken[inst] = t;
                    count[inst]++;
                }
            }
        }
        InstanceBatch[] out = new InstanceBatch[instances];
        int[][] tokenIndex = new int[instances][];
        for (int inst = 0; inst < instances; inst++) {
            if (count[inst] > 0) {
                tokenIndex[inst] = new int[count[inst]];
                out[inst] = new InstanceBatch(stepId, layer, epoch.version(), tokenIndex[inst], new float[count[inst] * hidden],
                        hidden, k, new int[count[inst] * k]);
                java.util.Arrays.fill(out[inst].physicalExperts(), -1);
            }
        }
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(lastToken, -1);
        for (int t = 0; t < tokens; t++) {
            for (int s = 0; s < k; s++) {
                int p = plan.physical(t * k + s);
                int inst = epoch.instanceOf(p);
                InstanceBatch b = out[inst];
                if (lastToken[inst] != t) {
                    lastToken[inst] = t;
                    tokenIndex[inst][count[inst]] = t;
                    System.arraycopy(x, t * hidden, b.hidden(), count[inst] * hidden, hidden);
                    count[inst]++;
                }
                b.physicalExperts()[(count[inst] - 1) * k + s] = p;
            }
        }
        return out;
    }

    /**
     * The rows of {@code failed} re-addressed to {@code target} physical experts ([tokens, k],
     * -1 where the slot had no row), one batch per target instance, under a new step id (the
     * target may still owe its own answer for the original step).
     */
    public static java.util.List<InstanceBatch> regroup(InstanceBatch failed, int[] target, PlacementEpoch epoch,
                                                       long stepId) {
        int k = failed.topK();
        int h = failed.hiddenSize();
        java.util.Map<Integer, java.util.List<Integer>> tokensOf = new java.util.TreeMap<>();
        for (int i = 0; i < failed.tokens(); i++) {
            for (int s = 0; s < k; s++) {
                int p = target[i * k + s];
                if (p >= 0) {
                    java.util.List<Integer> list = tokensOf.computeIfAbsent(epoch.instanceOf(p),
                            inst -> new java.util.ArrayList<>());
                    if (list.isEmpty() || list.getLast() != i) {
                        list.add(i);
                    }
                }
            }
        }
        java.util.List<InstanceBatch> out = new java.util.ArrayList<>();
        for (var e : tokensOf.entrySet()) {
            int inst = e.getKey();
            java.util.List<Integer> local = e.getValue();
            int n = local.size();
            int[] tokenIndex = new int[n];
            float[] rows = new float[n * h];
            int[] physical = new int[n * k];
            for (int j = 0; j < n; j++) {
                int i = local.get(j);
                tokenIndex[j] = failed.tokenIndex()[i];
                System.arraycopy(failed.hidden(), i * h, rows, j * h, h);
                for (int s = 0; s < k; s++) {
                    int p = target[i * k + s];
                    physical[j * k + s] = p >= 0 && epoch.instanceOf(p) == inst ? p : -1;
                }
            }
            out.add(new InstanceBatch(stepId, failed.layer(), failed.epoch(), tokenIndex, rows, h, k, physical));
        }
        return out;
    }

    /** Copies an instance's output rows to {@code out[(token·k + slot)·hidden]}. */
    public static void scatter(InstanceBatch batch, InstanceResult result, float[] out) {
        int h = batch.hiddenSize();
        int k = batch.topK();
        if (result.rows() != batch.rows() || result.outputs().length < result.rows() * h) {
            throw new IllegalStateException("layer " + batch.layer() + " step " + batch.stepId() + ": expected "
                    + batch.rows() + " output rows, got " + result.rows());
        }
        int row = 0;
        for (int i = 0; i < batch.tokens(); i++) {
            int t = batch.tokenIndex()[i];
            for (int s = 0; s < k; s++) {
                if (batch.physicalExperts()[i * k + s] >= 0) {
                    System.arraycopy(result.outputs(), row * h, out, (t * k + s) * h, h);
                    row++;
                }
            }
        }
    }
}
