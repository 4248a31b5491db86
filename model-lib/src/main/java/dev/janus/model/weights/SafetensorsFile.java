package dev.janus.model.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.tensor.DType;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A memory-mapped safetensors file: the whole file is mapped read-only into {@code arena}
 * (no copy on the heap); tensors are slices of that mapping.
 *
 * <p>Format: 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"name": {"dtype", "shape", "data_offsets": [begin, end)}, "__metadata__": {...}}},
 * offsets relative to the end of the header), then raw little-endian data.
 */
public final class SafetensorsFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Guard against reading a garbage length as a multi-GB header (HF's own limit is 100 MB). */
    private static final long MAX_HEADER = 100L << 20;

    private final Path path;
    private final MemorySegment mapping;
    private final Map<String, TensorInfo> tensors;

    private SafetensorsFile(Path path, MemorySegment mapping, Map<String, TensorInfo> tensors) {
        this.path = path;
        this.mapping = mapping;
        this.tensors = tensors;
    }

    public static SafetensorsFile open(Path path, Arena arena) {
        MemorySegment mapping;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            mapping = plain(mapped, arena);
        } catch (IOException e) {
            throw new WeightException("cannot map " + path + ": " + e.getMessage(), e);
        }
        return new SafetensorsFile(path, mapping, parseHeader(path, mapping));
    }

    /**
     * The same memory as a plain native segment (read-only, living as long as {@code arena}): the
     * JDK's mapped segments are another class than native ones (huge-page copies, MLA's off-heap
     * matrices), and a kernel that has seen both classes at its {@code fromMemorySegment} sites
     * stops eliminating vector boxes (measured: prefill 5x, decode 1.3x slower in a JVM that ran
     * both). One class for every weight keeps the kernels' type profile monomorphic.
     */
    static MemorySegment plain(MemorySegment segment, Arena arena) {
        return MemorySegment.ofAddress(segment.address()).reinterpret(segment.byteSize(), arena, null).asReadOnly();
    }

    private static Map<String, TensorInfo> parseHeader(Path path, MemorySegment file) {
        long size = file.byteSize();
        if (size < 8) {
            throw new WeightException(path + ": not a safetensors file (" + size + " bytes, no header length)");
        }
        long headerLen = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
            throw new WeightException(path + ": invalid safetensors header length " + headerLen
                    + " for a file of " + size + " bytes (wrong format or truncated file)");
        }
        byte[] headerBytes = file.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WeightException(path + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new WeightException(path + ": safetensors header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            TensorInfo info = tensorInfo(path, e.getKey(), e.getValue(), dataStart);
            if (info.end() > size) {
                throw new WeightException(path + ": tensor " + info.name() + " ends at byte " + info.end()
                        + " but the file has " + size + " bytes (truncated file)");
            }
            out.put(info.name(), info);
        }
        return out;
    }

    private static TensorInfo tensorInfo(Path path, String name, JsonNode n, long dataStart) {
        JsonNode dtypeNode = n.get("dtype");
        JsonNode shapeNode = n.get("shape");
        JsonNode offsets = n.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || offsets == null || !shapeNode.isArray()
                || !offsets.isArray() || offsets.size() != 2) {
            throw new WeightException(path + ": tensor " + name + ": header entry needs dtype, shape and data_offsets");
        }
        DType dtype = DType.fromSafetensors(dtypeNode.asText());
        if (dtype == null) {
            throw new WeightException(path + ": tensor " + name + ": unsupported dtype " + dtypeNode.asText()
                    + " (supported: BF16, F16, F32, F8_E4M3, I8, I32, I64)");
        }
        long[] shape = new long[shapeNode.size()];
        long bytes = dtype.bytes();
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new WeightException(path + ": tensor " + name + ": invalid shape " + shapeNode);
            }
            try {
                // exact: a crafted shape whose byte count wraps to 0 would otherwise pass as empty
                bytes = Math.multiplyExact(bytes, shape[i]);
            } catch (ArithmeticException e) {
                throw new WeightException(path + ": tensor " + name + ": shape " + shapeNode + " is too large", e);
            }
        }
        long elements = bytes / dtype.bytes();
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end - begin != bytes) {
            throw new WeightException(path + ": tensor " + name + ": data_offsets " + offsets + " do not hold "
                    + elements + " elements of " + dtype);
        }
        return new TensorInfo(name, dtype, shape, dataStart + begin, dataStart + end);
    }

    public Path path() {
        return path;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** Whether {@code segment} lies inside this file's mapping. */
    boolean maps(MemorySegment segment) {
        long start = mapping.address();
        return segment.address() >= start && segment.address() + segment.byteSize() <= start + mapping.byteSize();
    }

    /** The raw bytes of a tensor: a slice of the mapping, no copy. */
    public MemorySegment data(TensorInfo info) {
        return mapping.asSlice(info.begin(), info.end() - info.begin());
    }
}
