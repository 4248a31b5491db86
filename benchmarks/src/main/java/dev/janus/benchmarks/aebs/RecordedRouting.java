package dev.janus.benchmarks.aebs;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Routing recorded from a real model run ({@link RoutingTraceRecorder}), replayed as batches: a
 * batch of T tokens is T consecutive recorded tokens of one layer (random layer, random start),
 * i.e. the tokens of T concurrent sequences drawn from the recorded distribution. The placement
 * replicates by the trace's per-layer counts, as the placement service would from the
 * activation statistics.
 */
public final class RecordedRouting implements RoutingSource {

    private final int experts;
    private final int topK;
    private final int[][] ids;    // [layer][token * topK + slot] recorded logical experts
    private final long[][] load;  // [layer][expert] activations in the trace
    private final int[] recordedLayers; // layers with routing (a dense first layer has none)

    public RecordedRouting(RoutingTraceReader.Trace trace) {
        this.experts = trace.experts();
        this.topK = trace.topK();
        int layers = 0;
        for (RoutingTraceReader.Entry e : trace.entries()) {
            layers = Math.max(layers, e.layer() + 1);
        }
        int[] tokens = new int[layers];
        for (RoutingTraceReader.Entry e : trace.entries()) {
            tokens[e.layer()] += e.routing().tokens();
        }
        ids = new int[layers][];
        load = new long[layers][experts];
        int[] filled = new int[layers];
        for (int l = 0; l < layers; l++) {
            ids[l] = new int[tokens[l] * topK];
        }
        recordedLayers = IntStream.range(0, layers).filter(l -> tokens[l] > 0).toArray();
        for (RoutingTraceReader.Entry e : trace.entries()) {
            RoutingDecision r = e.routing();
            int l = e.layer();
            for (int t = 0; t < r.tokens(); t++) {
                for (int s = 0; s < topK; s++) {
                    int x = r.expert(t, s);
                    ids[l][filled[l]++] = x;
                    load[l][x]++;
                }
            }
        }
    }

    public int experts() {
        return experts;
    }

    public int topK() {
        return topK;
    }

    /** Layers with recorded routing. */
    public int layers() {
        return recordedLayers.length;
    }

    /** Recorded tokens of the layer with the fewest (every batch must fit in one layer). */
    public int minTokensPerLayer() {
        int min = Integer.MAX_VALUE;
        for (int l : recordedLayers) {
            min = Math.min(min, ids[l].length / topK);
        }
        return min;
    }

    /** Hottest expert's share of a layer's activations over the mean's, averaged over layers. */
    public double meanImbalance() {
        double sum = 0;
        for (int layer : recordedLayers) {
            long[] l = load[layer];
            long max = 0;
            long total = 0;
            for (long c : l) {
                max = Math.max(max, c);
                total += c;
            }
            sum += total == 0 ? 0 : max * (double) experts / total;
        }
        return sum / recordedLayers.length;
    }

    @Override
    public PlacementEpoch placement(int instances, int redundant) {
        return PlacementEpoch.roundRobin(1, ids.length, experts, instances, redundant, load);
    }

    @Override
    public int fill(RoutingDecision routing, SplittableRandom random, int tokens, int topK) {
        if (topK != this.topK) {
            throw new IllegalArgumentException("the trace has top-" + this.topK + ", asked for top-" + topK);
        }
        int layer = recordedLayers[random.nextInt(recordedLayers.length)];
        int available = ids[layer].length / topK;
        if (tokens > available) {
            throw new IllegalArgumentException("batch of " + tokens + " tokens, layer " + layer + " recorded " + available);
        }
        int start = random.nextInt(available - tokens + 1);
        routing.reset(tokens, topK);
        for (int t = 0; t < tokens; t++) {
            for (int s = 0; s < topK; s++) {
                routing.set(t, s, ids[layer][(start + t) * topK + s], 1f / topK);
            }
        }
        return layer;
    }
}
