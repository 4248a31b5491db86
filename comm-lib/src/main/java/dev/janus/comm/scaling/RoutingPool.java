package dev.janus.comm.scaling;

import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.SyntheticRouting;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Routed tokens per layer, from which batches of any size are cut for replay: a recorded trace
 * (RoutingTraceReader entries, concatenated per layer in recorded order) or SyntheticRouting drawn
 * from statistics. Tokens are taken as exchangeable, so consecutive tokens form a batch; batch
 * indices beyond the pool wrap around (ReplayedAMax refuses a pool smaller than its largest
 * batch, which would repeat tokens within one batch). Immutable.
 *
 * @param experts E
 * @param topK    k
 * @param layers  the load's layer index of each pooled layer
 * @param rows    {@code [layer][token * k + slot]} logical expert ids
 */
public record RoutingPool(int experts, int topK, int[] layers, int[][] rows) {

    public RoutingPool {
        if (experts <= 0 || topK <= 0 || layers.length == 0 || layers.length != rows.length) {
            throw new IllegalArgumentException("a routing pool needs experts, topK > 0 and at least one layer");
        }
        for (int[] r : rows) {
            if (r.length == 0 || r.length % topK != 0) {
                throw new IllegalArgumentException("every pooled layer needs whole tokens of " + topK + " rows");
            }
        }
        layers = layers.clone();
        rows = Arrays.stream(rows).map(int[]::clone).toArray(int[][]::new);
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    @Override
    public int[][] rows() {
        return Arrays.stream(rows).map(int[]::clone).toArray(int[][]::new);
    }

    /** Pools the layers a trace has, in ascending layer order. */
    public static RoutingPool fromTrace(RoutingTraceReader.Trace trace) {
        TreeMap<Integer, List<RoutingDecision>> perLayer = new TreeMap<>();
        for (RoutingTraceReader.Entry e : trace.entries()) {
            if (e.routing().topK() != trace.topK()) {
                throw new IllegalArgumentException("a decision of layer " + e.layer() + " has top-" + e.routing().topK()
                        + ", the trace top-" + trace.topK());
            }
            perLayer.computeIfAbsent(e.layer(), l -> new ArrayList<>()).add(e.routing());
        }
        if (perLayer.isEmpty()) {
            throw new IllegalArgumentException("the routing trace has no decisions");
        }
        int[] layers = perLayer.keySet().stream().mapToInt(Integer::intValue).toArray();
        int[][] rows = new int[layers.length][];
        for (int i = 0; i < layers.length; i++) {
            List<RoutingDecision> decisions = perLayer.get(layers[i]);
            rows[i] = new int[decisions.stream().mapToInt(d -> d.tokens() * trace.topK()).sum()];
            int at = 0;
            for (RoutingDecision d : decisions) {
                for (int r = 0; r < d.tokens() * d.topK(); r++) {
                    rows[i][at++] = d.expertOfRow(r);
                }
            }
        }
        return new RoutingPool(trace.experts(), trace.topK(), layers, rows);
    }

    /** {@code tokens} synthetic tokens for each of {@code layers} of the load (SyntheticRouting). */
    public static RoutingPool synthetic(ExpertLoad load, CoActivation coActivation, int topK, int[] layers, int tokens,
                                        long seed) {
        List<RoutingTraceReader.Entry> entries = SyntheticRouting.batches(LayerSubset.load(load, layers),
                LayerSubset.coActivation(coActivation, layers), 1, tokens, topK, seed);
        return fromTrace(new RoutingTraceReader.Trace(load.experts(), topK, entries)).withLayers(layers);
    }

    private RoutingPool withLayers(int[] loadLayers) {
        return new RoutingPool(experts, topK, loadLayers, rows);
    }

    /** Pooled layers. */
    public int layerCount() {
        return rows.length;
    }

    public int tokens(int pooledLayer) {
        return rows[pooledLayer].length / topK;
    }

    /** Batch {@code index} of {@code size} tokens of a pooled layer, into {@code out}. */
    public void batch(int pooledLayer, int index, int size, RoutingDecision out) {
        int[] r = rows[pooledLayer];
        int tokens = tokens(pooledLayer);
        out.reset(size, topK);
        long start = (long) index * size;
        for (int t = 0; t < size; t++) {
            int token = (int) ((start + t) % tokens);
            for (int s = 0; s < topK; s++) {
                out.set(t, s, r[token * topK + s], 1f / topK);
            }
        }
    }
}
