package dev.janus.comm.dispatch;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.MlpWeights;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.SwiGlu;

import java.util.Arrays;

/**
 * The MoE-instance side of a layer step: runs the rows of an {@link InstanceBatch} grouped by
 * physical expert, so each hosted expert's weights are read once per step whatever the number
 * of tokens, and returns unweighted outputs. Serves one batch at a time (its scratch is reused).
 */
public final class ExpertWorker {

    /** The logical expert a physical id holds, per layer (from the PlacementEpoch). */
    @FunctionalInterface
    public interface PhysicalToLogical {
        int logical(int layer, int physical);
    }

    private final ModelWeights weights;
    private final PhysicalToLogical placement;
    private final SwiGlu swiGlu;
    private int[] order = new int[0];      // slot indices grouped by physical expert
    private int[] outputRow = new int[0];  // slot index -> output row
    private int[] sorted = new int[0];
    private int[] counts = new int[0];
    private float[] gathered = new float[0];
    private float[] result = new float[0];

    public ExpertWorker(ModelWeights weights, PhysicalToLogical placement, MatmulKernel matmul) {
        this.weights = weights;
        this.placement = placement;
        this.swiGlu = new SwiGlu(matmul);
    }

    public synchronized InstanceResult execute(InstanceBatch b) {
        int h = b.hiddenSize();
        int slots = b.tokens() * b.topK();
        ensure(slots, h);
        int rows = 0;
        int grouped = 0;
        for (int i = 0; i < slots; i++) {
            outputRow[i] = b.physicalExperts()[i] >= 0 ? rows++ : -1;
            if (outputRow[i] >= 0) {
                order[grouped++] = i;
            }
        }
        // group slots by physical expert (stable: slot order within an expert)
        sortByExpert(b.physicalExperts(), grouped);
        float[] out = new float[rows * h];
        MlpWeights[] experts = weights.layers()[b.layer()].moe().experts();
        for (int start = 0; start < grouped; ) {
            int physical = b.physicalExperts()[order[start]];
            int end = start;
            while (end < grouped && b.physicalExperts()[order[end]] == physical) {
                end++;
            }
            int logical = placement.logical(b.layer(), physical);
            MlpWeights expert = logical >= 0 && logical < experts.length ? experts[logical] : null;
            if (expert == null) {
                throw new IllegalArgumentException("layer " + b.layer() + ": physical expert " + physical
                        + " (logical " + logical + ") is not hosted by this instance");
            }
            int n = end - start;
            for (int i = 0; i < n; i++) {
                int token = order[start + i] / b.topK();
                System.arraycopy(b.hidden(), token * h, gathered, i * h, h);
            }
            swiGlu.apply(expert, gathered, n, result);
            for (int i = 0; i < n; i++) {
                System.arraycopy(result, i * h, out, outputRow[order[start + i]] * h, h);
            }
            start = end;
        }
        return new InstanceResult(b.stepId(), b.layer(), rows, out);
    }

    /** Stable counting sort of order[0..n) by physical expert id. */
    private void sortByExpert(int[] physical, int n) {
        int max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, physical[order[i]]);
        }
        if (counts.length < max + 2) {
            counts = new int[max + 2];
        }
        Arrays.fill(counts, 0, max + 2, 0);
        for (int i = 0; i < n; i++) {
            counts[physical[order[i]] + 1]++;
        }
        for (int e = 0; e <= max; e++) {
            counts[e + 1] += counts[e];
        }
        if (sorted.length < n) {
            sorted = new int[order.length];
        }
        for (int i = 0; i < n; i++) {
            sorted[counts[physical[order[i]]]++] = order[i];
        }
        System.arraycopy(sorted, 0, order, 0, n);
    }

    private void ensure(int slots, int h) {
        if (order.length < slots) {
            order = new int[slots];
            outputRow = new int[slots];
        }
        if (gathered.length < slots * h) {
            gathered = new float[slots * h];
            result = new float[slots * h];
        }
        Arrays.fill(outputRow, 0, slots, -1);
    }
}
