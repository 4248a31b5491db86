package dev.janus.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.config.Int8ChannelQuantization;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Int8ChannelTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compressed-tensors int8 weights as WeightStore reads them: I8 codes (int-quantized) or I32 words
 * of offset bytes (pack-quantized) give the same tensor; all-zero zero points are accepted,
 * non-zero ones, missing scales, a mismatched weight_shape or the wrong format are refused by name.
 */
class Int8WeightStoreTest {

    private static final int ROWS = 4;
    private static final int COLS = 8;
    private static final Int8ChannelQuantization INT = new Int8ChannelQuantization(List.of(), false);
    private static final Int8ChannelQuantization PACKED = new Int8ChannelQuantization(List.of(), true);

    @TempDir
    Path tmp;

    private static byte code(int r, int c) {
        return (byte) ((r * 37 + c * 11) % 256 - 128);
    }

    @Test
    void packedAndPlainCodesReadTheSame() throws IOException {
        Path plain = write("plain", codes(), scales(), null, null);
        Path packed = write("packed", packedCodes(), scales(), shape(ROWS, COLS), null);
        try (WeightStore a = WeightStore.open(plain); WeightStore b = WeightStore.open(packed)) {
            assertThat(b.contains("w.weight")).isTrue();
            var x = (Int8ChannelTensor) a.matrix("w.weight", ROWS, COLS, INT);
            var y = (Int8ChannelTensor) b.matrix("w.weight", ROWS, COLS, PACKED);
            assertThat(y.offsetCodes()).isTrue();
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    assertThat(x.code(r, c)).isEqualTo(code(r, c));
                    assertThat(y.code(r, c)).isEqualTo(code(r, c));
                    assertThat(y.get(r, c)).isEqualTo(x.get(r, c)).isEqualTo(code(r, c) * (r + 1) / 64f);
                }
            }
        }
    }

    @Test
    void zeroPointsMustBeZero() throws IOException {
        Path zeros = write("zeros", codes(), scales(), null, zeroPoints(0));
        try (WeightStore s = WeightStore.open(zeros)) {
            assertThat(s.matrix("w.weight", ROWS, COLS, INT)).isInstanceOf(Int8ChannelTensor.class);
        }
        Path nonZero = write("nonzero", codes(), scales(), null, zeroPoints(3));
        try (WeightStore s = WeightStore.open(nonZero)) {
            assertThatThrownBy(() -> s.matrix("w.weight", ROWS, COLS, INT))
                    .isInstanceOf(WeightException.class)
                    .hasMessageContaining("w.weight_zero_point has non-zero zero points");
        }
    }

    @Test
    void refusals() throws IOException {
        Path plain = write("plain", codes(), scales(), null, null);
        Path packed = write("packed", packedCodes(), scales(), shape(ROWS, COLS + 4), null);
        Path noScales = write("noscales", codes(), null, null, null);
        try (WeightStore a = WeightStore.open(plain); WeightStore b = WeightStore.open(packed);
             WeightStore c = WeightStore.open(noScales)) {
            assertThatThrownBy(() -> a.matrix("w.weight", ROWS, COLS, null))
                    .hasMessageContaining("is I8 but config.json has no compressed-tensors int-quantized");
            assertThatThrownBy(() -> a.matrix("w.weight", ROWS, COLS, PACKED))
                    .hasMessageContaining("is I8 but config.json has no compressed-tensors int-quantized");
            assertThatThrownBy(() -> b.matrix("w.weight", ROWS, COLS, INT))
                    .hasMessageContaining("w.weight_packed holds pack-quantized codes but config.json has no");
            assertThatThrownBy(() -> b.matrix("w.weight", ROWS, COLS, PACKED))
                    .hasMessageContaining("w.weight_shape does not say [4, 8]");
            assertThatThrownBy(() -> b.matrix("w.weight", ROWS, COLS + 4, PACKED))
                    .hasMessageContaining("expected I32 [4, 3]");
            assertThatThrownBy(() -> c.matrix("w.weight", ROWS, COLS, INT))
                    .hasMessageContaining("its per-channel scales w.weight_scale are missing");
        }
    }

    private Path write(String name, SafetensorsWriter.Tensor codes, SafetensorsWriter.Tensor scales,
                       SafetensorsWriter.Tensor shape, SafetensorsWriter.Tensor zeroPoints) throws IOException {
        Path dir = tmp.resolve(name);
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>(List.of(codes));
        for (SafetensorsWriter.Tensor t : new SafetensorsWriter.Tensor[] {scales, shape, zeroPoints}) {
            if (t != null) {
                tensors.add(t);
            }
        }
        SafetensorsWriter.writeModel(dir, tensors, new SafetensorsWriter.Options(1, 0, null));
        return dir;
    }

    private static SafetensorsWriter.Tensor codes() {
        return new SafetensorsWriter.Tensor("w.weight", DType.I8, new long[] {ROWS, COLS}, sink -> {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    sink.put(code(r, c));
                }
            }
        });
    }

    /** pack_to_int32 for 8 bits along the row: word j holds codes 4j..4j+3 plus 128, low byte first. */
    private static SafetensorsWriter.Tensor packedCodes() {
        return new SafetensorsWriter.Tensor("w.weight_packed", DType.I32, new long[] {ROWS, COLS / 4}, sink -> {
            ByteBuffer words = ByteBuffer.allocate(ROWS * COLS).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < ROWS; r++) {
                for (int j = 0; j < COLS / 4; j++) {
                    int word = 0;
                    for (int i = 0; i < 4; i++) {
                        word |= ((code(r, 4 * j + i) + 128) & 0xFF) << (8 * i);
                    }
                    words.putInt(word);
                }
            }
            sink.putRaw(words.flip());
        });
    }

    private static SafetensorsWriter.Tensor scales() {
        return new SafetensorsWriter.Tensor("w.weight_scale", DType.F32, new long[] {ROWS, 1}, sink -> {
            for (int r = 0; r < ROWS; r++) {
                sink.put((r + 1) / 64f);
            }
        });
    }

    private static SafetensorsWriter.Tensor shape(long rows, long cols) {
        return new SafetensorsWriter.Tensor("w.weight_shape", DType.I64, new long[] {2},
                sink -> sink.putRaw(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(rows).putLong(cols).flip()));
    }

    private static SafetensorsWriter.Tensor zeroPoints(int value) {
        return new SafetensorsWriter.Tensor("w.weight_zero_point", DType.I8, new long[] {ROWS, 1}, sink -> {
            for (int r = 0; r < ROWS; r++) {
                sink.put(r == 2 ? value : 0);
            }
        });
    }
}
