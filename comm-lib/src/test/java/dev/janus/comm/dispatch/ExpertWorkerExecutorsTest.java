package dev.janus.comm.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.ExpertExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worker runs each epoch's experts through an executor of its own from the factory it was
 * given (moe.backend=cuda hands the device's grouped FFN), made once per epoch and closed when the
 * epoch is released, before its weights are unmapped.
 */
class ExpertWorkerExecutorsTest {

    private static final PlacementEpoch V1 = PlacementEpoch.uniform(1, 4, 8, 2, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
    private static final PlacementEpoch V2 = PlacementEpoch.uniform(2, 4, 8, 2, new int[] {7, 6, 5, 4, 3, 2, 1, 0});

    /** Delegates to the CPU executor and records what the worker does with it. */
    private static final class Recording implements ExpertExecutor, AutoCloseable {
        final ModelWeights weights;
        final int hidden;
        final ExpertExecutor cpu;
        final List<String> events;
        int calls;

        Recording(ModelWeights weights, int hidden, ExpertExecutor cpu, List<String> events) {
            this.weights = weights;
            this.hidden = hidden;
            this.cpu = cpu;
            this.events = events;
        }

        @Override
        public void execute(int layer, DispatchPlan plan, float[] x, float[] out) {
            calls++;
            cpu.execute(layer, plan, x, out);
        }

        @Override
        public void close() {
            events.add("closed executor of " + (weights.layers()[0].moe().experts()[7] == null ? "v1" : "v2"));
        }
    }

    @Test
    void eachEpochGetsItsOwnExecutorClosedOnReleaseBeforeItsWeightsAreUnmapped() {
        try (ComputePool pool = new ComputePool(1, "worker");
             Model v1 = Model.load(Fixtures.dir("tiny-mixtral"), (layer, e) -> V1.hosts(0, layer, e));
             Model v2 = Model.load(Fixtures.dir("tiny-mixtral"), (layer, e) -> V2.hosts(0, layer, e))) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            int h = v1.config().hiddenSize();
            List<String> events = new ArrayList<>();
            List<Recording> made = new ArrayList<>();
            ExpertExecutor.Factory cpu = ExpertExecutor.local(kernel);
            ExpertWorker worker = new ExpertWorker((weights, hidden) -> {
                Recording r = new Recording(weights, hidden, cpu.create(weights, hidden), events);
                made.add(r);
                return r;
            });
            ExpertWorker reference = new ExpertWorker(kernel);
            worker.prepare(V1, v1.weights(), () -> events.add("unmapped v1"));
            worker.prepare(V2, v2.weights(), () -> events.add("unmapped v2"));
            reference.prepare(V1, v1.weights(), () -> { });
            reference.prepare(V2, v2.weights(), () -> { });
            assertThat(made).as("executors are made on an epoch's first batch").isEmpty();

            float[] x = new float[2 * h];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.cos(i * 0.23);
            }
            int[] physical = {1, -1, 2, 0};
            for (int step = 0; step < 3; step++) {
                for (long version : new long[] {1, 2}) {
                    InstanceBatch b = new InstanceBatch(step, 2, version, new int[] {0, 1}, x, h, 2, physical);
                    assertThat(worker.execute(b).outputs()).containsExactly(reference.execute(b).outputs());
                }
            }
            assertThat(made).hasSize(2);
            assertThat(made.get(0).weights).isSameAs(v1.weights());
            assertThat(made.get(1).weights).isSameAs(v2.weights());
            assertThat(made).allSatisfy(r -> {
                assertThat(r.hidden).isEqualTo(h);
                assertThat(r.calls).isEqualTo(3);
            });

            assertThatThrownBy(() -> worker.execute(new InstanceBatch(9, 2, 1, new int[] {0}, new float[h + 2], h + 2, 2,
                    new int[] {1, -1})))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("hidden size " + (h + 2) + " in a batch for placement epoch 1, whose batches so far had " + h);

            assertThat(worker.release(1)).isTrue();
            assertThat(events).containsExactly("closed executor of v1", "unmapped v1");
            assertThat(worker.release(2)).isTrue();
            assertThat(events).containsExactly("closed executor of v1", "unmapped v1", "closed executor of v2", "unmapped v2");
        }
    }
}
