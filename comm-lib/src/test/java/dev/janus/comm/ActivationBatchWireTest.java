package dev.janus.comm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.janus.comm.v1.ActivationBatch;
import dev.janus.comm.v1.DType;
import dev.janus.comm.v1.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationBatchWireTest {

    @Test
    void activationBatchSurvivesSerialisationWithLittleEndianHidden() throws Exception {
        float[] hidden = {1.5f, -2f, 0.25f, 3f, -0f, Float.MIN_VALUE}; // [tokens=2, hidden=3]
        ByteBuffer le = ByteBuffer.allocate(hidden.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : hidden) {
            le.putFloat(v);
        }
        ActivationBatch sent = ActivationBatch.newBuilder()
                .setRequestStepId(42L)
                .setLayer(3)
                .setEpoch(7L)
                .addAllTokenIndex(List.of(0, 5))
                .setHidden(Tensor.newBuilder().setDtype(DType.F32).addShape(2).addShape(3)
                        .setData(ByteString.copyFrom(le.flip())))
                .addAllPhysicalExpert(List.of(1, 4, 2, 9)) // k = 2
                .build();

        ActivationBatch received = ActivationBatch.parseFrom(sent.toByteArray());

        assertThat(received).isEqualTo(sent);
        assertThat(received.getTokenIndexList()).containsExactly(0, 5);
        assertThat(received.getPhysicalExpertList()).containsExactly(1, 4, 2, 9);
        assertThat(received.getHidden().getShapeList()).containsExactly(2L, 3L);
        ByteBuffer data = received.getHidden().getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[hidden.length];
        data.asFloatBuffer().get(decoded);
        assertThat(decoded).containsExactly(hidden);
    }
}
