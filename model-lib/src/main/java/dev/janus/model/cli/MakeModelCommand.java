package dev.janus.model.cli;

import dev.janus.model.generate.MakeModelRequest;
import dev.janus.model.generate.ModelGenerator;
import dev.janus.model.generate.ModelPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code make-model}: write a deterministic random MoE model in exact HF layout. */
@Command(name = "make-model", mixinStandardHelpOptions = true,
        description = "Write a deterministic random MoE model (config.json, safetensors, tokenizer) in HF layout.")
final class MakeModelCommand implements Callable<Integer> {

    @ParentCommand
    JanusCli cli;

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

    @Override
    public Integer call() throws Exception {
        MakeModelRequest request = MakeModelRequest.of(ModelPreset.parse(preset), ModelGenerator.parseFamily(family), seed, out)
                .withMaxShardBytes(maxShardMb << 20);
        ModelGenerator.generate(request, cli.err());
        cli.out().println(out.toAbsolutePath());
        return 0;
    }
}
