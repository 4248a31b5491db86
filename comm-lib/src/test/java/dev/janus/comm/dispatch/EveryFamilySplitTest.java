package dev.janus.comm.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.EngineRuns;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.tensor.Fp8BlockTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every model family split over three in-process MoE instances with replicated experts
 * (EPLB-style round-robin placement, AEBS scheduling): the golden greedy continuations come out
 * exactly, shared experts (Qwen2, DeepSeek) and dense layers staying on the attention side; an
 * FP8 checkpoint's experts hosted as stored (codes + block scales).
 */
class EveryFamilySplitTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void splitGreedyEqualsGolden(String fixture) {
        JsonNode golden = Fixtures.golden(fixture);
        try (Model model = Model.load(Fixtures.dir(fixture)); ComputePool pool = new ComputePool(2, "family-split")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            int experts = model.config().numExperts();
            PlacementEpoch epoch = PlacementEpoch.roundRobin(1, model.config().numLayers(), experts, 3, 3, null);
            Map<Integer, ExpertWorker> workers = new HashMap<>();
            Model[] hosts = new Model[3];
            for (int inst = 0; inst < 3; inst++) {
                int instance = inst;
                hosts[inst] = Model.load(Fixtures.dir(fixture), (layer, e) -> hosts(epoch.layer(layer), instance, e));
                assertHostedAsStored(hosts[inst]);
                workers.put(inst, ExpertWorker.serving(epoch, hosts[inst].weights(), kernel));
            }
            CurrentPlacement placement = new CurrentPlacement(epoch);
            RemoteExpertExecutor executor = new RemoteExpertExecutor(placement,
                    new InProcessTransport(workers), model.config().hiddenSize(), Duration.ofSeconds(10));
            InferenceEngine split = new InferenceEngine(model, kernel, pool, new EngineOptions(16, 64,
                    new ScheduledDispatchPlanner(SchedulingPolicy.DEFAULT.create(), placement), executor, null));
            int vocab = model.config().vocabSize();
            for (JsonNode prompt : golden.get("prompts")) {
                int[] want = Fixtures.ints(prompt.get("greedy").get("ids"));
                assertThat(EngineRuns.greedy(split, Fixtures.ints(prompt.get("ids")), want.length))
                        .as("%s/%s", fixture, prompt.get("name").asText()).containsExactly(want);
            }
            for (Model h : hosts) {
                h.close();
            }
        }
    }

    /** FP8 checkpoints: a MoE instance hosts its experts' e4m3 codes and block scales, no dequantized copy. */
    private static void assertHostedAsStored(Model host) {
        if (host.config().fp8() == null) {
            return;
        }
        for (var layer : host.weights().layers()) {
            if (layer.moe() == null) {
                continue;
            }
            for (var expert : layer.moe().experts()) {
                if (expert != null) {
                    assertThat(expert.gate()).isInstanceOf(Fp8BlockTensor.class);
                    assertThat(expert.up()).isInstanceOf(Fp8BlockTensor.class);
                    assertThat(expert.down()).isInstanceOf(Fp8BlockTensor.class);
                    assertThat(host.store().inFileMapping(expert.down().segment())).as("codes stay in the file mapping").isTrue();
                }
            }
        }
    }

    private static boolean hosts(LayerPlacement placement, int instance, int logical) {
        for (int p = 0; p < placement.physicalExperts(); p++) {
            if (placement.instanceOf(p) == instance && placement.logicalOf(p) == logical) {
                return true;
            }
        }
        return false;
    }

}
