package dev.janus.benchmarks.aebs;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ActivationScheduler;
import dev.janus.comm.scheduling.SchedulerOptions;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.RoutingDecision;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per {@code schedule} call (p50 / p99 from JMH's sample mode) for shapes
 * {@code tokens x topK x logical x physical x instances}, Zipf 0.8 routing, replicas for the
 * hottest experts. {@link #schedule} is what the split deployment pays (its executor reads only
 * physical ids; the plan groups lazily, never here); {@link #scheduleAndGroup} adds
 * {@link DispatchPlan#group()} (what an in-process executor reads) and {@link #groupOnly} times
 * that part alone. 64 different batches are cycled so the branch predictor cannot learn one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AebsBenchmark {

    @Param({"1x8x256x288x32", "256x8x256x288x32", "4096x8x256x288x32", "256x2x8x12x4"})
    public String shape;

    @Param({"static", "random", "round-robin", "aebs", "aebs-rep", "aebs+"})
    public String policy;

    @Param({"false"})
    public boolean spread;

    private ActivationScheduler scheduler;
    private PlacementEpoch epoch;
    private RoutingDecision[] batches;
    private final DispatchPlan plan = new DispatchPlan();
    private int next;

    @Setup
    public void setUp() {
        String[] dims = shape.split("x");
        int tokens = Integer.parseInt(dims[0]);
        int topK = Integer.parseInt(dims[1]);
        int logical = Integer.parseInt(dims[2]);
        int physical = Integer.parseInt(dims[3]);
        int instances = Integer.parseInt(dims[4]);
        RoutingWorkload workload = new RoutingWorkload(logical, 0.8, 7);
        epoch = workload.placement(instances, physical - logical);
        if (epoch.physicalExperts() != physical) {
            throw new IllegalStateException("shape " + shape + " gives " + epoch.physicalExperts() + " slots");
        }
        SplittableRandom random = new SplittableRandom(11);
        batches = new RoutingDecision[64];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = workload.batch(random, tokens, topK);
        }
        scheduler = SchedulingPolicy.fromName(policy).create(SchedulerOptions.DEFAULT.withSeed(3).withSpreadTokens(spread));
        scheduler.schedule(batches[0], epoch, 0, plan);
    }

    @Benchmark
    public DispatchPlan schedule() {
        RoutingDecision routing = batches[next];
        next = (next + 1) & 63;
        scheduler.schedule(routing, epoch, 0, plan);
        return plan;
    }

    @Benchmark
    public DispatchPlan scheduleAndGroup() {
        RoutingDecision routing = batches[next];
        next = (next + 1) & 63;
        scheduler.schedule(routing, epoch, 0, plan);
        plan.group();
        return plan;
    }

    @Benchmark
    public DispatchPlan groupOnly() {
        plan.group();
        return plan;
    }
}
