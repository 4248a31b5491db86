package dev.janus.benchmarks.e2e;

import dev.janus.benchmarks.CpuShare;
import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.grpc.ExpertStreamService;
import dev.janus.comm.grpc.GrpcExpertTransport;
import dev.janus.comm.placement.policy.ClusterShape;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.placement.policy.PlacementEvaluator;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.comm.placement.policy.PlanEffect;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.comm.stats.RoutingTraceReader;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.moe.DispatchPlanner;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Issue 11's "Measure": the split deployment (attention engine + N loopback gRPC MoE instances,
 * {@code aebs-rep} scheduling, as {@link SchedulingEndToEndBenchmark}) under the
 * {@code round-robin}, {@code eplb} and {@code janus} placements, planned from the same recorded
 * routing with the same redundant slots. Per placement: a_max replayed on the recorded routing
 * ({@link PlacementEvaluator}, what placement-service predicts), a_max and decode step latency
 * measured live, and the MoE instances' time; ratios against {@code round-robin} of the same run.
 * Placements are switched live before every block ({@link LiveEpochSwitch}: prepare, commit,
 * await unused, release), and each apply is timed. Workloads: the Zipf token stream with the
 * engine's own routing (recorded from a warm-up run), and with {@code --trace FILE} a recorded
 * routing trace dispatched instead of the router's choice. {@code --rounds 0} only replays.
 * Options: {@link PlacementE2eOptions#USAGE}; commands and results in docs/benchmarks.md.
 * <pre>java --add-modules=jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.janus.benchmarks.e2e.PlacementEndToEndBenchmark --instances 8 --trace FILE</pre>
 */
public final class PlacementEndToEndBenchmark {

    /** Baseline first. */
    static final List<String> POLICIES = List.of("round-robin", "eplb", "janus");
    /** Block orders by round: every placement takes every position equally often over 6 rounds. */
    private static final int[][] ORDERS = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {0, 2, 1}, {2, 0, 1}, {1, 0, 2}};

    /** A routing source: the window plans come from, and routing to dispatch instead of the router's (or null). */
    private record Workload(String name, RoutingWindow planned, RoutingWindow dispatched) {
    }

    private PlacementEndToEndBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        PlacementE2eOptions o = PlacementE2eOptions.parse(args);
        if (!Files.isRegularFile(o.model().resolve("config.json"))) {
            ModelGenerator.generate(MakeModelRequest.of(ModelPreset.parse(o.preset()),
                    ModelGenerator.parseFamily(o.family()), 0, o.model()), System.out);
        }
        String loadAtStart = PlacementReport.loadAverage();
        List<String> results = new ArrayList<>();
        try (Model model = Model.load(o.model()); ComputePool attention = new ComputePool(o.attentionThreads(), "attention")) {
            var config = model.config();
            ZipfTokens tokens = new ZipfTokens(config.vocabSize(), o.zipf(), 42);
            System.out.printf("model %s: %d layers, E = %d experts top-%d; N = %d MoE instances, %d redundant slots per"
                            + " layer, aebs-rep; %d CPUs, attention pool %d threads; Zipf %.2f token stream%n",
                    o.model(), config.numLayers(), config.numExperts(), config.numExpertsPerToken(), o.instances(),
                    o.redundantSlots(config.numExperts()), Runtime.getRuntime().availableProcessors(),
                    o.attentionThreads(), o.zipf());
            List<Workload> workloads = new ArrayList<>();
            workloads.add(new Workload("zipf", RoutingWindow.record(model, attention, tokens, o.recordSteps()), null));
            if (o.trace() != null) {
                RoutingTraceReader.Trace trace = RoutingTraceReader.read(o.trace());
                if (trace.experts() != config.numExperts() || trace.topK() != config.numExpertsPerToken()) {
                    throw new IllegalArgumentException(o.trace() + " has E = " + trace.experts() + " top-" + trace.topK()
                            + ", the model E = " + config.numExperts() + " top-" + config.numExpertsPerToken());
                }
                int[] moe = IntStream.range(0, config.numLayers()).filter(l -> model.weights().layers()[l].moe() != null).toArray();
                RoutingWindow[] halves = RoutingWindow.fromTrace(trace, config.numLayers(), moe);
                workloads.add(new Workload("trace", halves[0], halves[1]));
            }
            for (Workload w : workloads) {
                results.addAll(run(model, attention, tokens, o, w));
            }
        }
        System.out.printf("%nsummary (load average 1/5/15 min: %s at start, %s at end):%n", loadAtStart,
                PlacementReport.loadAverage());
        results.forEach(System.out::println);
    }

    private static List<String> run(Model model, ComputePool attention, ZipfTokens tokens, PlacementE2eOptions o,
                                    Workload w) {
        int experts = model.config().numExperts();
        int redundant = o.redundantSlots(experts);
        ActivationSnapshot stats = w.planned().statistics();
        ClusterShape shape = ClusterShape.forRedundantSlots(experts, o.instances(), redundant, 0);
        Placement[] placements = new Placement[POLICIES.size()];
        double[] planMs = new double[placements.length];
        for (int p = 0; p < placements.length; p++) {
            long start = System.nanoTime();
            placements[p] = PlacementPolicy.fromName(POLICIES.get(p)).plan(ExpertLoad.of(stats), CoActivation.of(stats),
                    shape, Pins.NONE, redundant);
            planMs[p] = (System.nanoTime() - start) / 1e6;
        }
        System.out.printf(Locale.ROOT, "%n== workload %s: plans from %d recorded tokens per MoE layer (%s); C = %d slots per"
                        + " instance; plan ms (first plans of the JVM, single thread) %s%n", w.name(), w.planned().minTokens(),
                w.dispatched() == null ? "the engine's routing of a warm-up run, batch 32" : "first half of the trace",
                shape.slotsPerInstance(), Arrays.toString(Arrays.stream(planMs).map(m -> Math.round(m * 10) / 10.0).toArray()));
        System.out.println("replayed a_max (aebs-rep over the recorded window, mean over batches and MoE layers), by batch:");
        PlacementEvaluator evaluator = new PlacementEvaluator();
        for (int batch : o.replayBatches()) {
            System.out.printf(Locale.ROOT, "  batch %3d:", batch);
            for (int p = 0; p < placements.length; p++) {
                System.out.printf(Locale.ROOT, "  %s %.2f", POLICIES.get(p),
                        evaluator.evaluate(placements[p], w.planned().batches(batch)).meanAMax());
            }
            System.out.println();
        }
        return o.rounds() == 0 ? List.of() : time(model, attention, tokens, o, w, placements);
    }

    /** The split deployment, each placement switched in live before each of its blocks. */
    private static List<String> time(Model model, ComputePool attention, ZipfTokens tokens, PlacementE2eOptions o,
                                     Workload w, Placement[] placements) {
        List<String> results = new ArrayList<>();
        List<ComputePool> pools = new ArrayList<>();
        ExpertWorker[] workers = new ExpertWorker[o.instances()];
        InstanceBusyTime busy = new InstanceBusyTime(o.instances());
        List<TimedExpertService> services = new ArrayList<>();
        for (int i = 0; i < o.instances(); i++) {
            ComputePool pool = new ComputePool(1, "moe-" + i);
            pools.add(pool);
            workers[i] = new ExpertWorker(new VectorMatmulKernel(pool));
            services.add(new TimedExpertService(new ExpertStreamService(workers[i]), busy, i));
        }
        LiveEpochSwitch live = new LiveEpochSwitch(o.model(), workers, placements[0]);
        int maxBatch = Arrays.stream(o.batches()).max().orElse(1);
        int blocksPerSeq = (DecodeRun.PROMPT + o.decodeSteps(placements.length) + 16 + 15) / 16;
        try (LoopbackExpertServers servers = LoopbackExpertServers.start(services);
             GrpcExpertTransport transport = new GrpcExpertTransport(servers.channels())) {
            RemoteExpertExecutor remote = new RemoteExpertExecutor(live.current(), transport,
                    model.config().hiddenSize(), Duration.ofSeconds(60));
            SwitchingPlanner scheduler = new SwitchingPlanner(live.current(), SchedulingPolicy.AEBS_REP);
            RoutingWindow dispatched = w.dispatched();
            DispatchPlanner planner = dispatched == null ? scheduler : (layer, routing, out) -> {
                dispatched.fill(layer, routing); // the trace's routing instead of the router's (and the combiner's)
                scheduler.plan(layer, routing, out);
            };
            InferenceEngine engine = new InferenceEngine(model, new VectorMatmulKernel(attention), attention,
                    new EngineOptions(16, maxBatch * blocksPerSeq, planner,
                            new TimedExpertExecutor(remote, busy, scheduler), null, 1));
            PlacementReport report = new PlacementReport(w.name(), POLICIES);
            PlacementEvaluator evaluator = new PlacementEvaluator();
            for (int batch : o.batches()) {
                PlanEffect[] replay = new PlanEffect[placements.length];
                for (int p = 0; p < placements.length; p++) {
                    replay[p] = evaluator.evaluate(placements[p], w.planned().batches(batch));
                }
                PolicyTally[] tallies = runBatch(engine, scheduler, live, placements, tokens, o, batch, report);
                results.add(report.print(batch, tallies, replay, System.out));
            }
            results.add(report.printApplies(o.instances(), live.served(), System.out));
        } finally {
            pools.forEach(ComputePool::close);
            for (ExpertWorker worker : workers) {
                for (long v : worker.versions()) {
                    worker.release(v);
                }
            }
        }
        return results;
    }

    /** Warm-up, then rounds of one block per placement in rotating order, each block after a live apply. */
    private static PolicyTally[] runBatch(InferenceEngine engine, SwitchingPlanner scheduler, LiveEpochSwitch live,
                                          Placement[] placements, ZipfTokens tokens, PlacementE2eOptions o, int batch,
                                          PlacementReport report) {
        PolicyTally[] tallies = POLICIES.stream().map(PolicyTally::new).toArray(PolicyTally[]::new);
        CpuShare others = new CpuShare();
        try (DecodeRun run = new DecodeRun(engine, tokens, new SplittableRandom(batch), batch)) {
            for (int s = 0; s < o.warmSteps(); s++) {
                if (s % o.block() == 0) {
                    live.apply(placements[(s / o.block()) % placements.length]);
                }
                run.step();
            }
            for (int r = 0; r < o.rounds(); r++) {
                for (int p : ORDERS[r % ORDERS.length]) {
                    scheduler.select(0, null);
                    LiveEpochSwitch.Timing apply = live.apply(placements[p]); // also when p is current: every block alike
                    long first = run.step();
                    for (int s = 1; s < o.settle(); s++) {
                        run.step();
                    }
                    scheduler.select(0, tallies[p]);
                    others.start();
                    long start = System.nanoTime();
                    for (int s = 0; s < o.block(); s++) {
                        tallies[p].addStep(run.step());
                    }
                    tallies[p].addBlock(System.nanoTime() - start, others.othersSeconds());
                    report.addApply(apply, first);
                }
            }
            scheduler.select(0, null);
        }
        return tallies;
    }
}
