package dev.janus.comm.dispatch;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.moe.GroupedExpertFfn;
import dev.janus.model.moe.SwiGlu;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A MoE instance serves every prepared epoch, each with its own physical ids, until released. */
class ExpertWorkerEpochsTest {

    // instance 0 of two: v1 hosts experts 0..3 at physical 0..3; v2 hosts 7, 6, 5, 4 at physical 0..3
    private static final PlacementEpoch V1 = PlacementEpoch.uniform(1, 4, 8, 2, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
    private static final PlacementEpoch V2 = PlacementEpoch.uniform(2, 4, 8, 2, new int[] {7, 6, 5, 4, 3, 2, 1, 0});

    @Test
    void eachBatchRunsUnderTheEpochItNamesUntilThatEpochIsReleased() {
        try (ComputePool pool = new ComputePool(1, "worker");
             Model all = Model.load(Fixtures.dir("tiny-mixtral"));
             Model v1 = Model.load(Fixtures.dir("tiny-mixtral"), (layer, e) -> V1.hosts(0, layer, e));
             Model v2 = Model.load(Fixtures.dir("tiny-mixtral"), (layer, e) -> V2.hosts(0, layer, e))) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool);
            int h = all.config().hiddenSize();
            ExpertWorker worker = new ExpertWorker(kernel);
            AtomicBoolean v1Unmapped = new AtomicBoolean();
            worker.prepare(V1, v1.weights(), () -> v1Unmapped.set(true));
            worker.prepare(V2, v2.weights(), () -> { });
            assertThat(worker.versions()).containsExactly(1, 2);

            float[] x = new float[2 * h];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(i * 0.37);
            }
            // token 0 -> physical 1, token 1 -> physical 2 and 0 (k = 2, -1 = elsewhere)
            int[] physical = {1, -1, 2, 0};
            InstanceResult r1 = worker.execute(new InstanceBatch(5, 2, 1, new int[] {0, 1}, x, h, 2, physical));
            InstanceResult r2 = worker.execute(new InstanceBatch(6, 2, 2, new int[] {0, 1}, x, h, 2, physical));
            GroupedExpertFfn reference = new GroupedExpertFfn(new SwiGlu(kernel));
            assertThat(r1.outputs()).containsExactly(expected(reference, all, h, x, new int[] {1, 2, 0}));
            assertThat(r2.outputs()).containsExactly(expected(reference, all, h, x, new int[] {6, 5, 7}));

            assertThat(worker.release(1)).isTrue();
            assertThat(v1Unmapped).isTrue();
            assertThat(worker.release(1)).isFalse();
            assertThatThrownBy(() -> worker.execute(new InstanceBatch(7, 2, 1, new int[] {0, 1}, x, h, 2, physical)))
                    .isInstanceOf(UnknownEpochException.class)
                    .hasMessage("placement epoch 1 is not prepared on this MoE instance (serving [2])");
            assertThatThrownBy(() -> worker.prepare(V1.withVersion(2), v1.weights(), () -> { }))
                    .hasMessageContaining("epoch 2 is already prepared with another placement");
        }
    }

    /** Rows (token 0, expert a), (token 1, expert b), (token 1, expert c) through every expert of the model. */
    private static float[] expected(GroupedExpertFfn ffn, Model all, int h, float[] x, int[] logical) {
        var plan = new dev.janus.model.moe.DispatchPlan();
        plan.reset(3, 1, 8);
        float[] rows = new float[3 * h];
        int[] token = {0, 1, 1};
        for (int r = 0; r < 3; r++) {
            plan.setPhysical(r, logical[r]);
            System.arraycopy(x, token[r] * h, rows, r * h, h);
        }
        float[] out = new float[3 * h];
        ffn.run(all.weights().layers()[2].moe().experts(), 2, plan, rows, h, out);
        return out;
    }
}
