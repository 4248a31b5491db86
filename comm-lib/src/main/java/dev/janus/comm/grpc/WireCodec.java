package dev.janus.comm.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.janus.comm.dispatch.InstanceBatch;
import dev.janus.comm.dispatch.InstanceResult;
import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.DType;
import dev.janus.comm.v1.ExpertResultBatch;
import dev.janus.comm.v1.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * {@link InstanceBatch} / {@link InstanceResult} ↔ the protobuf messages of DESIGN.md §5.
 * Tensors travel as little-endian float32 (exact, so a split deployment equals the monolithic
 * one); bf16 tensors are accepted on input. Malformed messages are an
 * {@link IllegalArgumentException} naming the field.
 */
public final class WireCodec {

    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private WireCodec() {
    }

    public static ActivationBatch toWire(InstanceBatch b) {
        ActivationBatch.Builder m = ActivationBatch.newBuilder()
                .setRequestStepId(b.stepId()).setLayer(b.layer()).setEpoch(b.epoch())
                .setHidden(tensor(b.hidden(), b.tokens(), b.hiddenSize()));
        for (int t : b.tokenIndex()) {
            m.addTokenIndex(t);
        }
        for (int i = 0; i < b.tokens() * b.topK(); i++) {
            m.addPhysicalExpert(b.physicalExperts()[i]);
        }
        return m.build();
    }

    public static InstanceBatch fromWire(ActivationBatch m) {
        int tokens = m.getTokenIndexCount();
        if (tokens == 0) {
            throw new IllegalArgumentException("ActivationBatch.token_index is empty");
        }
        Tensor h = m.getHidden();
        if (h.getShapeCount() != 2 || h.getShape(0) != tokens || h.getShape(1) <= 0 || h.getShape(1) > 1 << 20) {
            throw new IllegalArgumentException("ActivationBatch.hidden: shape " + h.getShapeList()
                    + " is not [" + tokens + ", hidden]");
        }
        int hidden = (int) h.getShape(1);
        if (m.getPhysicalExpertCount() % tokens != 0) {
            throw new IllegalArgumentException("ActivationBatch.physical_expert: " + m.getPhysicalExpertCount()
                    + " entries is not k per token for " + tokens + " tokens");
        }
        int k = m.getPhysicalExpertCount() / tokens;
        int[] tokenIndex = new int[tokens];
        for (int i = 0; i < tokens; i++) {
            tokenIndex[i] = m.getTokenIndex(i);
        }
        int[] physical = new int[tokens * k];
        for (int i = 0; i < physical.length; i++) {
            physical[i] = m.getPhysicalExpert(i);
            if (physical[i] < -1) {
                throw new IllegalArgumentException("ActivationBatch.physical_expert: invalid id " + physical[i]);
            }
        }
        return new InstanceBatch(m.getRequestStepId(), m.getLayer(), m.getEpoch(), tokenIndex,
                floats(h, tokens * hidden, "ActivationBatch.hidden"), hidden, k, physical);
    }

    public static ExpertResultBatch toWire(InstanceResult r, int hidden) {
        return ExpertResultBatch.newBuilder().setRequestStepId(r.stepId()).setLayer(r.layer())
                .setOutputs(tensor(r.outputs(), r.rows(), hidden)).build();
    }

    public static InstanceResult fromWire(ExpertResultBatch m) {
        Tensor t = m.getOutputs();
        if (t.getShapeCount() != 2) {
            throw new IllegalArgumentException("ExpertResultBatch.outputs: shape " + t.getShapeList() + " is not [rows, hidden]");
        }
        int rows = (int) t.getShape(0);
        int hidden = (int) t.getShape(1);
        return new InstanceResult(m.getRequestStepId(), m.getLayer(), rows,
                floats(t, rows * hidden, "ExpertResultBatch.outputs"));
    }

    private static Tensor tensor(float[] data, int rows, int cols) {
        int n = rows * cols;
        byte[] bytes = new byte[n * Float.BYTES];
        MemorySegment.copy(data, 0, MemorySegment.ofArray(bytes), F32_LE, 0, n);
        ByteString payload = UnsafeByteOperations.unsafeWrap(bytes); // bytes is never touched again
        return Tensor.newBuilder().setDtype(DType.F32).addShape(rows).addShape(cols).setData(payload).build();
    }

    private static float[] floats(Tensor t, int n, String field) {
        ByteString data = t.getData();
        float[] out = new float[n];
        switch (t.getDtype()) {
            case F32 -> {
                if (data.size() != n * Float.BYTES) {
                    throw new IllegalArgumentException(field + ": " + data.size() + " bytes for " + n + " f32 values");
                }
                MemorySegment.copy(MemorySegment.ofBuffer(data.asReadOnlyByteBuffer()), F32_LE, 0, out, 0, n);
            }
            case BF16 -> {
                if (data.size() != n * 2) {
                    throw new IllegalArgumentException(field + ": " + data.size() + " bytes for " + n + " bf16 values");
                }
                MemorySegment seg = MemorySegment.ofBuffer(data.asReadOnlyByteBuffer());
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((seg.getAtIndex(I16_LE, i) & 0xFFFF) << 16);
                }
            }
            default -> throw new IllegalArgumentException(field + ": unsupported dtype " + t.getDtype());
        }
        return out;
    }
}
