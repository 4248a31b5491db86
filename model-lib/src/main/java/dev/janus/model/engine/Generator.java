package dev.janus.model.engine;

import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.Sampler;
import dev.janus.model.sampling.SequenceRandom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Generates for one sequence at a time on an engine: chunked prefill (bounded logits memory),
 * then one decode step per token. The request scheduler of attention-service batches many
 * sequences instead; this is the CLI's and the benchmark's path.
 */
public final class Generator {

    private final InferenceEngine engine;
    private final Sampler sampler;
    private final int prefillChunk;
    private final StepBatch batch = new StepBatch();
    private final int[] one = new int[1];
    private float[] logits = new float[0];

    public Generator(InferenceEngine engine, int prefillChunk) {
        if (prefillChunk <= 0) {
            throw new IllegalArgumentException("prefill chunk must be positive");
        }
        this.engine = engine;
        this.sampler = new Sampler(engine.config().vocabSize());
        this.prefillChunk = prefillChunk;
    }

    /** Generates; {@code onToken} sees each new token as soon as it is sampled. */
    public GenerationResult generate(int[] prompt, GenerationSettings settings, IntConsumer onToken) {
        int vocab = engine.config().vocabSize();
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        int context = engine.config().maxPositionEmbeddings();
        if (prompt.length + settings.maxTokens() > context) {
            throw new IllegalArgumentException("prompt (" + prompt.length + " tokens) + max tokens ("
                    + settings.maxTokens() + ") exceeds the model's context of " + context);
        }
        for (int id : prompt) {
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("prompt token id " + id + " outside [0, " + vocab + ")");
            }
        }
        int topN = settings.topLogprobs();
        boolean wantLogprobs = settings.sampling().logprobs() || topN > 0;
        SequenceRandom rng = SequenceRandom.forParams(settings.sampling());
        List<Logprobs> promptLogprobs = new ArrayList<>();
        List<Logprobs> logprobs = new ArrayList<>();
        int[] out = new int[settings.maxTokens()];
        int produced = 0;
        String finish = "length";
        try (KvSequence seq = engine.newSequence()) {
            int lastRow = 0;
            for (int start = 0; start < prompt.length; start += prefillChunk) {
                int n = Math.min(prefillChunk, prompt.length - start);
                ensureLogits((settings.promptLogprobs() ? n : 1) * vocab);
                batch.clear();
                batch.add(seq, prompt, start, n, settings.promptLogprobs());
                engine.step(batch, logits);
                if (settings.promptLogprobs()) {
                    // row i predicts prompt[start + i + 1]
                    for (int i = 0; i < n && start + i + 1 < prompt.length; i++) {
                        promptLogprobs.add(sampler.logprobs(logits, i * vocab, prompt[start + i + 1], topN));
                    }
                    lastRow = n - 1;
                }
            }
            int row = lastRow * vocab;
            while (produced < settings.maxTokens()) {
                int token = sampler.sample(logits, row, settings.sampling(), rng);
                if (wantLogprobs) {
                    logprobs.add(sampler.logprobs(logits, row, token, topN));
                }
                out[produced++] = token;
                onToken.accept(token);
                if (settings.isStop(token)) {
                    finish = "stop";
                    break;
                }
                if (produced == settings.maxTokens()) {
                    break;
                }
                one[0] = token;
                batch.clear();
                batch.add(seq, one, 0, 1, false);
                engine.step(batch, logits);
                row = 0;
            }
        }
        return new GenerationResult(prompt.clone(), Arrays.copyOf(out, produced), logprobs, promptLogprobs, finish);
    }

    private void ensureLogits(int n) {
        if (logits.length < n) {
            logits = new float[n];
        }
    }
}
