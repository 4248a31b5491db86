package dev.janus.comm.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.scheduling.ScheduledDispatchPlanner;
import dev.janus.comm.scheduling.SchedulingPolicy;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The placement changes under a running generation (DESIGN.md §10): every decode step commits
 * the other of two epochs (different replicas, different physical ids), the MoE instances serve
 * both until the old one is unused, and the greedy continuation is exactly the golden one.
 */
class LiveEpochSwitchTest {

    @Test
    void switchingEpochsEveryStepChangesNoToken() throws Exception {
        JsonNode prompt = Fixtures.golden("tiny-mixtral").get("prompts").get(3);
        int[] ids = Fixtures.ints(prompt.get("ids"));
        int[] golden = Fixtures.ints(prompt.get("greedy").get("ids"));
        PlacementEpoch a = PlacementEpoch.roundRobin(1, 4, 8, 3, 4, null);
        PlacementEpoch b = PlacementEpoch.uniform(1, 4, 8, 3, new int[] {7, 0, 1, 2, 6, 3, 4, 7, 5, 6, 1, 0});
        Map<Integer, Model> mapped = new HashMap<>();
        try (Model model = Model.load(Fixtures.dir("tiny-mixtral")); ComputePool pool = new ComputePool(2, "switch")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            Map<Integer, ExpertWorker> workers = new HashMap<>();
            for (int inst = 0; inst < 3; inst++) {
                workers.put(inst, new ExpertWorker(kernel));
            }
            Set<Long> versionsOnTheWire = new TreeSet<>();
            InProcessTransport instances = new InProcessTransport(workers);
            ExpertTransport recording = (instance, batch) -> {
                versionsOnTheWire.add(batch.epoch());
                return instances.execute(instance, batch);
            };
            CurrentPlacement current = new CurrentPlacement(prepare(a, workers, mapped));
            RemoteExpertExecutor executor = new RemoteExpertExecutor(current, recording, model.config().hiddenSize(),
                    Duration.ofSeconds(10));
            InferenceEngine engine = new InferenceEngine(model, kernel, pool, new EngineOptions(16, 64,
                    new ScheduledDispatchPlanner(SchedulingPolicy.DEFAULT.create(), current), executor, null));
            int vocab = model.config().vocabSize();
            float[] logits = new float[vocab];
            int[] generated = new int[golden.length];
            StepBatch batch = new StepBatch();
            try (KvSequence seq = engine.newSequence()) {
                batch.add(seq, ids, 0, ids.length, false);
                for (int step = 0; step < golden.length; step++) {
                    engine.step(batch, logits);
                    generated[step] = Fixtures.argmax(logits, 0, vocab);
                    batch.clear();
                    batch.add(seq, new int[] {generated[step]}, 0, 1, false);
                    // prepare the next epoch everywhere, commit, release the old one once unused
                    PlacementEpoch old = current.get();
                    PlacementEpoch next = (step % 2 == 0 ? b : a).withVersion(old.version() + 1);
                    current.commit(prepare(next, workers, mapped));
                    CompletableFuture<Boolean> unused = CompletableFuture.supplyAsync(() -> awaitUnused(current, old));
                    assertThat(unused.get()).isTrue();
                    for (ExpertWorker w : workers.values()) {
                        w.release(old.version());
                    }
                }
            }
            assertThat(generated).containsExactly(golden);
            assertThat(versionsOnTheWire).hasSize(golden.length);
            for (ExpertWorker w : workers.values()) {
                assertThat(w.versions()).containsExactly(current.get().version());
            }
        } finally {
            mapped.values().forEach(Model::close);
        }
    }

    /** Maps, on every instance, the experts the epoch places there (each release closes its own mapping). */
    private static PlacementEpoch prepare(PlacementEpoch epoch, Map<Integer, ExpertWorker> workers, Map<Integer, Model> mapped) {
        for (var w : workers.entrySet()) {
            int inst = w.getKey();
            Model host = Model.load(Fixtures.dir("tiny-mixtral"), (layer, e) -> epoch.hosts(inst, layer, e));
            w.getValue().prepare(epoch, host.weights(), host);
        }
        return epoch;
    }

    private static boolean awaitUnused(CurrentPlacement current, PlacementEpoch old) {
        try {
            return current.awaitUnused(old.version(), Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
