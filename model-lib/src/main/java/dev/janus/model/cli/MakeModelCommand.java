package dev.janus.model.cli;

import dev.janus.model.config.Fp8Quantization;
import dev.janus.model.config.Int8ChannelQuantization;
import dev.janus.model.config.WeightQuantization;
import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code make-model}: write a deterministic random MoE model in exact HF layout. */
@Command(name = "make-model", mixinStandardHelpOptions = true,
        description = "Write a deterministic random MoE model (config.json, safetensors, tokenizer) in HF layout.")
final class MakeModelCommand implements Callable<Integer> {

    @ParentCommand
    JanusCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", required = true, description = "tiny, small or medium")
    String preset;

    @Option(names = "--family", defaultValue = "mixtral", description = "mixtral, qwen2moe, deepseek-v2 or deepseek-v3 (default ${DEFAULT-VALUE})")
    String family;

    @Option(names = "--seed", defaultValue = "0", description = "weights are a pure function of it (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Option(names = "--max-shard-mb", defaultValue = "0", description = "split into HF shards of at most this size, 0 = one file")
    long maxShardMb;

    @Option(names = "--dtype", defaultValue = "bf16", description = "bf16; fp8: linear layers as float8 e4m3 with "
            + "float32 block scales (weight_scale_inv), as DeepSeek-V3 and Qwen3-FP8 ship; int8: linear layers as int8 with "
            + "one bf16 scale per output channel (compressed-tensors W8A16 int-quantized; int8-packed: the pack-quantized layout "
            + "llm-compressor writes, codes four to an int32) (default ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--fp8-block", split = ",", defaultValue = "128,128",
            description = "weight_block_size rows,cols of --dtype fp8 (default ${DEFAULT-VALUE})")
    int[] fp8Block;

    @Override
    public Integer call() throws Exception {
        MakeModelRequest request = MakeModelRequest.of(ModelPreset.parse(preset), ModelGenerator.parseFamily(family), seed, out)
                .withMaxShardBytes(maxShardMb << 20)
                .withQuantization(quantization());
        ModelGenerator.generate(request, cli.err());
        cli.out().println(out.toAbsolutePath());
        return 0;
    }

    private WeightQuantization quantization() {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "bf16" -> null;
            case "fp8" -> {
                if (fp8Block.length != 2 || fp8Block[0] <= 0 || fp8Block[1] <= 0) {
                    throw new ParameterException(spec.commandLine(), "--fp8-block needs two positive sizes, rows,cols");
                }
                yield new Fp8Quantization(fp8Block[0], fp8Block[1]);
            }
            case "int8" -> Int8ChannelQuantization.W8A16;
            case "int8-packed" -> new Int8ChannelQuantization(Int8ChannelQuantization.W8A16.ignore(), true);
            default -> throw new ParameterException(spec.commandLine(), "--dtype: expected bf16, fp8, int8 or int8-packed, got '" + dtype + "'");
        };
    }
}
