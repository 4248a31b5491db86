package dev.janus.benchmarks.split;

import dev.janus.benchmarks.e2e.LoopbackExpertServers;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Decode tokens/s of the monolithic engine vs the gRPC split (experts on N loopback MoE-instance
 * servers in this JVM, default 2, expert e on instance e % N) with m = 1 and m = 2 ping-pong micro-batches,
 * at batch 1 and 32, in one run; prints ratios against the monolithic baseline of the same run.
 * The attention engine and each MoE instance have their own compute pool of {@code threads}.
 * <pre>java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.janus.benchmarks.split.SplitOverheadBenchmark /tmp/models/small [threads] [steps] [rounds] [instances]</pre>
 */
public final class SplitOverheadBenchmark {

    private static final int PROMPT = 16;
    private static final int WARM_STEPS = 8;

    private SplitOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/models/small");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int instances = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int[] batches = {1, 32};
        String[] names = {"monolithic", "split m=1", "split m=2"};
        try (Model model = Model.load(dir);
             ComputePool attnPool = new ComputePool(threads, "attention")) {
            List<ComputePool> moePools = new ArrayList<>();
            int hidden = model.config().hiddenSize();
            int kvTokens = 32 * (PROMPT + WARM_STEPS + steps + 16);
            EngineOptions local = EngineOptions.forTokens(kvTokens);
            List<ExpertStreamService> services = new ArrayList<>();
            // one copy of each expert, E / N contiguous experts per instance (physical = logical)
            int experts = model.config().numExperts();
            PlacementEpoch epoch = PlacementEpoch.uniform(1, model.config().numLayers(), experts, instances,
                    IntStream.range(0, experts).toArray());
            for (int i = 0; i < instances; i++) {
                moePools.add(new ComputePool(threads, "moe-" + i));
                services.add(LoopbackExpertServers.expertService(model.weights(), epoch, moePools.get(i)));
            }
            CurrentPlacement placement = new CurrentPlacement(epoch);
            ScheduledDispatchPlanner planner = new ScheduledDispatchPlanner(SchedulingPolicy.fromName("static").create(), placement);
            try (LoopbackExpertServers servers = LoopbackExpertServers.start(services);
                 GrpcExpertTransport transport = new GrpcExpertTransport(servers.channels())) {
                RemoteExpertExecutor remote = new RemoteExpertExecutor(placement, transport, hidden, Duration.ofSeconds(30));
                VectorMatmulKernel kernel = new VectorMatmulKernel(attnPool);
                InferenceEngine[] engines = {
                    new InferenceEngine(model, kernel, attnPool, local),
                    new InferenceEngine(model, kernel, attnPool, new EngineOptions(16, (kvTokens + 15) / 16, planner, remote, null, 1)),
                    new InferenceEngine(model, kernel, attnPool, new EngineOptions(16, (kvTokens + 15) / 16, planner, remote, null, 2)),
                };
                System.out.printf("model %s, threads %d per pool (attention, %d MoE instances), %d decode steps after %d warm-up, best of %d rounds%n",
                        dir, threads, instances, steps, WARM_STEPS, rounds);
                for (int b : batches) { // JIT warm-up of every engine and batch shape
                    for (InferenceEngine e : engines) {
                        decodeTokensPerSecond(e, b, steps);
                    }
                }
                for (int b : batches) {
                    double[] best = new double[engines.length];
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < engines.length; i++) { // interleaved, so drift hits all alike
                            best[i] = Math.max(best[i], decodeTokensPerSecond(engines[i], b, steps));
                        }
                    }
                    for (int i = 0; i < engines.length; i++) {
                        System.out.printf("batch %2d  %-11s %9.1f tok/s  ratio vs monolithic %.3f%n",
                                b, names[i], best[i], best[i] / best[0]);
                    }
                    System.out.printf("batch %2d  overlap gain (split m=2 / split m=1) %.3f%n", b, best[2] / best[1]);
                }
            } finally {
                moePools.forEach(ComputePool::close);
            }
        }
    }

    /** Prefills {@code batch} random prompts, decodes a few steps untimed, then times {@code steps}. */
    private static double decodeTokensPerSecond(InferenceEngine engine, int batch, int steps) {
        int vocab = engine.config().vocabSize();
        SplittableRandom random = new SplittableRandom(batch);
        KvSequence[] seqs = new KvSequence[batch];
        StepBatch step = new StepBatch();
        float[] logits = new float[batch * vocab];
        for (int i = 0; i < batch; i++) {
            seqs[i] = engine.newSequence();
            int[] prompt = random.ints(PROMPT, 3, vocab).toArray();
            step.add(seqs[i], prompt, 0, PROMPT, false);
        }
        int[] next = new int[1];
        long start = 0;
        for (int s = 0; s < WARM_STEPS + steps; s++) {
            if (s == WARM_STEPS) {
                start = System.nanoTime();
            }
            engine.step(step, logits);
            step.clear();
            for (int i = 0; i < batch; i++) {
                next[0] = argmax(logits, i * vocab, vocab);
                step.add(seqs[i], next, 0, 1, false);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.stream(seqs).forEach(KvSequence::close);
        return batch * steps / seconds;
    }

    private static int argmax(float[] a, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[off + i] > a[off + best]) {
                best = i;
            }
        }
        return best;
    }
}
