package dev.janus.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.tensor.Bf16Tensor;
import dev.janus.model.tensor.DType;
import dev.janus.model.weights.SafetensorsWriter.Options;
import dev.janus.model.weights.SafetensorsWriter.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A tiny independent reader: header JSON (in file order) and the raw file. */
    record Parsed(long headerLength, JsonNode header, byte[] file) {
        static Parsed of(Path p) throws IOException {
            byte[] b = Files.readAllBytes(p);
            long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return new Parsed(n, JSON.readTree(new String(b, 8, (int) n, StandardCharsets.UTF_8)), b);
        }

        ByteBuffer data(String name) {
            JsonNode off = header.get(name).get("data_offsets");
            int begin = (int) (8 + headerLength + off.get(0).asLong());
            int end = (int) (8 + headerLength + off.get(1).asLong());
            return ByteBuffer.wrap(file, begin, end - begin).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static Tensor raw(String name, DType dtype, long[] shape, ByteBuffer bytes) {
        return new Tensor(name, dtype, shape, sink -> sink.putRaw(bytes.duplicate()));
    }

    private static Tensor floats(String name, DType dtype, long[] shape, float... values) {
        return new Tensor(name, dtype, shape, sink -> {
            for (float v : values) {
                sink.put(v);
            }
        });
    }

    @Test
    void handComputedExampleIsExact() throws IOException {
        Path f = tmp.resolve("x.safetensors");
        SafetensorsWriter.write(f, List.of(
                floats("c", DType.F16, new long[] {1}, 1.0f),
                floats("a", DType.BF16, new long[] {1, 2}, 1.0f, 0.5f),
                floats("b", DType.F32, new long[] {2}, 1.0f, -2.0f)));
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
                + "\"c\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[12,14]}}";
        assertThat(header.length()).isEqualTo(197); // padded with 3 spaces to 200 = 0xc8
        String expected = "c800000000000000" + HexFormat.of().formatHex((header + "   ").getBytes(StandardCharsets.US_ASCII))
                + "0000803f" + "000000c0" // F32 1.0, -2.0
                + "803f" + "003f"          // BF16 1.0, 0.5
                + "003c";                  // F16 1.0
        assertThat(HexFormat.of().formatHex(Files.readAllBytes(f))).isEqualTo(expected);
    }

    @Test
    void rewritesTheHfFixturesByteForByte() throws IOException, URISyntaxException {
        for (String fixture : List.of("tiny-mixtral", "tiny-qwen3moe")) {
            Path original = Path.of(getClass().getResource("/fixtures/" + fixture + "/model.safetensors").toURI());
            Parsed p = Parsed.of(original);
            List<Tensor> tensors = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = p.header().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("__metadata__")) {
                    long[] shape = JSON.convertValue(e.getValue().get("shape"), long[].class);
                    tensors.add(raw(e.getKey(), DType.fromSafetensors(e.getValue().get("dtype").asText()), shape, p.data(e.getKey())));
                }
            }
            Collections.shuffle(tensors, new Random(1)); // the writer must restore the crate's order
            Path dir = tmp.resolve(fixture);
            SafetensorsWriter.writeModel(dir, tensors, new Options(4, 0, null));
            assertThat(Files.mismatch(original, dir.resolve("model.safetensors"))).as(fixture).isEqualTo(-1L);
        }
    }

    @Test
    void parallelOutputParsesBackWithContiguousSortedEntries() throws IOException {
        List<Tensor> tensors = new ArrayList<>();
        Random r = new Random(9);
        for (int i = 0; i < 40; i++) {
            int rows = 1 + r.nextInt(700);
            int cols = 1 + r.nextInt(900); // several tensors exceed the 1 MiB buffer
            tensors.add(new Tensor("t." + i, DType.BF16, new long[] {rows, cols}, sink -> {
                for (int k = 0; k < rows * cols; k++) {
                    sink.put(k % 251 * 0.25f);
                }
            }));
        }
        AtomicLong last = new AtomicLong();
        List<Path> files = SafetensorsWriter.writeModel(tmp, tensors, new Options(4, 0, (done, total) -> last.accumulateAndGet(done, Math::max)));
        Parsed p = Parsed.of(files.getFirst());
        assertThat(p.headerLength() % 8).isZero();
        long offset = 0;
        String previous = "";
        long sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = p.header().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                assertThat(offset).isZero();
                assertThat(e.getValue().get("format").asText()).isEqualTo("pt");
                continue;
            }
            assertThat(e.getKey()).isGreaterThan(previous);
            previous = e.getKey();
            JsonNode shape = e.getValue().get("shape");
            long bytes = shape.get(0).asLong() * shape.get(1).asLong() * 2;
            assertThat(e.getValue().get("data_offsets").get(0).asLong()).isEqualTo(offset);
            assertThat(e.getValue().get("data_offsets").get(1).asLong()).isEqualTo(offset + bytes);
            ByteBuffer d = p.data(e.getKey());
            assertThat(Bf16Tensor.toFloat(d.getShort(2 * 250))).isEqualTo(62.5f);
            assertThat(Bf16Tensor.toFloat(d.getShort(2 * 251))).isZero();
            offset += bytes;
            sum += bytes;
        }
        assertThat((long) p.file().length).isEqualTo(8 + p.headerLength() + offset);
        assertThat(last.get()).isEqualTo(sum);
    }

    @Test
    void shardsLikeHfSplitTorchStateDictIntoShards() throws IOException {
        // sizes 40, 40, 30, 100, 10 with a limit of 80: [t0 t1], then t3 alone (too big, emitted at
        // once while t2's shard is still open), then [t2 t4] — exactly HF's order of shards.
        long[] sizes = {40, 40, 30, 100, 10};
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            tensors.add(raw("t" + i, DType.BF16, new long[] {sizes[i] / 2}, ByteBuffer.allocate((int) sizes[i])));
        }
        List<Path> files = SafetensorsWriter.writeModel(tmp, tensors, new Options(2, 80, null));
        assertThat(files.stream().map(f -> f.getFileName().toString())).containsExactly(
                "model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                "model-00003-of-00003.safetensors", "model.safetensors.index.json");
        JsonNode index = JSON.readTree(files.get(3).toFile());
        assertThat(index.get("metadata").get("total_size").asLong()).isEqualTo(220);
        Map<String, String> expected = Map.of("t0", "model-00001-of-00003.safetensors", "t1", "model-00001-of-00003.safetensors",
                "t3", "model-00002-of-00003.safetensors", "t2", "model-00003-of-00003.safetensors", "t4", "model-00003-of-00003.safetensors");
        assertThat(JSON.convertValue(index.get("weight_map"), Map.class)).isEqualTo(expected);
        for (int s = 0; s < 3; s++) {
            Parsed p = Parsed.of(files.get(s));
            for (Iterator<String> names = p.header().fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertThat(name.equals("__metadata__") || expected.get(name).equals(files.get(s).getFileName().toString())).isTrue();
            }
        }
        assertThat(Files.readString(files.get(3))).startsWith("{\n  \"metadata\": {\n    \"total_size\": 220\n  },\n  \"weight_map\": {\n    \"t0\": ").endsWith("\n  }\n}\n");
    }

    @Test
    void wrongByteCountsAndDuplicatesAreRejected() {
        Path f = tmp.resolve("bad.safetensors");
        assertThatThrownBy(() -> SafetensorsWriter.write(f, List.of(floats("short", DType.F32, new long[] {3}, 1f, 2f))))
                .isInstanceOf(IOException.class).hasMessageContaining("produced 8 bytes, expected 12");
        assertThat(f).doesNotExist();
        assertThatThrownBy(() -> SafetensorsWriter.write(f, List.of(floats("long", DType.BF16, new long[] {1}, 1f, 2f))))
                .isInstanceOf(IOException.class).hasMessageContaining("more than its 2 bytes");
        assertThatThrownBy(() -> SafetensorsWriter.writeModel(tmp, List.of(floats("x", DType.F32, new long[] {1}, 1f),
                floats("x", DType.F32, new long[] {1}, 1f)), Options.singleThreaded()))
                .hasMessageContaining("duplicate tensor name x");
        assertThatThrownBy(() -> floats("__metadata__", DType.F32, new long[] {1}, 1f)).hasMessageContaining("invalid tensor name");
    }
}
