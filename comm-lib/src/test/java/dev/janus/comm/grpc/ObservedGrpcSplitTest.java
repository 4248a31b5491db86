package dev.janus.comm.grpc;

import dev.janus.comm.dispatch.ExpertWorker;
import dev.janus.comm.dispatch.InstanceHealth;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicaFinder;
import dev.janus.comm.dispatch.ReplicatedMixtralAccess;
import dev.janus.comm.metrics.RecordingObservers;
import dev.janus.comm.twophase.CommStats;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.RoutingDecision;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metrics hooks of both sides over real gRPC (three loopback MoE instances): what the
 * attention side reports per MoE instance equals what the dispatch plans put there and what each
 * instance reports it computed; round trips cover the compute, and both sides report idle time.
 */
class ObservedGrpcSplitTest {

    private static final int INSTANCES = 3;
    private static final int PER_INSTANCE = 4; // ReplicatedMixtral: slot p on instance p / 4
    private static final int STEPS = 3;

    @Test
    void bothSidesReportWhatThePlansSentAndTheInstancesComputed() throws Exception {
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral"));
             ComputePool pool = new ComputePool(2, "observed-split");
             var cluster = ReplicatedMixtralAccess.open(new VectorMatmulKernel(pool))) {
            var cfg = model.config();
            RecordingObservers.Attention attention = new RecordingObservers.Attention(INSTANCES);
            RecordingObservers.Expert[] experts = new RecordingObservers.Expert[INSTANCES];
            List<Server> servers = new ArrayList<>();
            List<ManagedChannel> channels = new ArrayList<>();
            for (Map.Entry<Integer, ExpertWorker> e : ReplicatedMixtralAccess.workers(cluster).entrySet()) {
                ExpertWorker worker = e.getValue();
                experts[e.getKey()] = new RecordingObservers.Expert();
                Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                        .addService(new ExpertStreamService(worker, experts[e.getKey()])).build().start();
                servers.add(server);
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build());
            }
            CountingPlanner plans = new CountingPlanner(ReplicatedMixtralAccess.planner(cluster));
            try (GrpcExpertTransport transport = new GrpcExpertTransport(channels)) {
                RemoteExpertExecutor executor = new RemoteExpertExecutor(ReplicatedMixtralAccess.placement(cluster), transport,
                        cfg.hiddenSize(), Duration.ofSeconds(10), ReplicaFinder.NONE,
                        new InstanceHealth(INSTANCES, Duration.ZERO), attention);
                InferenceEngine split = new InferenceEngine(model, new VectorMatmulKernel(pool), pool,
                        new EngineOptions(16, 64, plans, executor, null));
                int[] ids = Fixtures.ints(Fixtures.golden("tiny-mixtral").get("prompts").get(4).get("ids"));

                EngineRuns.greedy(split, ids, STEPS);

                // answers are reported by the thread completing them, possibly just after the engine woke
                await().atMost(Duration.ofSeconds(10)).until(() -> sum(attention.answered) == sum(attention.sent));
            } finally {
                for (Server s : servers) {
                    s.shutdownNow();
                }
            }
            int k = cfg.numExpertsPerToken();
            int h = cfg.hiddenSize();
            assertThat(sum(attention.sent)).as("some batches").isPositive();
            assertThat(plans.layerSteps).isEqualTo((long) STEPS * cfg.numLayers());
            for (int i = 0; i < INSTANCES; i++) {
                String inst = "instance " + i;
                assertThat(attention.sent[i].sum()).as(inst).isEqualTo(plans.batches[i]).isEqualTo(experts[i].batches.sum());
                assertThat(attention.answered[i].sum()).as(inst).isEqualTo(plans.batches[i]);
                assertThat(attention.tokens[i].sum()).as(inst).isEqualTo(plans.tokens[i]).isEqualTo(experts[i].tokens.sum());
                assertThat(attention.rows[i].sum()).as(inst).isEqualTo(plans.rows[i]).isEqualTo(experts[i].rows.sum());
                assertThat(attention.activated[i].sum()).as(inst).isEqualTo(plans.activated[i])
                        .isEqualTo(experts[i].activated.sum());
                assertThat(attention.bytes[i].sum()).as(inst).isEqualTo(plans.batches[i] * CommStats.HEADER_BYTES
                        + plans.tokens[i] * (4L + 4L * h + 4L * k));
                assertThat(attention.answerBytes[i].sum()).as(inst).isEqualTo(plans.batches[i] * CommStats.HEADER_BYTES
                        + plans.rows[i] * 4L * h);
                if (plans.batches[i] > 0) {
                    assertThat(experts[i].computeNanos.sum()).as(inst).isPositive();
                    // the round trip of a batch contains its computation (one clock, one machine)
                    assertThat(attention.roundTripNanos[i].sum()).as(inst).isGreaterThan(experts[i].computeNanos.sum());
                }
                if (plans.batches[i] > 1) {
                    // between two layers the instance waits while attention computes the next one
                    assertThat(experts[i].idleNanos.sum()).as(inst).isPositive();
                }
            }
            assertThat(attention.idleReports.sum()).isEqualTo(plans.layerSteps);
            assertThat(attention.idleNanos.sum()).isPositive();
        }
    }

    static long sum(java.util.concurrent.atomic.LongAdder[] adders) {
        long s = 0;
        for (var a : adders) {
            s += a.sum();
        }
        return s;
    }


    /** The plans as the engine made them: per MoE instance, batches, tokens, rows and distinct experts. */
    private static final class CountingPlanner implements DispatchPlanner {
        final DispatchPlanner inner;
        final long[] batches = new long[INSTANCES];
        final long[] tokens = new long[INSTANCES];
        final long[] rows = new long[INSTANCES];
        final long[] activated = new long[INSTANCES];
        long layerSteps;

        CountingPlanner(DispatchPlanner inner) {
            this.inner = inner;
        }

        @Override
        public void plan(int layer, RoutingDecision routing, DispatchPlan out) {
            inner.plan(layer, routing, out);
            layerSteps++;
            List<Set<Integer>> physical = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                physical.add(new HashSet<>());
            }
            int k = out.topK();
            for (int t = 0; t < out.tokens(); t++) {
                Set<Integer> seen = new HashSet<>();
                for (int s = 0; s < k; s++) {
                    int p = out.physical(t * k + s);
                    int inst = p / PER_INSTANCE;
                    physical.get(inst).add(p);
                    rows[inst]++;
                    if (seen.add(inst)) {
                        tokens[inst]++;
                    }
                }
            }
            for (int i = 0; i < INSTANCES; i++) {
                if (!physical.get(i).isEmpty()) {
                    batches[i]++;
                    activated[i] += physical.get(i).size();
                }
            }
        }
    }
}
