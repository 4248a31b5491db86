package dev.janus.comm.placement.policy;

import dev.janus.comm.stats.ActivationSnapshot;
import java.util.Arrays;

/**
 * Tokens routed to each logical expert of each MoE layer over a statistics window: the
 * {@code weight} input of DeepSeek EPLB's {@code rebalance_experts}, one row per layer.
 *
 * <p>Immutable: the array is copied in and out.
 *
 * @param layers  MoE layers L
 * @param experts logical experts per layer E
 * @param counts  {@code [L * E]} row-major, non-negative
 */
public record ExpertLoad(int layers, int experts, long[] counts) {

    public ExpertLoad {
        if (layers <= 0 || experts <= 0) {
            throw new IllegalArgumentException("expert load needs layers > 0 and experts > 0, got "
                    + layers + " x " + experts);
        }
        if (counts.length != layers * experts) {
            throw new IllegalArgumentException("expert load of " + layers + " x " + experts + " needs "
                    + layers * experts + " counts, got " + counts.length);
        }
        counts = counts.clone();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("layer " + i / experts + ", expert " + i % experts
                        + ": negative load " + counts[i]);
            }
        }
    }

    /** The per-expert token counts of a statistics snapshot. */
    public static ExpertLoad of(ActivationSnapshot snapshot) {
        return new ExpertLoad(snapshot.layers(), snapshot.experts(), snapshot.counts());
    }

    /** One row per layer: {@code perLayer[layer][expert]}. */
    public static ExpertLoad of(long[][] perLayer) {
        int experts = perLayer.length == 0 ? 0 : perLayer[0].length;
        long[] counts = new long[perLayer.length * experts];
        for (int l = 0; l < perLayer.length; l++) {
            if (perLayer[l].length != experts) {
                throw new IllegalArgumentException("layer " + l + " has " + perLayer[l].length
                        + " experts, layer 0 has " + experts);
            }
            System.arraycopy(perLayer[l], 0, counts, l * experts, experts);
        }
        return new ExpertLoad(perLayer.length, experts, counts);
    }

    /** Every expert loaded equally (count 1): what a policy assumes without statistics. */
    public static ExpertLoad uniform(int layers, int experts) {
        long[] counts = new long[Math.max(0, layers * experts)];
        Arrays.fill(counts, 1L);
        return new ExpertLoad(layers, experts, counts);
    }

    public long count(int layer, int expert) {
        return counts[layer * experts + expert];
    }

    /** A copy of one layer's counts, {@code [E]}. */
    public long[] layer(int layer) {
        return Arrays.copyOfRange(counts, layer * experts, (layer + 1) * experts);
    }

    /** Sum of one layer's counts: tokens × top-k of the window. */
    public long total(int layer) {
        long sum = 0;
        for (int e = 0; e < experts; e++) {
            sum += counts[layer * experts + e];
        }
        return sum;
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpertLoad other && layers == other.layers && experts == other.experts
                && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layers + experts) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ExpertLoad[layers=" + layers + ", experts=" + experts + "]";
    }
}
