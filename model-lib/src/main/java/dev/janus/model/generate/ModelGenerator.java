package dev.janus.model.generate;

import dev.janus.model.config.Fp8Quantization;
import dev.janus.model.config.Int8ChannelQuantization;
import dev.janus.model.config.ModelFamily;
import dev.janus.model.json.PythonJson;
import dev.janus.model.tensor.DType;
import dev.janus.model.tokenizer.GeneratedTokenizer;
import dev.janus.model.tokenizer.TokenizerGenerator;
import dev.janus.model.tokenizer.TokenizerStyle;
import dev.janus.model.weights.SafetensorsWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a deterministic random MoE model in exact HF layout ({@code make-model}): config.json,
 * generation_config.json, tokenizer files and bf16 model.safetensors (or shards + index); with
 * {@link MakeModelRequest#quantization()} the linear layers are block-wise FP8 ({@link Fp8BlockQuantizer})
 * or int8 per channel ({@link Int8ChannelQuantizer}). The same
 * request gives byte-identical files; weights are streamed tensor by tensor from a small thread
 * pool, never held on the heap.
 *
 * <pre>{@code
 * GeneratedModel m = ModelGenerator.generate(
 *         MakeModelRequest.of(ModelPreset.TINY, ModelFamily.MIXTRAL, 42, dir), System.out);
 * }</pre>
 */
public final class ModelGenerator {

    private ModelGenerator() {
    }

    /** Generates the model; progress lines go to {@code progress}, or nowhere when it is null. */
    public static GeneratedModel generate(MakeModelRequest request, PrintStream progress) throws IOException {
        long start = System.nanoTime();
        ModelDimensions d = request.dimensions();
        Path dir = request.outDir();
        Files.createDirectories(dir);
        deleteStaleWeights(dir);
        List<Path> files = new ArrayList<>();

        GeneratedTokenizer tok = writeTokenizer(dir, request.family(), request.seed());
        if (tok.vocabSize() > d.vocabSize()) {
            throw new IllegalStateException("tokenizer has " + tok.vocabSize() + " ids but the "
                    + request.preset().name().toLowerCase(Locale.ROOT) + " preset only " + d.vocabSize() + " embedding rows");
        }
        files.addAll(List.of(dir.resolve("tokenizer.json"), dir.resolve("tokenizer_config.json"),
                dir.resolve("special_tokens_map.json")));
        Map<String, Object> config = HfConfigFiles.config(request.family(), d, tok);
        if (request.quantization() != null) {
            config.put("quantization_config", request.quantization().toJson());
        }
        files.add(writeJson(dir.resolve("config.json"), config));
        files.add(writeJson(dir.resolve("generation_config.json"), HfConfigFiles.generationConfig(tok)));

        List<WeightSpec> specs = HfCheckpointLayout.tensors(request.family(), d, tok.vocabSize());
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>(specs.size());
        long params = 0;
        for (WeightSpec s : specs) {
            if (request.quantization() instanceof Fp8Quantization fp8 && quantized(s)) {
                tensors.addAll(new Fp8BlockQuantizer(s, request.seed(), fp8).tensors());
            } else if (request.quantization() instanceof Int8ChannelQuantization int8 && quantized(s)) {
                tensors.addAll(new Int8ChannelQuantizer(s, request.seed(), int8.packed()).tensors());
            } else {
                tensors.add(new SafetensorsWriter.Tensor(s.name(), DType.BF16, s.shape(), WeightFiller.content(s, request.seed())));
            }
            params += s.elementCount();
        }
        long weightBytes = tensors.stream().mapToLong(SafetensorsWriter.Tensor::byteSize).sum();
        var options = new SafetensorsWriter.Options(request.threads(), request.maxShardBytes(),
                progress == null ? null : new ProgressPrinter(progress));
        files.addAll(SafetensorsWriter.writeModel(dir, tensors, options));

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (progress != null) {
            progress.printf("make-model: wrote %s (%s %s%s, %,d parameters, %.1f MB) in %.1f s%n", dir,
                    request.family().modelType(), request.preset().name().toLowerCase(Locale.ROOT),
                    switch (request.quantization()) {
                        case null -> "";
                        case Fp8Quantization f -> " fp8";
                        case Int8ChannelQuantization i -> " int8";
                    }, params, weightBytes / 1e6, elapsed.toNanos() / 1e9);
        }
        return new GeneratedModel(dir, files, params, weightBytes, tok, elapsed);
    }

    /**
     * Whether a weight is quantized (FP8 or int8): every linear layer (attention and MLA
     * projections, dense MLPs, routed and shared experts) as DeepSeek-V3 ships; embeddings, norms,
     * router gates (and Qwen2-MoE's shared_expert_gate) and lm_head stay bf16 (the int8 config's
     * {@code ignore} list names them).
     */
    static boolean quantized(WeightSpec spec) {
        String n = spec.name();
        return spec.shape().length == 2 && n.endsWith(".weight") && !n.equals("lm_head.weight")
                && !n.endsWith("embed_tokens.weight") && !n.endsWith(".gate.weight") && !n.endsWith("shared_expert_gate.weight");
    }

    /**
     * The tokenizer files: SentencePiece-style for Mixtral (as Mixtral's own), Qwen-style
     * byte-level ChatML for Qwen2-MoE (no BOS; {@code <|im_end|>} / {@code <|endoftext|>} EOS).
     */
    static GeneratedTokenizer writeTokenizer(Path dir, ModelFamily family, long seed) {
        TokenizerStyle style = switch (family) {
            case MIXTRAL -> TokenizerStyle.SENTENCEPIECE;
            case QWEN2_MOE -> TokenizerStyle.BYTE_LEVEL_CHATML;
            case DEEPSEEK_V2, DEEPSEEK_V3 -> TokenizerStyle.BYTE_LEVEL; // DeepSeek's: byte-level BPE with a BOS
            default -> throw new IllegalArgumentException("no tokenizer style for " + family);
        };
        return TokenizerGenerator.write(dir, style, seed);
    }

    /** {@code --family}: "mixtral", "qwen2moe" / "qwen2_moe", "deepseek-v2" / "deepseek_v2", "deepseek-v3" / "deepseek_v3". */
    public static ModelFamily parseFamily(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mixtral" -> ModelFamily.MIXTRAL;
            case "qwen2moe", "qwen2_moe", "qwen2-moe" -> ModelFamily.QWEN2_MOE;
            case "deepseek-v2", "deepseek_v2", "deepseekv2" -> ModelFamily.DEEPSEEK_V2;
            case "deepseek-v3", "deepseek_v3", "deepseekv3" -> ModelFamily.DEEPSEEK_V3;
            default -> throw new IllegalArgumentException("unknown family '" + name
                    + "'; expected mixtral, qwen2moe, deepseek-v2 or deepseek-v3");
        };
    }

    private static Path writeJson(Path file, Object value) throws IOException {
        // HF to_json_string: json.dumps(indent=2, sort_keys=True) + "\n"
        Files.writeString(file, PythonJson.dumps(value, 2, true, true) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** A previous run's shards or single file would otherwise mix with this one's. */
    private static void deleteStaleWeights(Path dir) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir,
                "{model.safetensors,model.safetensors.index.json,model-*-of-*.safetensors}")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
    }
}
