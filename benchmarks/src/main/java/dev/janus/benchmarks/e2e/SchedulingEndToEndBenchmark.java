package dev.janus.benchmarks.e2e;

import dev.janus.benchmarks.CpuShare;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * End to end: decode step latency of the split deployment (attention engine + N MoE instances,
 * each its own loopback gRPC server with a one-thread compute pool) with two scheduling policies
 * ({@code static} vs {@code aebs-rep} by default) on a skewed workload, in one run: the same
 * sequences decode in ABBA blocks of steps, switching the dispatch planner between blocks. The
 * placement replicates the experts measured hot on the workload ({@link MeasuredPlacement}).
 * Prints p50/p90/mean step latency, mean a_max and the MoE instances' CPU time per policy, and
 * the baseline / candidate ratios. Options: {@link E2eOptions#USAGE}.
 * <pre>java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.janus.benchmarks.e2e.SchedulingEndToEndBenchmark --instances 2 --attention-threads 2</pre>
 */
public final class SchedulingEndToEndBenchmark {

    private SchedulingEndToEndBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        E2eOptions o = E2eOptions.parse(args);
        if (!Files.isRegularFile(o.model().resolve("config.json"))) {
            ModelGenerator.generate(MakeModelRequest.of(ModelPreset.parse(o.preset()),
                    ModelGenerator.parseFamily(o.family()), 0, o.model()), System.out);
        }
        String loadAtStart = loadAverage();
        List<String> ratioLines = new ArrayList<>();
        try (Model model = Model.load(o.model()); ComputePool attention = new ComputePool(o.attentionThreads(), "attention")) {
            var config = model.config();
            ZipfTokens tokens = new ZipfTokens(config.vocabSize(), o.zipf(), 42);
            System.out.printf("model %s: %d layers, E = %d experts top-%d; %d MoE instances, %d CPUs; attention pool %d threads;"
                            + " workload: Zipf %.2f token stream (top 100 tokens = %.0f %% of tokens)%n",
                    o.model(), config.numLayers(), config.numExperts(), config.numExpertsPerToken(), o.instances(),
                    Runtime.getRuntime().availableProcessors(), o.attentionThreads(), o.zipf(), 100 * tokens.topShare(100));
            PlacementEpoch epoch = MeasuredPlacement.measure(model, attention, tokens, o, System.out);
            List<ComputePool> pools = new ArrayList<>();
            InstanceBusyTime busy = new InstanceBusyTime(o.instances());
            List<TimedExpertService> services = new ArrayList<>();
            for (int i = 0; i < o.instances(); i++) {
                ComputePool pool = new ComputePool(1, "moe-" + i);
                pools.add(pool);
                services.add(new TimedExpertService(LoopbackExpertServers.expertService(model.weights(), epoch, pool), busy, i));
            }
            int maxBatch = Arrays.stream(o.batches()).max().orElse(1);
            int blocksPerSeq = (DecodeRun.PROMPT + o.decodeSteps() + 16 + 15) / 16;
            try (LoopbackExpertServers servers = LoopbackExpertServers.start(services);
                 GrpcExpertTransport transport = new GrpcExpertTransport(servers.channels())) {
                CurrentPlacement placement = new CurrentPlacement(epoch);
                RemoteExpertExecutor remote = new RemoteExpertExecutor(placement, transport, config.hiddenSize(),
                        Duration.ofSeconds(60));
                SwitchingPlanner planner = new SwitchingPlanner(placement, o.policies());
                InferenceEngine engine = new InferenceEngine(model, new VectorMatmulKernel(attention), attention,
                        new EngineOptions(16, maxBatch * blocksPerSeq, planner,
                                new TimedExpertExecutor(remote, busy, planner), null, 1));
                System.out.printf("timing: per batch size %d untimed warm-up steps, then %d ABBA rounds x %d steps per policy"
                                + " (%d timed steps per policy) on the same sequences%n",
                        o.warmSteps(), o.rounds(), o.block(), o.rounds() * o.block());
                int cpus = Runtime.getRuntime().availableProcessors();
                if (cpus < o.instances()) { // one micro-batch: the attention side waits during the MoE phase
                    System.out.printf("NOTE: %d CPUs for %d one-thread MoE instances: they cannot all compute at once, so"
                            + " a lower a_max shortens the MoE phase only as far as the cores allow; 'inst cpu' is"
                            + " what the MoE phase would take with a core per instance%n", cpus, o.instances());
                }
                E2eReport.printLegend(System.out);
                for (int batch : o.batches()) {
                    PolicyTally[] tallies = runBatch(engine, planner, tokens, o, batch);
                    ratioLines.add(E2eReport.print(batch, tallies, System.out));
                }
            } finally {
                pools.forEach(ComputePool::close);
            }
        }
        System.out.printf("%nsummary (load average 1/5/15 min: %s at start, %s at end):%n", loadAtStart, loadAverage());
        ratioLines.forEach(System.out::println);
    }

    /** Warm-up, then ABBA rounds: round r runs policy 0 then 1 when r is even, 1 then 0 when odd. */
    private static PolicyTally[] runBatch(InferenceEngine engine, SwitchingPlanner planner, ZipfTokens tokens,
                                          E2eOptions o, int batch) {
        PolicyTally[] tallies = {new PolicyTally(o.policies()[0].configName()),
                new PolicyTally(o.policies()[1].configName())};
        CpuShare others = new CpuShare();
        try (DecodeRun run = new DecodeRun(engine, tokens, new SplittableRandom(batch), batch)) {
            for (int s = 0; s < o.warmSteps(); s++) {
                planner.select((s / Math.max(1, o.block())) % 2, null);
                run.step();
            }
            for (int r = 0; r < o.rounds(); r++) {
                for (int j = 0; j < 2; j++) {
                    int policy = r % 2 == 0 ? j : 1 - j;
                    planner.select(policy, tallies[policy]);
                    others.start();
                    long start = System.nanoTime();
                    for (int s = 0; s < o.block(); s++) {
                        tallies[policy].addStep(run.step());
                    }
                    tallies[policy].addBlock(System.nanoTime() - start, others.othersSeconds());
                }
            }
            planner.select(0, null);
        }
        return tallies;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
