package dev.janus.model.cli;

import dev.janus.model.chat.ChatMessage;
import dev.janus.model.chat.ChatTemplate;
import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.GenerationResult;
import dev.janus.model.engine.GenerationSettings;
import dev.janus.model.engine.Generator;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.model.GenerationDefaults;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code generate}: run a prompt through a model and print the continuation. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a continuation of a prompt (text or token ids).")
final class GenerateCommand implements Callable<Integer> {

    @ParentCommand
    JanusCli cli;

    @Option(names = "--model", description = "HF model directory (default: the embedded default model)")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PromptInput prompt;

    static final class PromptInput {
        @Option(names = "--prompt", required = true, description = "prompt text (tokenized with the model's tokenizer)")
        String text;

        @Option(names = "--prompt-ids", required = true, split = ",", description = "prompt token ids, e.g. 1,2,3")
        int[] ids;
    }

    @Option(names = "--chat", description = "render --prompt as a user message with the model's chat template")
    boolean chat;

    @Option(names = "--max-tokens", defaultValue = "32", description = "new tokens at most (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default ${DEFAULT-VALUE})")
    float temperature;

    @Option(names = "--top-p", defaultValue = "1", description = "nucleus sampling mass (default ${DEFAULT-VALUE})")
    float topP;

    @Option(names = "--top-k", defaultValue = "0", description = "keep the k most likely tokens, 0 = off")
    int topK;

    @Option(names = "--seed", description = "sampling seed (same seed, same tokens)")
    Long seed;

    @Option(names = "--top-logprobs", defaultValue = "0", description = "alternatives per position in --json output")
    int topLogprobs;

    @Option(names = "--ignore-eos", description = "do not stop at the model's EOS tokens")
    boolean ignoreEos;

    @Option(names = "--json", description = "print one JSON object with ids, text and logprobs")
    boolean json;

    @Option(names = "--kernel", defaultValue = "vector", description = "vector or scalar (reference)")
    String kernel;

    @Option(names = "--backend", defaultValue = "cpu",
            description = "where the layer kernels run: cpu or cuda (falls back to the CPU without a CUDA device)")
    String backendName;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads, 0 = all processors")
    int threads;

    @Override
    public Integer call() throws Exception {
        Path dir = model != null ? model : DefaultModel.ensure(cli.err());
        PrintStream out = cli.out();
        try (Model m = Model.load(dir); ComputeBackend backend = ComputeBackend.create(kernel, threads, backendName)) {
            Tokenizer tokenizer = Files.isRegularFile(dir.resolve("tokenizer.json")) ? Tokenizer.load(dir) : null;
            int[] ids = promptIds(tokenizer, dir);
            SamplingParams sampling = new SamplingParams(temperature, topP, topK, seed, true,
                    Math.min(topLogprobs, SamplingParams.MAX_TOP_LOGPROBS));
            int[] stops = ignoreEos ? new int[0] : GenerationDefaults.stopTokenIds(dir, m.config().eosTokenIds(),
                    tokenizer == null ? new int[0] : tokenizer.eosTokenIds());
            GenerationSettings settings = new GenerationSettings(maxTokens, sampling, topLogprobs, json, stops);
            InferenceEngine engine = new InferenceEngine(m, backend.matmul(), backend.pool(), backend.engineOptions(
                    EngineOptions.forTokens(ids.length + maxTokens), m.weights(), m.config().hiddenSize()));
            GenerationResult result = new Generator(engine, 256).generate(ids, settings, t -> { });
            String text = tokenizer == null ? "" : tokenizer.decode(result.tokens(), true);
            if (json) {
                out.println(GenerateJson.render(result, text));
            } else {
                out.println(tokenizer == null ? Arrays.toString(result.tokens()) : text);
            }
        }
        return 0;
    }

    private int[] promptIds(Tokenizer tokenizer, Path dir) {
        if (prompt.ids != null) {
            if (chat) {
                throw new IllegalArgumentException("--chat needs --prompt text");
            }
            return prompt.ids;
        }
        if (tokenizer == null) {
            throw new IllegalArgumentException(dir + " has no tokenizer.json: use --prompt-ids");
        }
        if (chat) {
            String rendered = ChatTemplate.load(dir).render(List.of(ChatMessage.user(prompt.text)), true);
            return tokenizer.encode(rendered, false);
        }
        return tokenizer.encode(prompt.text, true);
    }
}
