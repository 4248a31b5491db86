package dev.janus.cuda;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.MlpWeights;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.ExpertExecutor;
import dev.janus.model.moe.GroupedExpertFfn;
import dev.janus.model.moe.SwiGlu;
import java.util.function.Consumer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventRecord;

/**
 * The grouped expert FFN of a layer step on the device, the same contract as model-lib's
 * {@link GroupedExpertFfn}: every (token, physical expert) row of the plan gets
 * {@code down(silu(gate x) ⊙ up x)} of its expert, unweighted (TopKCombiner weighs). One launch
 * sequence per step whatever the number of experts: gather (rows grouped by expert, bf16) →
 * grouped GEMM gate → grouped GEMM up → SiLU·mul (bf16) → grouped GEMM down; then one copy back
 * and the rows scattered to their (token, slot) places. Each expert's weights are read once per
 * step per 64-row tile of its group, in their checkpoint dtype (FP8 experts dequantized to bf16
 * as each tile loads). Layers whose experts are neither all bf16 nor all FP8 run on the CPU FFN.
 *
 * <p>A MoE instance makes one per placement epoch; closing it frees its device buffers and the
 * device copies of its weights (the epoch was released).
 */
public final class CudaExpertExecutor implements ExpertExecutor, AutoCloseable {

    private final CudaDevice device;
    private final CudaKernels kernels;
    private final DeviceWeights deviceWeights;
    private final ModelWeights weights;
    private final int hidden;
    private final GroupedExpertFfn cpu;
    private final PinnedStaging staging = new PinnedStaging();
    private final DeviceBuffer dx = new DeviceBuffer();        // [tokens, hidden] f32
    private final DeviceBuffer dRowToken = new DeviceBuffer(); // [rows]
    private final DeviceBuffer dGroupSlot = new DeviceBuffer();// [groups]
    private final DeviceBuffer dRowStart = new DeviceBuffer(); // [groups + 1]
    private final DeviceBuffer dTileGroup = new DeviceBuffer();
    private final DeviceBuffer dTileRow = new DeviceBuffer();
    private final DeviceBuffer dGathered = new DeviceBuffer(); // [rows, hidden] bf16
    private final DeviceBuffer dGate = new DeviceBuffer();     // [rows, inter] f32
    private final DeviceBuffer dUp = new DeviceBuffer();       // [rows, inter] f32
    private final DeviceBuffer dAct = new DeviceBuffer();      // [rows, inter] bf16
    private final DeviceBuffer dOut = new DeviceBuffer();      // [rows, hidden] f32
    private int[] rowToken = new int[0];
    private int[] rowDest = new int[0];
    private int[] groupSlot = new int[0];
    private int[] rowStart = new int[1];
    private int[] tileGroup = new int[0];
    private int[] tileRow = new int[0];
    private float[] result = new float[0];
    private int groupCount; // groups of the current step (set by group)
    private final CUevent start = new CUevent();
    private final CUevent stop = new CUevent();
    private final float[] elapsed = new float[1];
    private final Consumer<CudaExpertExecutor> onClose;
    private float lastKernelMillis;
    private boolean closed;

    CudaExpertExecutor(CudaDevice device, CudaKernels kernels, DeviceWeights deviceWeights, ModelWeights weights,
                       int hidden, MatmulKernel cpuMatmul, Consumer<CudaExpertExecutor> onClose) {
        this.device = device;
        this.kernels = kernels;
        this.deviceWeights = deviceWeights;
        this.weights = weights;
        this.hidden = hidden;
        this.cpu = new GroupedExpertFfn(new SwiGlu(cpuMatmul));
        this.onClose = onClose;
        device.bind();
        cuEventCreate(start, 0);
        cuEventCreate(stop, 0);
    }

    @Override
    public synchronized void execute(int layer, DispatchPlan plan, float[] x, float[] out) {
        if (closed) {
            throw new IllegalStateException("the cuda expert executor is closed (its placement epoch was released)");
        }
        MlpWeights[] experts = weights.layers()[layer].moe().experts();
        if (!StackedExperts.supported(experts)) {
            cpu.run(experts, layer, plan, x, hidden, out);
            return;
        }
        device.bind();
        executeOn(deviceWeights.experts(experts), layer, plan, x, out);
    }

    /**
     * The launch sequence on given device experts (also the benchmark's entry); the time of its
     * kernels, copies excluded, is then {@link #lastKernelMillis()}.
     */
    synchronized void executeOn(StackedExperts stacked, int layer, DispatchPlan plan, float[] x, float[] out) {
        device.bind();
        int rows = group(layer, plan, stacked);
        if (rows == 0) {
            lastKernelMillis = 0;
            return;
        }
        int groups = groupCount;
        int tiles = LaunchGeometry.rowTiles(rowStart, groups, tileGroup, tileRow);
        int inter = stacked.intermediate();
        var s = kernels.stream();
        CUdeviceptr x0 = dx.ensure(4L * plan.tokens() * hidden);
        staging.upload(x, 0, plan.tokens() * hidden, x0, 0, s);
        staging.upload(rowToken, rows, dRowToken.ensure(4L * rows), s);
        staging.upload(groupSlot, groups, dGroupSlot.ensure(4L * groups), s);
        staging.upload(rowStart, groups + 1, dRowStart.ensure(4L * (groups + 1)), s);
        staging.upload(tileGroup, tiles, dTileGroup.ensure(4L * tiles), s);
        staging.upload(tileRow, tiles, dTileRow.ensure(4L * tiles), s);
        CUdeviceptr gathered = dGathered.ensure(2L * rows * hidden);
        CUdeviceptr gate = dGate.ensure(4L * rows * inter);
        CUdeviceptr up = dUp.ensure(4L * rows * inter);
        CUdeviceptr act = dAct.ensure(2L * rows * inter);
        CUdeviceptr res = dOut.ensure(4L * rows * hidden);
        cuEventRecord(start, s);
        kernels.gatherRowsBf16(x0, dRowToken.ptr(), gathered, rows, hidden);
        kernels.groupedGemm(gathered, stacked, stacked.gate, dGroupSlot.ptr(), gate, dTileGroup.ptr(), dTileRow.ptr(),
                dRowStart.ptr(), tiles, inter, hidden);
        kernels.groupedGemm(gathered, stacked, stacked.up, dGroupSlot.ptr(), up, dTileGroup.ptr(), dTileRow.ptr(),
                dRowStart.ptr(), tiles, inter, hidden);
        kernels.siluMulBf16(gate, up, act, (long) rows * inter);
        kernels.groupedGemm(act, stacked, stacked.down, dGroupSlot.ptr(), res, dTileGroup.ptr(), dTileRow.ptr(),
                dRowStart.ptr(), tiles, hidden, inter);
        cuEventRecord(stop, s);
        if (result.length < rows * hidden) {
            result = new float[rows * hidden];
        }
        staging.download(res, result, 0, rows * hidden, s);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(result, r * hidden, out, rowDest[r] * hidden, hidden);
        }
        cuEventElapsedTime(elapsed, start, stop); // the download above synchronised the stream
        lastKernelMillis = elapsed[0];
    }

    /** Milliseconds the last step's kernels took on the device (CUDA events), copies excluded. */
    synchronized float lastKernelMillis() {
        return lastKernelMillis;
    }

    /** Fills the host-side row lists, grouped by physical expert; returns the row count. */
    private int group(int layer, DispatchPlan plan, StackedExperts stacked) {
        int k = plan.topK();
        int maxRows = plan.rows();
        int physical = plan.physicalExperts();
        if (rowToken.length < maxRows) {
            rowToken = new int[maxRows];
            rowDest = new int[maxRows];
        }
        if (groupSlot.length < physical) {
            groupSlot = new int[physical];
            rowStart = new int[physical + 1];
        }
        int tilesBound = LaunchGeometry.maxRowTiles(maxRows, physical);
        if (tileGroup.length < tilesBound) {
            tileGroup = new int[tilesBound];
            tileRow = new int[tilesBound];
        }
        int rows = 0;
        int groups = 0;
        rowStart[0] = 0;
        for (int p = 0; p < physical; p++) {
            int n = plan.groupSize(p);
            if (n == 0) {
                continue;
            }
            int logical = plan.logicalOf(layer, p);
            int slot = stacked.slot(logical);
            if (slot < 0) {
                throw new IllegalArgumentException("layer " + layer + ": physical expert " + p + " (logical " + logical
                        + ") is not hosted here");
            }
            for (int i = 0; i < n; i++) {
                int row = plan.groupRow(p, i);
                rowToken[rows] = row / k;
                rowDest[rows] = row;
                rows++;
            }
            groupSlot[groups] = slot;
            rowStart[++groups] = rows;
        }
        groupCount = groups;
        return rows;
    }

    /** Frees the device buffers and this executor's weights on the device; idempotent. */
    @Override
    public void close() {
        synchronized (this) { // after a step in flight
            if (closed) {
                return;
            }
            closed = true;
            free();
        }
        onClose.accept(this); // outside this lock: the accelerator's close holds its own, then takes this one
    }

    private void free() {
        device.bind();
        for (var layer : weights.layers()) {
            if (layer.moe() != null) {
                deviceWeights.releaseExperts(layer.moe().experts());
            }
        }
        for (DeviceBuffer b : new DeviceBuffer[] {dx, dRowToken, dGroupSlot, dRowStart, dTileGroup, dTileRow, dGathered,
                dGate, dUp, dAct, dOut}) {
            b.close();
        }
        staging.close();
        cuEventDestroy(start);
        cuEventDestroy(stop);
    }
}
