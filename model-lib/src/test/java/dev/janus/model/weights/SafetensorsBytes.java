package dev.janus.model.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Writes safetensors files byte by byte for loader tests, including broken ones; independent of
 * the production writer so that a bug there cannot hide one in the reader.
 */
public final class SafetensorsBytes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor: its safetensors dtype name, shape and raw little-endian bytes. */
    public record Entry(String name, String dtype, long[] shape, byte[] data) {
    }

    private SafetensorsBytes() {
    }

    /** A well-formed file holding {@code entries} back to back, in list order. */
    public static void write(Path file, List<Entry> entries) {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Entry e : entries) {
            ObjectNode t = header.putObject(e.name());
            t.put("dtype", e.dtype());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(data.size()).add(data.size() + e.data().length);
            data.writeBytes(e.data());
        }
        writeRaw(file, header.toString(), data.toByteArray());
    }

    /** Header length, {@code headerJson} padded with spaces to a multiple of 8, then {@code data}. */
    public static void writeRaw(Path file, String headerJson, byte[] data) {
        byte[] json = headerJson.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        buf.put(data);
        write(file, buf.array());
    }

    public static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every tensor of {@code file} with a copy of its bytes, in data order. */
    public static List<Entry> read(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            SafetensorsFile f = SafetensorsFile.open(file, arena);
            List<Entry> out = new ArrayList<>();
            f.tensors().values().stream().sorted(Comparator.comparingLong(TensorInfo::begin)).forEach(info ->
                    out.add(new Entry(info.name(), info.dtype().safetensorsName(), info.shape().clone(),
                            f.data(info).toArray(ValueLayout.JAVA_BYTE))));
            return out;
        }
    }

    public static byte[] bf16(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        return b.array();
    }

    public static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    public static byte[] f16(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(Float.floatToFloat16(v));
        }
        return b.array();
    }

    /**
     * Copies a model directory (config, tokenizer, ...) to {@code to} with its model.safetensors
     * rewritten through {@code edit} (drop, rename or reshape tensors).
     */
    public static void copyModel(Path from, Path to, UnaryOperator<List<Entry>> edit) {
        copyNonWeightFiles(from, to);
        write(to.resolve("model.safetensors"), edit.apply(read(from.resolve("model.safetensors"))));
    }

    /**
     * Copies a model directory with its model.safetensors split into {@code shards} files named as
     * HF {@code save_pretrained} names them, plus model.safetensors.index.json. Returns the index's
     * weight_map (tensor → shard file name).
     */
    public static Map<String, String> shardModel(Path from, Path to, int shards) {
        copyNonWeightFiles(from, to);
        List<Entry> all = read(from.resolve("model.safetensors"));
        Map<String, String> weightMap = new LinkedHashMap<>();
        int per = (all.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
            List<Entry> part = all.subList(s * per, Math.min(all.size(), (s + 1) * per));
            write(to.resolve(file), part);
            part.forEach(e -> weightMap.put(e.name(), file));
        }
        writeIndex(to, weightMap);
        return weightMap;
    }

    public static void writeIndex(Path dir, Map<String, String> weightMap) {
        ObjectNode index = JSON.createObjectNode();
        index.putObject("metadata").put("total_size", 0);
        ObjectNode map = index.putObject("weight_map");
        weightMap.forEach(map::put);
        try {
            Files.writeString(dir.resolve("model.safetensors.index.json"), index.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyNonWeightFiles(Path from, Path to) {
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().endsWith(".safetensors")) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
