package dev.janus.cuda;

import dev.janus.model.model.MlpWeights;
import dev.janus.model.tensor.WeightTensor;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

import java.util.Arrays;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

/**
 * One layer's hosted routed experts on the device: gate and up {@code [slots, intermediate, hidden]},
 * down {@code [slots, hidden, intermediate]}, bf16, one slot per hosted logical expert. The grouped
 * GEMM finds expert e at slot {@link #slot}(e).
 */
final class StackedExperts implements AutoCloseable {

    private final int[] slotOf; // [logical experts] slot, -1 = not hosted
    private final int intermediate;
    private final int hidden;
    final CUdeviceptr gate;
    final CUdeviceptr up;
    final CUdeviceptr down;

    private StackedExperts(int[] slotOf, int intermediate, int hidden, CUdeviceptr gate, CUdeviceptr up, CUdeviceptr down) {
        this.slotOf = slotOf;
        this.intermediate = intermediate;
        this.hidden = hidden;
        this.gate = gate;
        this.up = up;
        this.down = down;
    }

    static StackedExperts upload(MlpWeights[] experts, PinnedStaging staging, CUstream stream, long chunk) {
        int[] slotOf = new int[experts.length];
        Arrays.fill(slotOf, -1);
        int slots = 0;
        int inter = -1;
        int hidden = -1;
        for (int e = 0; e < experts.length; e++) {
            MlpWeights w = experts[e];
            if (w == null) {
                continue;
            }
            DeviceWeights.requireBf16(w.gate());
            DeviceWeights.requireBf16(w.up());
            DeviceWeights.requireBf16(w.down());
            if (inter < 0) {
                inter = w.intermediateSize();
                hidden = w.gate().cols();
            } else if (w.intermediateSize() != inter || w.gate().cols() != hidden) {
                throw new IllegalArgumentException("expert " + e + " is [" + w.intermediateSize() + ", " + w.gate().cols()
                        + "], the layer's others [" + inter + ", " + hidden + "]: stacking needs one shape");
            }
            slotOf[e] = slots++;
        }
        long matrix = 2L * Math.max(inter, 0) * Math.max(hidden, 0);
        CUdeviceptr gate = alloc(slots * matrix);
        CUdeviceptr up = alloc(slots * matrix);
        CUdeviceptr down = alloc(slots * matrix);
        for (int e = 0; e < experts.length; e++) {
            if (slotOf[e] >= 0) {
                long at = slotOf[e] * matrix;
                copy(experts[e].gate(), gate, at, staging, stream, chunk);
                copy(experts[e].up(), up, at, staging, stream, chunk);
                copy(experts[e].down(), down, at, staging, stream, chunk);
            }
        }
        return new StackedExperts(slotOf, inter, hidden, gate, up, down);
    }

    /**
     * {@code slots} experts of random bf16 weights made on the device (benchmarks): expert e at
     * slot e, entries uniform in ±1/sqrt(fan-in).
     */
    static StackedExperts random(int slots, int intermediate, int hidden, CudaKernels kernels, int seed) {
        long n = (long) slots * intermediate * hidden;
        CUdeviceptr gate = alloc(2 * n);
        CUdeviceptr up = alloc(2 * n);
        CUdeviceptr down = alloc(2 * n);
        kernels.fillUniformBf16(gate, n, seed, (float) (1 / Math.sqrt(hidden)));
        kernels.fillUniformBf16(up, n, seed + 1, (float) (1 / Math.sqrt(hidden)));
        kernels.fillUniformBf16(down, n, seed + 2, (float) (1 / Math.sqrt(intermediate)));
        int[] slotOf = new int[slots];
        Arrays.setAll(slotOf, i -> i);
        return new StackedExperts(slotOf, intermediate, hidden, gate, up, down);
    }

    private static CUdeviceptr alloc(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        cuMemAlloc(p, Math.max(bytes, 256));
        return p;
    }

    private static void copy(WeightTensor w, CUdeviceptr base, long at, PinnedStaging staging, CUstream stream, long chunk) {
        staging.upload(w.segment(), base.withByteOffset(at), stream, chunk);
    }

    /** The slot of a logical expert, -1 when it is not hosted here. */
    int slot(int logical) {
        return logical >= 0 && logical < slotOf.length ? slotOf[logical] : -1;
    }

    int intermediate() {
        return intermediate;
    }

    int hidden() {
        return hidden;
    }

    long bytes() {
        return 3L * 2 * intermediate * hidden * Arrays.stream(slotOf).filter(s -> s >= 0).count();
    }

    @Override
    public void close() {
        cuMemFree(gate);
        cuMemFree(up);
        cuMemFree(down);
    }
}
