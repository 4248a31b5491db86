package dev.janus.model.weights;

import static dev.janus.model.weights.SafetensorsBytes.bf16;
import static dev.janus.model.weights.SafetensorsBytes.f16;
import static dev.janus.model.weights.SafetensorsBytes.f32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.golden.Fixtures;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Header parsing and validation of single safetensors files, on hand-written bytes. */
class SafetensorsFileTest {

    @TempDir
    Path dir;

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void closeArena() {
        arena.close();
    }

    private Path file() {
        return dir.resolve("model.safetensors");
    }

    @Test
    void readsEveryDtypeWithItsShape() {
        SafetensorsBytes.write(file(), List.of(
                new SafetensorsBytes.Entry("a.bf16", "BF16", new long[] {2, 3}, bf16(1, -2, 3.5f, 0, 0.25f, -8)),
                new SafetensorsBytes.Entry("b.f16", "F16", new long[] {3}, f16(0.5f, -1.5f, 1000)),
                new SafetensorsBytes.Entry("c.f32", "F32", new long[] {1, 2}, f32(1e-7f, 3.14159f))));
        try (WeightStore store = WeightStore.open(dir)) {
            assertThat(store.names()).containsExactly("a.bf16", "b.f16", "c.f32");
            assertThat(store.info("a.bf16").dtype()).isEqualTo(DType.BF16);
            WeightTensor a = store.matrix("a.bf16", 2, 3);
            assertThat(a.get(0, 2)).isEqualTo(3.5f);
            assertThat(a.get(1, 2)).isEqualTo(-8f);
            assertThat(store.vector("b.f16", 3)).containsExactly(0.5f, -1.5f, 1000f);
            assertThat(store.matrix("c.f32", 1, 2).get(0, 1)).isEqualTo(3.14159f);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 7})
    void fileShorterThanTheHeaderLength(int size) {
        SafetensorsBytes.write(file(), new byte[size]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining(size + " bytes");
    }

    @Test
    void headerLengthLargerThanTheFile() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(1000).put("{\"a\":1}".getBytes());
        SafetensorsBytes.write(file(), b.array());
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("header length 1000");
    }

    @Test
    void absurdHeaderLength() {
        // the first 8 bytes of a non-safetensors file (here: ASCII text) read as a huge length
        SafetensorsBytes.write(file(), "this is not a safetensors file".getBytes());
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("header length");
    }

    @Test
    void headerNotJson() {
        SafetensorsBytes.writeRaw(file(), "{\"a\": {\"dtype\": ", new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void headerNotAnObject() {
        SafetensorsBytes.writeRaw(file(), "[1, 2, 3]", new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"I16", "F64", "U8", "F8_E5M2", "bf16"})
    void unsupportedDtype(String dtype) {
        SafetensorsBytes.writeRaw(file(), "{\"w.weight\": {\"dtype\": \"" + dtype
                + "\", \"shape\": [2], \"data_offsets\": [0, 16]}}", new byte[16]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("w.weight")
                .hasMessageContaining("unsupported dtype " + dtype);
    }

    @Test
    void dataOffsetsInconsistentWithShape() {
        // [2, 3] bf16 needs 12 bytes, the offsets give 10
        SafetensorsBytes.writeRaw(file(), "{\"w.weight\": {\"dtype\": \"BF16\", \"shape\": [2, 3], "
                + "\"data_offsets\": [0, 10]}}", new byte[12]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("w.weight")
                .hasMessageContaining("data_offsets [0,10]")
                .hasMessageContaining("6 elements");
    }

    @Test
    void dataOffsetsReversed() {
        SafetensorsBytes.writeRaw(file(), "{\"w.weight\": {\"dtype\": \"BF16\", \"shape\": [0], "
                + "\"data_offsets\": [4, 0]}}", new byte[8]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("w.weight");
    }

    @Test
    void headerEntryWithoutOffsets() {
        SafetensorsBytes.writeRaw(file(), "{\"w.weight\": {\"dtype\": \"BF16\", \"shape\": [2]}}", new byte[4]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("w.weight")
                .hasMessageContaining("data_offsets");
    }

    @Test
    void negativeDimension() {
        SafetensorsBytes.writeRaw(file(), "{\"w.weight\": {\"dtype\": \"BF16\", \"shape\": [-2, -3], "
                + "\"data_offsets\": [0, 12]}}", new byte[12]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("w.weight")
                .hasMessageContaining("shape");
    }

    @Test
    void elementCountOverflowingLong() {
        // 2^62 * 4 elements wrap to 0 in a long: must not pass as an empty tensor
        SafetensorsBytes.writeRaw(file(), "{\"w.weight\": {\"dtype\": \"BF16\", \"shape\": [4611686018427387904, 4], "
                + "\"data_offsets\": [0, 0]}}", new byte[0]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("w.weight");
    }

    @Test
    void tensorEndingPastTheEndOfTheFile() {
        SafetensorsBytes.writeRaw(file(), "{\"w.weight\": {\"dtype\": \"F32\", \"shape\": [4], "
                + "\"data_offsets\": [0, 16]}}", new byte[10]);
        assertThatThrownBy(() -> SafetensorsFile.open(file(), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("w.weight")
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedFixtureNamesTheLastTensor() throws IOException {
        Path fixture = Fixtures.dir("tiny-olmoe").resolve("model.safetensors");
        String last;
        try (Arena a = Arena.ofConfined()) {
            last = SafetensorsFile.open(fixture, a).tensors().values().stream()
                    .max(Comparator.comparingLong(TensorInfo::end)).orElseThrow().name();
        }
        byte[] bytes = Files.readAllBytes(fixture);
        SafetensorsBytes.write(file(), Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> WeightStore.open(dir))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining(last)
                .hasMessageContaining("truncated");
    }

    @Test
    void metadataIsNotATensor() {
        SafetensorsBytes.writeRaw(file(), "{\"__metadata__\": {\"format\": \"pt\"}, \"w\": {\"dtype\": \"BF16\", "
                + "\"shape\": [], \"data_offsets\": [0, 2]}}", bf16(7));
        try (Arena a = Arena.ofConfined()) {
            SafetensorsFile f = SafetensorsFile.open(file(), a);
            assertThat(f.tensors()).containsOnlyKeys("w");
            assertThat(f.tensors().get("w").elementCount()).isEqualTo(1);
        }
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> SafetensorsFile.open(dir.resolve("nope.safetensors"), arena))
                .isInstanceOf(WeightException.class)
                .hasMessageContaining("nope.safetensors");
    }
}
