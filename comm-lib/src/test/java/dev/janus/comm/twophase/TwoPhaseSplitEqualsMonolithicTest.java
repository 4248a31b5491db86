package dev.janus.comm.twophase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.comm.dispatch.ExpertTransport;
import dev.janus.comm.dispatch.InProcessTransport;
import dev.janus.comm.dispatch.RemoteExpertExecutor;
import dev.janus.comm.dispatch.ReplicatedMixtral;
import dev.janus.comm.dispatch.ReplicatedMixtralAccess;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two attention engines on one node, each with its own sequences, stepping concurrently from two
 * threads, their experts on three in-process MoE instances reached two-phase: the node's
 * aggregator merges both engines' rows into one message per MoE instance, and each engine's
 * logits equal the monolithic engine's (within 1e-5) on every golden prompt of tiny-mixtral.
 */
class TwoPhaseSplitEqualsMonolithicTest {

    @Test
    void twoEnginesThroughOneAggregatorGiveMonolithicLogits() throws Exception {
        List<int[]> prompts = new ArrayList<>();
        for (JsonNode p : Fixtures.golden("tiny-mixtral").get("prompts")) {
            prompts.add(Fixtures.ints(p.get("ids")));
        }
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral"));
             ComputePool monoPool = new ComputePool(1, "mono");
             ComputePool poolA = new ComputePool(1, "attn-a");
             ComputePool poolB = new ComputePool(1, "attn-b");
             ComputePool moePool = new ComputePool(1, "moe");
             ReplicatedMixtral cluster = ReplicatedMixtralAccess.open(new VectorMatmulKernel(moePool));
             ExecutorService threads = Executors.newFixedThreadPool(2)) {
            int vocab = model.config().vocabSize();
            int hidden = model.config().hiddenSize();
            CommStats stats = new CommStats();
            ExpertTransport moe = new InProcessTransport(ReplicatedMixtralAccess.workers(cluster));
            NodeAggregator aggregator = new NodeAggregator(moe, 2, Duration.ofSeconds(5), stats);
            InferenceEngine mono = new InferenceEngine(model, new VectorMatmulKernel(monoPool), monoPool,
                    EngineOptions.forTokens(1024));
            InferenceEngine a = engine(model, poolA, new AdaptiveTransport(0, aggregator, moe,
                    ModePolicy.always(CommMode.TWO_PHASE), stats), hidden, cluster);
            InferenceEngine b = engine(model, poolB, new AdaptiveTransport(1, aggregator, moe,
                    ModePolicy.always(CommMode.TWO_PHASE), stats), hidden, cluster);
            // engine b runs the prompts in reverse order: different sequences in the same steps
            List<int[]> reversed = prompts.reversed();
            int[] rounds = {0};
            List<float[]> expected = new ArrayList<>();
            for (int[] ids : prompts) {
                expected.add(EngineRuns.prefillLogits(mono, ids));
            }
            runBoth(a, b, prompts, reversed, threads, vocab, rounds); // warms the JIT up (see EngineRuns.untilJitSettles)
            EngineRuns.untilJitSettles(4, () -> {
                List<List<float[]>> got = runBoth(a, b, prompts, reversed, threads, vocab, rounds);
                for (int i = 0; i < prompts.size(); i++) {
                    assertClose(expected.get(i), got.get(0).get(i), "engine a prompt " + i);
                    assertClose(expected.get(i), got.get(1).get(prompts.size() - 1 - i), "engine b prompt " + i);
                }
            });
            System.out.println("two-phase, 2 attention engines x 3 MoE instances: " + stats);
            long layerSteps = (long) rounds[0] * prompts.size() * model.config().numLayers(); // per engine
            assertThat(stats.twoPhaseSteps()).isEqualTo(2 * layerSteps);
            assertThat(stats.phase1Messages()).isEqualTo(layerSteps); // engine b only: engine a hosts the aggregator
            assertThat(stats.phase2Messages()).isLessThanOrEqualTo(3 * layerSteps);
            assertThat(stats.directMessages()).isZero();
        }
    }

    /** Both engines prefill their prompts concurrently, each from its own thread. */
    private static List<List<float[]>> runBoth(InferenceEngine a, InferenceEngine b, List<int[]> prompts,
                                               List<int[]> reversed, ExecutorService threads, int vocab, int[] rounds) {
        rounds[0]++;
        Future<List<float[]>> fa = threads.submit(() -> prefillAll(a, prompts, vocab));
        Future<List<float[]>> fb = threads.submit(() -> prefillAll(b, reversed, vocab));
        try {
            return List.of(fa.get(), fb.get());
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InferenceEngine engine(Model model, ComputePool pool, ExpertTransport transport, int hidden,
                                          ReplicatedMixtral cluster) {
        RemoteExpertExecutor executor = new RemoteExpertExecutor(ReplicatedMixtralAccess.placement(cluster), transport, hidden,
                Duration.ofSeconds(10));
        return new InferenceEngine(model, new VectorMatmulKernel(pool), pool,
                new EngineOptions(16, 64, ReplicatedMixtralAccess.planner(cluster), executor, null));
    }

    private static List<float[]> prefillAll(InferenceEngine engine, List<int[]> prompts, int vocab) {
        List<float[]> out = new ArrayList<>();
        for (int[] ids : prompts) {
            out.add(EngineRuns.prefillLogits(engine, ids));
        }
        return out;
    }


    private static void assertClose(float[] expected, float[] actual, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(expected[i] - actual[i])).as("%s logit %d", what, i).isLessThanOrEqualTo(1e-5f);
        }
    }
}
