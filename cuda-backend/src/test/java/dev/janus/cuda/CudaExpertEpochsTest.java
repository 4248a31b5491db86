package dev.janus.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.ExpertExecutor;
import org.junit.jupiter.api.Test;

/**
 * What a MoE instance does with the device per placement epoch (expert-service's ExpertWorker on
 * moe.backend=cuda): one executor per epoch's weights, the experts uploaded on its first step,
 * and closing it (the epoch released) frees those device copies; a closed executor refuses steps.
 * GPU only; skipped without a device.
 */
class CudaExpertEpochsTest {

    @Test
    void closingAnEpochsExecutorFreesItsExpertsOnTheDevice() {
        CudaAccelerator gpu = GpuTests.accelerator();
        try (Model v1 = Model.load(Fixtures.dir("tiny-mixtral")); Model v2 = Model.load(Fixtures.dir("tiny-mixtral"))) {
            int h = v1.config().hiddenSize();
            int layer = 1;
            var cpu = new ScalarMatmulKernel();
            long before = gpu.weightBytes();
            ExpertExecutor first = gpu.expertExecutor(v1.weights(), h, cpu);
            ExpertExecutor second = gpu.expertExecutor(v2.weights(), h, cpu);
            DispatchPlan plan = new DispatchPlan();
            plan.reset(3, 1, v1.config().numExperts());
            int[] experts = {0, 5, 5};
            for (int r = 0; r < 3; r++) {
                plan.setPhysical(r, experts[r]);
            }
            float[] x = new float[3 * h];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.sin(0.1 * i);
            }
            float[] a = new float[3 * h];
            float[] b = new float[3 * h];
            first.execute(layer, plan, x, a);
            long withFirst = gpu.weightBytes();
            second.execute(layer, plan, x, b);
            long withBoth = gpu.weightBytes();
            assertThat(withFirst).isGreaterThan(before);
            assertThat(withBoth - withFirst).as("the second epoch's copies").isEqualTo(withFirst - before);
            assertThat(b).containsExactly(a); // same weights, same kernels

            ((AutoCloseable) first).close();
            assertThat(gpu.weightBytes()).isEqualTo(withFirst);
            float[] again = new float[3 * h];
            second.execute(layer, plan, x, again);
            assertThat(again).containsExactly(a);
            assertThatThrownBy(() -> first.execute(layer, plan, x, new float[3 * h]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            ((AutoCloseable) second).close();
            assertThat(gpu.weightBytes()).isEqualTo(before);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
