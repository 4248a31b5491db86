package dev.janus.model.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.WeightQuantization;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import dev.janus.model.weights.SafetensorsFile;
import dev.janus.model.weights.SafetensorsWriter;
import dev.janus.model.weights.TensorInfo;
import dev.janus.model.weights.WeightStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Model directories derived from another one in a temp folder: config.json edited, weights
 * copied as they are or rewritten (other dtype, some tensors dropped, sharded).
 */
final class CheckpointVariants {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointVariants() {
    }

    /** An empty JSON object to fill. */
    static ObjectNode json() {
        return JSON.createObjectNode();
    }

    /** {@code dst} = {@code src} with config.json edited; weight files copied byte for byte. */
    static Path withConfig(Path src, Path dst, Consumer<ObjectNode> edit) {
        try {
            Files.createDirectories(dst);
            try (Stream<Path> files = Files.list(src)) {
                for (Path f : files.filter(CheckpointVariants::isWeightFile).toList()) {
                    Files.copy(f, dst.resolve(f.getFileName()));
                }
            }
            writeConfig(src, dst, edit);
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code dst} = {@code src} with every kept tensor rewritten in {@code dtype} (same names and
     * shapes; f16 rounds to nearest even), {@code maxShardBytes} > 0 splitting it into shards + index.
     */
    static Path rewriteWeights(Path src, Path dst, DType dtype, Predicate<String> keep, long maxShardBytes,
                               Consumer<ObjectNode> edit) {
        return rewriteWeights(src, dst, dtype, keep, maxShardBytes, List.of(), edit);
    }

    /** As {@link #rewriteWeights(Path, Path, DType, Predicate, long, Consumer)}, plus {@code extra} tensors. */
    static Path rewriteWeights(Path src, Path dst, DType dtype, Predicate<String> keep, long maxShardBytes,
                               List<SafetensorsWriter.Tensor> extra, Consumer<ObjectNode> edit) {
        try (Arena arena = Arena.ofConfined()) {
            Files.createDirectories(dst);
            List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
            List<Path> files;
            try (Stream<Path> s = Files.list(src)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            }
            for (Path file : files) {
                SafetensorsFile st = SafetensorsFile.open(file, arena);
                for (TensorInfo info : st.tensors().values()) {
                    if (!keep.test(info.name())) {
                        continue;
                    }
                    WeightTensor flat = WeightTensor.of(info.name(), info.dtype(), st.data(info), 1,
                            Math.toIntExact(info.elementCount()));
                    tensors.add(new SafetensorsWriter.Tensor(info.name(), dtype, info.shape(), sink -> {
                        for (int i = 0; i < flat.cols(); i++) {
                            sink.put(flat.get(0, i));
                        }
                    }));
                }
            }
            tensors.addAll(extra);
            tensors.sort((a, b) -> a.name().compareTo(b.name()));
            SafetensorsWriter.writeModel(dst, tensors, new SafetensorsWriter.Options(1, maxShardBytes, null));
            writeConfig(src, dst, edit);
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code dst} = the quantized checkpoint {@code src} with every weight dequantized to float32:
     * FP8 as HF transformers does on a CPU ({@code q * weight_scale_inv} per block, one float
     * multiply, partial edge blocks included), int8 as compressed-tensors does
     * ({@code q * weight_scale} per row, in the scale's dtype); the scales dropped and config.json
     * without quantization_config; the other tensors widened to f32 (lossless).
     */
    static Path dequantized(Path src, Path dst) {
        try (WeightStore store = WeightStore.open(src)) {
            Files.createDirectories(dst);
            WeightQuantization quantization = ConfigParser.read(src.resolve("config.json")).quantization();
            List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
            for (String name : store.names()) {
                TensorInfo info = store.info(name);
                if (name.endsWith(".weight_scale_inv") || name.endsWith(".weight_scale") || name.endsWith(".weight_shape")
                        || name.endsWith(".weight_zero_point")) {
                    continue;
                }
                boolean matrix = info.shape().length == 2;
                boolean packed = name.endsWith(".weight_packed"); // pack-quantized int8: four codes per I32
                String outName = packed ? name.substring(0, name.length() - "_packed".length()) : name;
                long[] shape = packed ? new long[] {info.shape()[0], 4 * info.shape()[1]} : info.shape();
                WeightTensor t = matrix ? store.matrix(outName, (int) shape[0], (int) shape[1], quantization) : null;
                float[] values = matrix ? null : store.vector(name, (int) info.elementCount());
                tensors.add(new SafetensorsWriter.Tensor(outName, DType.F32, shape, sink -> {
                    if (values != null) {
                        for (float v : values) {
                            sink.put(v);
                        }
                        return;
                    }
                    for (int r = 0; r < t.rows(); r++) {
                        for (int c = 0; c < t.cols(); c++) {
                            sink.put(t.get(r, c));
                        }
                    }
                }));
            }
            SafetensorsWriter.writeModel(dst, tensors, new SafetensorsWriter.Options(1, 0, null));
            writeConfig(src, dst, c -> c.remove("quantization_config"));
            for (String f : List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json")) {
                if (Files.exists(src.resolve(f))) {
                    Files.copy(src.resolve(f), dst.resolve(f));
                }
            }
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 1-D bf16 tensor of {@code n} values uniform in [-bound, bound), deterministic in {@code seed}. */
    static SafetensorsWriter.Tensor randomVector(String name, int n, long seed, float bound) {
        return new SafetensorsWriter.Tensor(name, DType.BF16, new long[] {n}, sink -> {
            java.util.Random r = new java.util.Random(seed ^ name.hashCode());
            for (int i = 0; i < n; i++) {
                sink.put((r.nextFloat() * 2 - 1) * bound);
            }
        });
    }

    private static void writeConfig(Path src, Path dst, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(src.resolve("config.json")));
        edit.accept(config);
        Files.writeString(dst.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }

    private static boolean isWeightFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".safetensors") || name.equals(SafetensorsWriter.INDEX_FILE);
    }
}
