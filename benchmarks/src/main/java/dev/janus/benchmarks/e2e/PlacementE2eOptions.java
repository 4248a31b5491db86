package dev.janus.benchmarks.e2e;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Settings of {@link PlacementEndToEndBenchmark}, from {@code --name value} pairs.
 *
 * @param model            model directory; generated (make-model, seed 0) when it has no config.json
 * @param family           make-model family when generating
 * @param preset           make-model preset when generating
 * @param instances        MoE instances N, each on its own gRPC server with a one-thread pool
 * @param attentionThreads threads of the attention engine's pool
 * @param redundant        redundant slots per layer as a share of the experts (0.25: E = 16 → 4)
 * @param zipf             Zipf exponent of the token stream (0 = uniform tokens)
 * @param trace            routing trace to replay as a second workload, or null
 * @param batches          decode batch sizes timed
 * @param replayBatches    batch sizes the recorded routing is replayed at (a_max only, no timing)
 * @param rounds           rounds per batch size; each runs every placement for one block, order rotating
 *                         (0: replay only, no split deployment)
 * @param block            timed decode steps per placement and round
 * @param settle           untimed steps after each apply (the first is reported: fresh mappings fault in)
 * @param warmSteps        untimed decode steps per batch size before the rounds (placements alternate)
 * @param recordSteps      decode steps at batch 32 whose routing the Zipf workload's plans come from
 */
record PlacementE2eOptions(Path model, String family, String preset, int instances, int attentionThreads,
                           double redundant, double zipf, Path trace, int[] batches, int[] replayBatches, int rounds,
                           int block, int settle, int warmSteps, int recordSteps) {

    static final String USAGE = "[--model DIR] [--family deepseek-v3] [--preset medium] [--instances 2]"
            + " [--attention-threads 2] [--redundant 0.25] [--zipf 1.0] [--trace FILE] [--batches 8,32]"
            + " [--replay-batches 1,4,8,16,32] [--rounds 6] [--block 6] [--settle 2] [--warm-steps 12] [--record-steps 64]";

    static PlacementE2eOptions parse(String[] args) {
        Path model = null;
        String family = "deepseek-v3";
        String preset = "medium";
        int instances = 2;
        int threads = 2;
        double redundant = 0.25;
        double zipf = 1.0;
        Path trace = null;
        int[] batches = {8, 32};
        int[] replay = {1, 4, 8, 16, 32};
        int rounds = 6;
        int block = 6;
        int settle = 2;
        int warm = 12;
        int record = 64;
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
                case "--attention-threads" -> threads = Integer.parseInt(v);
                case "--redundant" -> redundant = Double.parseDouble(v);
                case "--zipf" -> zipf = Double.parseDouble(v);
                case "--trace" -> trace = Path.of(v);
                case "--batches" -> batches = ints(v);
                case "--replay-batches" -> replay = ints(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--block" -> block = Integer.parseInt(v);
                case "--settle" -> settle = Integer.parseInt(v);
                case "--warm-steps" -> warm = Integer.parseInt(v);
                case "--record-steps" -> record = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " + USAGE);
            }
        }
        if (model == null) {
            model = Path.of("/tmp/janus-models/" + family + "-" + preset);
        }
        if (settle < 1 || block < 1 || rounds < 0) {
            throw new IllegalArgumentException("--settle and --block must be at least 1, --rounds at least 0");
        }
        return new PlacementE2eOptions(model, family, preset, instances, threads, redundant, zipf, trace, batches,
                replay, rounds, block, settle, warm, record);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    int redundantSlots(int experts) {
        return (int) Math.round(redundant * experts);
    }

    /** Decode steps one sequence goes through at one batch size, with {@code placements} placements. */
    int decodeSteps(int placements) {
        return warmSteps + rounds * placements * (settle + block);
    }
}
