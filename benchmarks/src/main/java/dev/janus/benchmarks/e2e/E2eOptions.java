package dev.janus.benchmarks.e2e;

import dev.janus.comm.scheduling.SchedulingPolicy;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Settings of {@link SchedulingEndToEndBenchmark}, from {@code --name value} pairs.
 *
 * @param model          model directory; generated (make-model, seed 0) when it has no config.json
 * @param family         make-model family when generating
 * @param preset         make-model preset when generating
 * @param instances      MoE instances N, each on its own gRPC server with a one-thread pool
 * @param redundant      redundant slots per layer as a share of the experts (0.25: E = 16 → 4)
 * @param zipf           Zipf exponent of the token stream (0 = uniform tokens)
 * @param batches        decode batch sizes
 * @param rounds         ABBA rounds per batch size (each runs both policies for one block)
 * @param block          decode steps per policy and round
 * @param warmSteps      untimed decode steps per batch size before the rounds (policies alternate)
 * @param placementSteps decode steps at batch 32 whose routing decides the placement
 * @param attentionThreads threads of the attention engine's pool
 * @param policies       baseline first, then the policy compared with it
 */
record E2eOptions(Path model, String family, String preset, int instances, double redundant, double zipf,
                  int[] batches, int rounds, int block, int warmSteps, int placementSteps, int attentionThreads,
                  SchedulingPolicy[] policies) {

    static final String USAGE = "[--model DIR] [--family deepseek-v3] [--preset medium] [--instances 4]"
            + " [--redundant 0.25] [--zipf 1.0] [--batches 16,32] [--rounds 10] [--block 8] [--warm-steps 16]"
            + " [--placement-steps 64] [--attention-threads 1] [--policies static,aebs-rep]";

    static E2eOptions parse(String[] args) {
        Path model = null;
        String family = "deepseek-v3";
        String preset = "medium";
        int instances = 4;
        double redundant = 0.25;
        double zipf = 1.0;
        int[] batches = {16, 32};
        int rounds = 10;
        int block = 8;
        int warm = 16;
        int placementSteps = 64;
        int threads = 1;
        String policies = "static,aebs-rep";
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i] + "; usage: " + USAGE);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--model" -> model = Path.of(v);
                case "--family" -> family = v;
                case "--preset" -> preset = v;
                case "--instances" -> instances = Integer.parseInt(v);
                case "--redundant" -> redundant = Double.parseDouble(v);
                case "--zipf" -> zipf = Double.parseDouble(v);
                case "--batches" -> batches = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--block" -> block = Integer.parseInt(v);
                case "--warm-steps" -> warm = Integer.parseInt(v);
                case "--placement-steps" -> placementSteps = Integer.parseInt(v);
                case "--attention-threads" -> threads = Integer.parseInt(v);
                case "--policies" -> policies = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " + USAGE);
            }
        }
        if (model == null) {
            model = Path.of("/tmp/janus-models/" + family + "-" + preset);
        }
        SchedulingPolicy[] p = Arrays.stream(policies.split(",")).map(SchedulingPolicy::fromName)
                .toArray(SchedulingPolicy[]::new);
        if (p.length != 2) {
            throw new IllegalArgumentException("--policies takes two policies (baseline,candidate), got " + policies);
        }
        return new E2eOptions(model, family, preset, instances, redundant, zipf, batches, rounds, block, warm,
                placementSteps, threads, p);
    }

    int redundantSlots(int experts) {
        return (int) Math.round(redundant * experts);
    }

    /** Decode steps one sequence goes through at one batch size. */
    int decodeSteps() {
        return warmSteps + 2 * rounds * block;
    }
}
