package dev.janus.placement.support;

import dev.janus.comm.stats.ActivationSnapshot;

/** Activation snapshots for tests: per-layer counts and pairs, the same in every layer unless a layer is named. */
public final class Snapshots {

    private final int layers;
    private final int experts;
    private final long[] counts;
    private final long[] pairs;

    public Snapshots(int layers, int experts) {
        this.layers = layers;
        this.experts = experts;
        this.counts = new long[layers * experts];
        this.pairs = new long[layers * experts * experts];
    }

    /** {@code tokens} tokens chose both {@code a} and {@code b} (top-2), in every layer. */
    public Snapshots tokens(int a, int b, long tokens) {
        for (int l = 0; l < layers; l++) {
            counts[l * experts + a] += tokens;
            counts[l * experts + b] += tokens;
            pairs[(l * experts + Math.min(a, b)) * experts + Math.max(a, b)] += tokens;
        }
        return this;
    }

    /** {@code tokens} tokens chose both {@code a} and {@code b} (top-2) in {@code layer} only. */
    public Snapshots tokens(int layer, int a, int b, long tokens) {
        counts[layer * experts + a] += tokens;
        counts[layer * experts + b] += tokens;
        pairs[(layer * experts + Math.min(a, b)) * experts + Math.max(a, b)] += tokens;
        return this;
    }

    public ActivationSnapshot build() {
        return new ActivationSnapshot(layers, experts, 600_000, counts.clone(), pairs.clone());
    }
}
