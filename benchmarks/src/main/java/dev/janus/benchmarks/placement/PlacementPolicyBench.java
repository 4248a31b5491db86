package dev.janus.benchmarks.placement;

import dev.janus.comm.placement.policy.ActivationPredictor;
import dev.janus.comm.placement.policy.ClusterShape;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.JanusOptions;
import dev.janus.comm.placement.policy.JanusPolicy;
import dev.janus.comm.placement.policy.PlacementEvaluator;
import dev.janus.comm.placement.policy.PlanEffect;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.moe.RoutingDecision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Time of a full placement plan per policy, and its quality, for a DeepSeek-V3-sized model by
 * default: 61 MoE layers x 256 experts, top-8, 64 MoE instances, 32 redundant slots per layer
 * (C = 5). Statistics come from {@link ClusteredRouting} (Zipf 1.0, 32 clusters, 60 % of a
 * token's experts from its cluster), {@code statTokens} tokens per layer; quality is replayed on
 * held-out batches of the same routing through {@code aebs-rep} ({@link PlacementEvaluator}).
 * Each policy plans {@code warmup} times untimed, then {@code runs} times timed (single thread).
 *
 * <p>{@code java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.janus.benchmarks.placement.PlacementPolicyBench [layers experts instances redundant topK
 * statTokens warmup runs maxSwapEvaluations]} (defaults 61 256 64 32 8 8192 3 5 and janus's default)
 */
public final class PlacementPolicyBench {

    public static void main(String[] args) {
        int layers = arg(args, 0, 61);
        int experts = arg(args, 1, 256);
        int instances = arg(args, 2, 64);
        int redundant = arg(args, 3, 32);
        int topK = arg(args, 4, 8);
        int statTokens = arg(args, 5, 8192);
        int warmup = arg(args, 6, 3);
        int runs = arg(args, 7, 5);
        JanusOptions janus = JanusOptions.DEFAULTS.withMaxSwapEvaluations(
                arg(args, 8, (int) JanusOptions.DEFAULTS.maxSwapEvaluations()));
        ClusterShape shape = ClusterShape.forRedundantSlots(experts, instances, redundant, 0);
        System.out.printf(Locale.ROOT, "shape: %d layers x %d experts, top-%d, N = %d, C = %d, R = %d; %d cores%n",
                layers, experts, topK, instances, shape.slotsPerInstance(), redundant,
                Runtime.getRuntime().availableProcessors());

        long[] counts = new long[layers * experts];
        long[] pairs = new long[layers * experts * experts];
        List<RoutingTraceReader.Entry> heldOut = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        RoutingDecision r = new RoutingDecision();
        for (int l = 0; l < layers; l++) {
            ClusteredRouting routing = new ClusteredRouting(experts, 32, 1.0, 0.6, 1000 + l);
            routing.fill(r, random, statTokens, topK);
            count(r, l, experts, counts, pairs);
            for (int b = 0; b < 16; b++) {
                RoutingDecision batch = new RoutingDecision();
                routing.fill(batch, random, 64, topK);
                heldOut.add(new RoutingTraceReader.Entry(l, batch));
            }
        }
        ExpertLoad load = new ExpertLoad(layers, experts, counts);
        CoActivation co = new CoActivation(layers, experts, pairs);
        ActivationPredictor predictor = new ActivationPredictor(load, co, janus);
        PlacementEvaluator evaluator = new PlacementEvaluator();

        System.out.println("policy       | plan ms min / median / max | predicted a_max | replayed a_max (p99) | max rows");
        for (String name : PlacementPolicy.names().reversed()) {
            PlacementPolicy policy = name.equals(JanusPolicy.NAME) ? new JanusPolicy(janus) : PlacementPolicy.fromName(name);
            Placement placement = null;
            for (int w = 0; w < warmup; w++) {
                placement = policy.plan(load, co, shape, Pins.NONE, redundant);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                placement = policy.plan(load, co, shape, Pins.NONE, redundant);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            double predicted = 0;
            for (int l = 0; l < layers; l++) {
                predicted += predictor.predictedAMax(placement, l) / layers;
            }
            PlanEffect effect = evaluator.evaluate(placement, heldOut);
            double p99 = effect.layers().stream().mapToDouble(e -> e.p99AMax()).average().orElse(0);
            System.out.printf(Locale.ROOT, "%-12s | %7.1f / %7.1f / %7.1f  | %15.3f | %12.3f (%5.2f) | %8.2f%n",
                    name, ms[0], ms[runs / 2], ms[runs - 1], predicted, effect.meanAMax(), p99, effect.meanMaxTokens());
        }
    }

    private static void count(RoutingDecision r, int layer, int experts, long[] counts, long[] pairs) {
        int k = r.topK();
        for (int t = 0; t < r.tokens(); t++) {
            for (int s = 0; s < k; s++) {
                int e = r.expert(t, s);
                counts[layer * experts + e]++;
                pairs[(layer * experts + e) * experts + e]++;
                for (int s2 = 0; s2 < s; s2++) {
                    int f = r.expert(t, s2);
                    pairs[(layer * experts + e) * experts + f]++;
                    pairs[(layer * experts + f) * experts + e]++;
                }
            }
        }
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }
}
