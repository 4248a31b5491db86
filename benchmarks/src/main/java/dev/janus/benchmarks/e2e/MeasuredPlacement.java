package dev.janus.benchmarks.e2e;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.ActivationStatistics;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;

import java.io.PrintStream;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The placement a placement service would make for the workload (paper §3.4, EPLB's rule):
 * decode the workload on the monolithic engine with comm-lib's {@link ActivationStatistics} as
 * routing observer (as attention-service records it), then replicate each layer's hottest
 * experts ({@link PlacementEpoch#roundRobin} with the measured per-expert token counts). The
 * measuring run uses its own token seed, so the timed run sees the same distribution, not the
 * same tokens.
 */
final class MeasuredPlacement {

    private MeasuredPlacement() {
    }

    static PlacementEpoch measure(Model model, ComputePool pool, ZipfTokens tokens, E2eOptions o, PrintStream out) {
        var config = model.config();
        int layers = config.numLayers();
        int experts = config.numExperts();
        int batch = 32;
        ActivationStatistics stats = new ActivationStatistics(layers, experts, Duration.ofDays(1), 1);
        boolean[] recording = {false}; // decode steps only: the prompts' prefill is not the workload being timed
        InferenceEngine engine = new InferenceEngine(model, new VectorMatmulKernel(pool), pool,
                EngineOptions.forTokens(batch * (DecodeRun.PROMPT + o.placementSteps() + 16))
                        .withRoutingObserver((layer, routing) -> {
                            if (recording[0]) {
                                stats.onRouting(layer, routing);
                            }
                        }));
        try (DecodeRun run = new DecodeRun(engine, tokens, new SplittableRandom(-1), batch)) {
            recording[0] = true;
            for (int s = 0; s < o.placementSteps(); s++) {
                run.step();
            }
        }
        ActivationSnapshot snapshot = stats.snapshot();
        long[][] load = new long[layers][experts];
        for (int l = 0; l < layers; l++) {
            for (int e = 0; e < experts; e++) {
                load[l][e] = snapshot.count(l, e);
            }
        }
        PlacementEpoch epoch = PlacementEpoch.roundRobin(1, layers, experts, o.instances(),
                o.redundantSlots(experts), load);
        print(epoch, load, o, out);
        return epoch;
    }

    private static void print(PlacementEpoch epoch, long[][] load, E2eOptions o, PrintStream out) {
        out.printf("placement from %d decode steps at batch 32 (ActivationStatistics -> PlacementEpoch.roundRobin"
                        + " with the counts): N = %d instances x C = %d slots, %d redundant slots per layer%n",
                o.placementSteps(), epoch.instances(), epoch.slotsPerInstance(), o.redundantSlots(epoch.logicalExperts()));
        for (int l = 0; l < load.length; l++) {
            long total = 0;
            long max = 0;
            for (long c : load[l]) {
                total += c;
                max = Math.max(max, c);
            }
            if (total == 0) {
                continue; // dense layer
            }
            LayerPlacement lp = epoch.layer(l);
            StringBuilder hosts = new StringBuilder();
            for (int i = 0; i < epoch.instances(); i++) {
                hosts.append(i == 0 ? "" : " |");
                for (int c = 0; c < lp.slotsPerInstance(); c++) {
                    int e = lp.logicalOf(i * lp.slotsPerInstance() + c);
                    hosts.append(' ').append(e == LayerPlacement.EMPTY ? "-" : e + (lp.replicaCount(e) > 1 ? "*" : ""));
                }
            }
            out.printf("  layer %d: hottest expert %.2fx the mean, coldest %.2fx; instances:%s  (* = replicated)%n",
                    l, max * (double) load[l].length / total, min(load[l]) * (double) load[l].length / total, hosts);
        }
    }

    private static long min(long[] a) {
        long m = Long.MAX_VALUE;
        for (long v : a) {
            m = Math.min(m, v);
        }
        return m;
    }
}
