package dev.janus.model.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.config.Fp8Quantization;
import dev.janus.model.config.Int8ChannelQuantization;
import dev.janus.model.config.WeightQuantization;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.Int8ChannelTensor;
import dev.janus.model.tensor.WeightTensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * All tensors of a checkpoint directory: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}, or (no index) every {@code *.safetensors} file.
 * Files are memory-mapped in a shared arena closed by {@link #close()}; opening a multi-GB
 * model costs only the header parsing. With {@link WeightMemory#HUGE_PAGES} every matrix
 * handed out is first copied into huge-page memory (once per tensor).
 */
public final class WeightStore implements AutoCloseable {

    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Arena arena;
    private final Map<String, SafetensorsFile> fileOf;
    private final WeightMemory memory;
    private final HugePageCopies copies; // null: MAPPED
    private final Map<String, MemorySegment> copied = new ConcurrentHashMap<>();

    private WeightStore(Arena arena, Map<String, SafetensorsFile> fileOf, WeightMemory memory) {
        this.arena = arena;
        this.fileOf = fileOf;
        this.memory = memory;
        this.copies = memory == WeightMemory.HUGE_PAGES ? new HugePageCopies(arena) : null;
    }

    public static WeightStore open(Path dir) {
        return open(dir, WeightMemory.MAPPED);
    }

    public static WeightStore open(Path dir, WeightMemory memory) {
        Arena arena = Arena.ofShared();
        try {
            return new WeightStore(arena, index(dir, arena), memory);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public WeightMemory memory() {
        return memory;
    }

    /** Bytes copied into huge-page memory (0 when mapped). */
    public long copiedBytes() {
        return copies == null ? 0 : copies.bytes();
    }

    /** False when the kernel refused MADV_HUGEPAGE (THP disabled): the copies then sit on 4 KiB pages. */
    public boolean hugePagesAdvised() {
        return copies != null && copies.advised();
    }

    /** How the weights are held, for a log line: {@code mapped}, or the huge-page copy's size and whether THP was accepted. */
    public String memorySummary() {
        return copies == null ? memory.label() : String.format(Locale.ROOT, "%s: %.1f MB copied, MADV_HUGEPAGE %s",
                memory.label(), copiedBytes() / 1e6, hugePagesAdvised() ? "accepted" : "refused");
    }

    /** A tensor's bytes as the kernels read them: the mapping's slice, or its huge-page copy. */
    private MemorySegment data(String name, TensorInfo info) {
        MemorySegment mapped = fileOf.get(name).data(info);
        return copies == null ? mapped : copied.computeIfAbsent(name, n -> copies.copyOf(mapped));
    }

    private static Map<String, SafetensorsFile> index(Path dir, Arena arena) {
        Path single = dir.resolve("model.safetensors");
        Path indexJson = dir.resolve("model.safetensors.index.json");
        Map<String, SafetensorsFile> byFile = new TreeMap<>();
        Map<String, SafetensorsFile> fileOf = new HashMap<>();
        if (Files.isRegularFile(indexJson)) {
            JsonNode weightMap = readIndex(indexJson);
            for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String shard = e.getValue().asText();
                SafetensorsFile file = byFile.computeIfAbsent(shard, s -> openShard(dir, s, arena));
                if (!file.tensors().containsKey(e.getKey())) {
                    throw new WeightException(indexJson + ": tensor " + e.getKey() + " is mapped to " + shard
                            + " but that file does not contain it");
                }
                fileOf.put(e.getKey(), file);
            }
            return fileOf;
        }
        List<Path> files;
        if (Files.isRegularFile(single)) {
            files = List.of(single);
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            } catch (IOException e) {
                throw new WeightException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            throw new WeightException(dir + ": no model.safetensors, model.safetensors.index.json or *.safetensors");
        }
        for (Path p : files) {
            SafetensorsFile file = SafetensorsFile.open(p, arena);
            for (String name : file.tensors().keySet()) {
                SafetensorsFile prev = fileOf.put(name, file);
                if (prev != null) {
                    throw new WeightException("tensor " + name + " is in both " + prev.path() + " and " + p);
                }
            }
        }
        return fileOf;
    }

    private static JsonNode readIndex(Path indexJson) {
        try {
            JsonNode root = JSON.readTree(Files.readString(indexJson));
            JsonNode map = root == null ? null : root.get("weight_map");
            if (map == null || !map.isObject()) {
                throw new WeightException(indexJson + ": no weight_map object");
            }
            return map;
        } catch (IOException e) {
            throw new WeightException("cannot read " + indexJson + ": " + e.getMessage(), e);
        }
    }

    private static SafetensorsFile openShard(Path dir, String shard, Arena arena) {
        Path p = dir.resolve(shard).normalize();
        if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
            throw new WeightException("shard " + shard + " listed in model.safetensors.index.json is missing in " + dir);
        }
        return SafetensorsFile.open(p, arena);
    }

    /** Whether the checkpoint has the tensor (a pack-quantized weight counts by its {@code <name>_packed}). */
    public boolean contains(String name) {
        return fileOf.containsKey(name) || packed(name);
    }

    /** Whether {@code name} exists only as pack-quantized codes, {@code <name>_packed}. */
    private boolean packed(String name) {
        return name.endsWith(".weight") && !fileOf.containsKey(name) && fileOf.containsKey(name + "_packed");
    }

    public TensorInfo info(String name) {
        SafetensorsFile file = fileOf.get(name);
        if (file == null) {
            throw new WeightException("missing tensor " + name);
        }
        return file.tensors().get(name);
    }

    /** A 2-D tensor of exactly {@code [rows, cols]} in a checkpoint without quantization. */
    public WeightTensor matrix(String name, int rows, int cols) {
        return matrix(name, rows, cols, null);
    }

    /**
     * A 2-D tensor of exactly {@code [rows, cols]}; an F8_E4M3 one comes with its block scales
     * ({@code <name>_scale_inv}, {@code [ceil(rows / blockRows), ceil(cols / blockCols)]}), which
     * needs the checkpoint's FP8 quantization, an I8 one with its per-row scales
     * ({@code <name>_scale}, {@code [rows, 1]}), which needs the int8 one ({@code quantization}
     * null: none).
     */
    public WeightTensor matrix(String name, int rows, int cols, WeightQuantization quantization) {
        if (packed(name)) {
            return packedInt8(name, rows, cols, quantization);
        }
        TensorInfo info = info(name);
        if (info.shape().length != 2 || info.shape()[0] != rows || info.shape()[1] != cols) {
            throw new WeightException("tensor " + name + " has shape " + info.shapeString()
                    + ", expected [" + rows + ", " + cols + "]");
        }
        MemorySegment data = data(name, info);
        if (info.dtype() == DType.I8) {
            return int8(name, data, rows, cols, quantization);
        }
        if (info.dtype() != DType.F8_E4M3) {
            return WeightTensor.of(name, info.dtype(), data, rows, cols);
        }
        if (!(quantization instanceof Fp8Quantization fp8)) {
            throw new WeightException("tensor " + name + " is F8_E4M3 but config.json has no FP8 quantization_config"
                    + " (weight_block_size)");
        }
        String scaleName = name + "_scale_inv";
        int br = fp8.blockRows();
        int bc = fp8.blockCols();
        int sr = Fp8BlockTensor.blocks(rows, 0, br);
        int sc = Fp8BlockTensor.blocks(cols, 0, bc);
        if (!contains(scaleName)) {
            throw new WeightException("tensor " + name + " is F8_E4M3 but its block scales " + scaleName + " are missing");
        }
        float[] scales = floats(matrix(scaleName, sr, sc, null));
        return Fp8BlockTensor.of(name, data, rows, cols, scales, br, bc);
    }

    private Int8ChannelTensor int8(String name, MemorySegment data, int rows, int cols, WeightQuantization quantization) {
        if (!(quantization instanceof Int8ChannelQuantization q) || q.packed()) {
            throw new WeightException("tensor " + name + " is I8 but config.json has no compressed-tensors int-quantized"
                    + " quantization_config");
        }
        return channelInt8(name, data, rows, cols, false);
    }

    /**
     * {@code <name>_packed}, compressed-tensors' pack-quantized int8: {@code [rows, cols / 4]} I32
     * words whose little-endian bytes are the row's codes plus 128, in order ({@code pack_to_int32},
     * packed_dim 1): read in place as offset int8 codes.
     */
    private Int8ChannelTensor packedInt8(String name, int rows, int cols, WeightQuantization quantization) {
        String packedName = name + "_packed";
        if (!(quantization instanceof Int8ChannelQuantization q) || !q.packed()) {
            throw new WeightException("tensor " + packedName + " holds pack-quantized codes but config.json has no"
                    + " compressed-tensors pack-quantized quantization_config");
        }
        TensorInfo info = info(packedName);
        if (info.dtype() != DType.I32 || cols % 4 != 0 || info.shape().length != 2 || info.shape()[0] != rows
                || info.shape()[1] != cols / 4) {
            throw new WeightException("tensor " + packedName + " is " + info.dtype() + " " + info.shapeString()
                    + "; expected I32 [" + rows + ", " + cols / 4 + "] (8-bit codes, 4 per word, in_features a multiple of 4)");
        }
        String shapeName = name + "_shape";
        if (contains(shapeName)) {
            TensorInfo shapeInfo = info(shapeName);
            MemorySegment shape = data(shapeName, shapeInfo);
            if (shapeInfo.dtype() != DType.I64 || shapeInfo.elementCount() != 2
                    || shape.get(I64_LE, 0) != rows || shape.get(I64_LE, 8) != cols) {
                throw new WeightException("tensor " + shapeName + " does not say [" + rows + ", " + cols + "]");
            }
        }
        return channelInt8(name, data(packedName, info), rows, cols, true);
    }

    /** The codes with {@code <name>_scale}, one per row ({@code [rows, 1]} or {@code [rows]}); zero points must be 0. */
    private Int8ChannelTensor channelInt8(String name, MemorySegment codes, int rows, int cols, boolean offsetCodes) {
        String scaleName = name + "_scale";
        if (!contains(scaleName)) {
            throw new WeightException("tensor " + name + " is int8 but its per-channel scales " + scaleName + " are missing");
        }
        TensorInfo scaleInfo = info(scaleName);
        long[] shape = scaleInfo.shape();
        boolean perRow = (shape.length == 2 && shape[0] == rows && shape[1] == 1) || (shape.length == 1 && shape[0] == rows);
        if (!perRow) {
            throw new WeightException("tensor " + scaleName + " has shape " + scaleInfo.shapeString() + ", expected ["
                    + rows + ", 1]: one scale per output channel (group and tensor strategies are not supported)");
        }
        if (scaleInfo.dtype() != DType.F32 && scaleInfo.dtype() != DType.BF16 && scaleInfo.dtype() != DType.F16) {
            throw new WeightException("tensor " + scaleName + " is " + scaleInfo.dtype() + "; scales must be F32, BF16 or F16");
        }
        requireZeroPoints(name);
        float[] scales = floats(WeightTensor.of(scaleName, scaleInfo.dtype(), data(scaleName, scaleInfo), rows, 1));
        return new Int8ChannelTensor(name, codes, rows, cols, scales, scaleInfo.dtype(), offsetCodes);
    }

    /** Symmetric checkpoints may still store {@code <name>_zero_point}: accepted when every one is 0. */
    private void requireZeroPoints(String name) {
        String zpName = name + "_zero_point";
        if (!contains(zpName)) {
            return;
        }
        TensorInfo zp = info(zpName);
        if (zp.dtype() != DType.I8 && zp.dtype() != DType.I32) {
            throw new WeightException("tensor " + zpName + " is " + zp.dtype() + "; zero points must be I8 or I32");
        }
        MemorySegment bytes = data(zpName, zp);
        for (long i = 0; i < bytes.byteSize(); i++) {
            if (bytes.get(ValueLayout.JAVA_BYTE, i) != 0) {
                throw new WeightException("tensor " + zpName + " has non-zero zero points: asymmetric int8 is not supported");
            }
        }
    }

    private static float[] floats(WeightTensor t) {
        float[] out = new float[(int) t.size()];
        for (int r = 0; r < t.rows(); r++) {
            t.copyRow(r, out, r * t.cols());
        }
        return out;
    }

    /** A 1-D tensor of exactly {@code [n]}, widened to float (norm weights, biases: small). */
    public float[] vector(String name, int n) {
        TensorInfo info = info(name);
        if (info.shape().length != 1 || info.shape()[0] != n) {
            throw new WeightException("tensor " + name + " has shape " + info.shapeString() + ", expected [" + n + "]");
        }
        if (info.dtype() == DType.F8_E4M3 || info.dtype() == DType.I8) {
            throw new WeightException("tensor " + name + " is " + info.dtype() + "; only linear weights may be quantized"
                    + " (norms and biases stay bf16)");
        }
        WeightTensor t = WeightTensor.of(name, info.dtype(), fileOf.get(name).data(info), 1, n);
        float[] out = new float[n];
        t.copyRow(0, out, 0);
        return out;
    }

    /** A tensor's raw little-endian bytes: a slice of the mapping (or its huge-page copy). */
    public MemorySegment raw(String name) {
        return data(name, info(name));
    }

    /** Whether {@code segment} lies inside one of the files' mappings (a slice, not a copy). */
    public boolean inFileMapping(MemorySegment segment) {
        return fileOf.values().stream().distinct().anyMatch(f -> f.maps(segment));
    }

    public List<String> names() {
        return fileOf.keySet().stream().sorted().toList();
    }

    public List<Path> files() {
        return fileOf.values().stream().map(SafetensorsFile::path).distinct().sorted().toList();
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "WeightStore" + Arrays.toString(files().toArray());
    }
}
