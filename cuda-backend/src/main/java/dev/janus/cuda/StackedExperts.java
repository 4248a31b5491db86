package dev.janus.cuda;

import dev.janus.model.model.MlpWeights;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Float8E4m3;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.WeightTensor;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

import java.util.Arrays;

import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

/**
 * One layer's hosted routed experts on the device: gate and up {@code [slots, intermediate, hidden]},
 * down {@code [slots, hidden, intermediate]}, one slot per hosted logical expert, in the
 * checkpoint's dtype: bf16, or FP8 codes with each expert's float32 block scales stacked beside
 * them ({@code [slots, scaleRows * scaleCols]}; every expert of a layer on the same block grid).
 * The grouped GEMM finds expert e at slot {@link #slot}(e).
 */
final class StackedExperts implements AutoCloseable {

    /** One projection of every slot; for FP8 its scales and their grid (per slot). */
    record Projection(CUdeviceptr data, CUdeviceptr scales, int scaleRows, int scaleCols) {
    }

    private final int[] slotOf; // [logical experts] slot, -1 = not hosted
    private final int intermediate;
    private final int hidden;
    private final DType dtype;
    private final int blockRows; // FP8 block grid; 0 for bf16
    private final int blockCols;
    final Projection gate;
    final Projection up;
    final Projection down;

    private StackedExperts(int[] slotOf, int intermediate, int hidden, DType dtype, int blockRows, int blockCols,
                           Projection gate, Projection up, Projection down) {
        this.slotOf = slotOf;
        this.intermediate = intermediate;
        this.hidden = hidden;
        this.dtype = dtype;
        this.blockRows = blockRows;
        this.blockCols = blockCols;
        this.gate = gate;
        this.up = up;
        this.down = down;
    }

    /** Whether the device can stack these experts: all bf16, or all FP8 checkpoint tensors on one block grid. */
    static boolean supported(MlpWeights[] experts) {
        WeightTensor first = null;
        for (MlpWeights w : experts) {
            if (w == null) {
                continue;
            }
            for (WeightTensor t : new WeightTensor[] {w.gate(), w.up(), w.down()}) {
                first = first == null ? t : first;
                if (!DeviceTensor.supported(t) || t.dtype() != first.dtype() || t instanceof Fp8BlockTensor f
                        && (f.rowOffset() != 0 || f.colOffset() != 0 || !sameGrid(f, (Fp8BlockTensor) first))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean sameGrid(Fp8BlockTensor a, Fp8BlockTensor b) {
        return a.blockRows() == b.blockRows() && a.blockCols() == b.blockCols();
    }

    static StackedExperts upload(MlpWeights[] experts, PinnedStaging staging, CUstream stream, long chunk) {
        if (!supported(experts)) {
            throw new IllegalArgumentException("the layer's experts are neither all BF16 nor all F8_E4M3 on one block grid");
        }
        int[] slotOf = new int[experts.length];
        Arrays.fill(slotOf, -1);
        int slots = 0;
        MlpWeights first = null;
        for (int e = 0; e < experts.length; e++) {
            MlpWeights w = experts[e];
            if (w == null) {
                continue;
            }
            if (first == null) {
                first = w;
            } else if (w.intermediateSize() != first.intermediateSize() || w.gate().cols() != first.gate().cols()) {
                throw new IllegalArgumentException("expert " + e + " is [" + w.intermediateSize() + ", " + w.gate().cols()
                        + "], the layer's others [" + first.intermediateSize() + ", " + first.gate().cols()
                        + "]: stacking needs one shape");
            }
            slotOf[e] = slots++;
        }
        int inter = first == null ? 0 : first.intermediateSize();
        int hidden = first == null ? 0 : first.gate().cols();
        DType dtype = first == null ? DType.BF16 : first.gate().dtype();
        Fp8BlockTensor grid = first != null && first.gate() instanceof Fp8BlockTensor f ? f : null;
        int br = grid == null ? 0 : grid.blockRows();
        int bc = grid == null ? 0 : grid.blockCols();
        Projection gate = allocate(slots, inter, hidden, dtype, br, bc);
        Projection up = allocate(slots, inter, hidden, dtype, br, bc);
        Projection down = allocate(slots, hidden, inter, dtype, br, bc);
        for (int e = 0; e < experts.length; e++) {
            if (slotOf[e] >= 0) {
                copy(experts[e].gate(), gate, slotOf[e], staging, stream, chunk);
                copy(experts[e].up(), up, slotOf[e], staging, stream, chunk);
                copy(experts[e].down(), down, slotOf[e], staging, stream, chunk);
            }
        }
        return new StackedExperts(slotOf, inter, hidden, dtype, br, bc, gate, up, down);
    }

    /**
     * {@code slots} experts of random weights made on the device (benchmarks): expert e at slot e.
     * bf16: entries uniform in ±1/sqrt(fan-in). FP8 (128 x 128 blocks): codes uniform over the
     * non-NaN ones (±448), every block scale 1/(448 sqrt(fan-in)), so entries lie in the same range.
     */
    static StackedExperts random(int slots, int intermediate, int hidden, DType dtype, CudaKernels kernels, int seed) {
        int block = dtype == DType.BF16 ? 0 : 128;
        Projection gate = allocate(slots, intermediate, hidden, dtype, block, block);
        Projection up = allocate(slots, intermediate, hidden, dtype, block, block);
        Projection down = allocate(slots, hidden, intermediate, dtype, block, block);
        fillRandom(gate, (long) slots * intermediate * hidden, slots, hidden, dtype, kernels, seed);
        fillRandom(up, (long) slots * intermediate * hidden, slots, hidden, dtype, kernels, seed + 1);
        fillRandom(down, (long) slots * intermediate * hidden, slots, intermediate, dtype, kernels, seed + 2);
        int[] slotOf = new int[slots];
        Arrays.setAll(slotOf, i -> i);
        return new StackedExperts(slotOf, intermediate, hidden, dtype, block, block, gate, up, down);
    }

    private static void fillRandom(Projection p, long n, int slots, int fanIn, DType dtype, CudaKernels kernels, int seed) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        if (dtype == DType.BF16) {
            kernels.fillUniformBf16(p.data(), n, seed, bound);
            return;
        }
        kernels.fillUniformE4m3(p.data(), n, seed);
        float[] scales = new float[slots * p.scaleRows() * p.scaleCols()];
        Arrays.fill(scales, bound / Float8E4m3.MAX);
        cuMemcpyHtoD(p.scales(), Pointer.to(scales), 4L * scales.length);
    }

    private static Projection allocate(int slots, int rows, int cols, DType dtype, int blockRows, int blockCols) {
        long elements = (long) slots * rows * cols;
        if (dtype == DType.BF16) {
            return new Projection(DeviceBuffer.allocate(2 * elements), null, 0, 0);
        }
        int scaleRows = Fp8BlockTensor.blocks(rows, 0, blockRows);
        int scaleCols = Fp8BlockTensor.blocks(cols, 0, blockCols);
        return new Projection(DeviceBuffer.allocate(elements), DeviceBuffer.allocate(4L * slots * scaleRows * scaleCols),
                scaleRows, scaleCols);
    }


    private static void copy(WeightTensor w, Projection p, int slot, PinnedStaging staging, CUstream stream, long chunk) {
        staging.upload(w.segment(), p.data().withByteOffset(slot * w.segment().byteSize()), stream, chunk);
        if (w instanceof Fp8BlockTensor f) {
            int n = p.scaleRows() * p.scaleCols();
            staging.upload(f.scales(), 0, n, p.scales(), 4L * slot * n, stream);
        }
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

    boolean isFp8() {
        return dtype == DType.F8_E4M3;
    }

    int blockRows() {
        return blockRows;
    }

    int blockCols() {
        return blockCols;
    }

    long bytes() {
        long hosted = Arrays.stream(slotOf).filter(s -> s >= 0).count();
        long perExpert = 3L * intermediate * hidden * (isFp8() ? 1 : 2);
        if (isFp8()) {
            perExpert += 4L * (2L * gate.scaleRows() * gate.scaleCols() + (long) down.scaleRows() * down.scaleCols());
        }
        return hosted * perExpert;
    }

    @Override
    public void close() {
        for (Projection p : new Projection[] {gate, up, down}) {
            DeviceBuffer.free(p.data());
            DeviceBuffer.free(p.scales());
        }
    }
}
