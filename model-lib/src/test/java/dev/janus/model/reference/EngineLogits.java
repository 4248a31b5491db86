package dev.janus.model.reference;

import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Drives the engine the three ways a server does and returns the logits of every prompt
 * position ({@code [sequence][position][vocab]}), so each way can be compared with the reference.
 */
final class EngineLogits {

    /** How the prompts reach the engine. */
    enum Mode {
        /** Each prompt alone, one prefill step with logits for every position. */
        ALONE,
        /** All prompts in one ragged StepBatch, one step. */
        BATCHED,
        /**
         * All prompts together: a prefill chunk of half of each prompt, then the remaining tokens
         * one per step (teacher-forced decode through the KV cache). KV blocks of 4 tokens here and
         * in {@link #CHUNKED_PREFILL}, so chunks and windows cross block boundaries.
         */
        PREFILL_THEN_DECODE,
        /** All prompts together in chunks of 5 tokens per step (the Generator's chunked prefill). */
        CHUNKED_PREFILL
    }

    private EngineLogits() {
    }

    static float[][][] run(Model model, MatmulKernel kernel, ComputePool pool, List<int[]> prompts, Mode mode) {
        int vocab = model.config().vocabSize();
        int total = prompts.stream().mapToInt(p -> p.length).sum();
        float[][][] out = new float[prompts.size()][][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new float[prompts.get(i).length][];
        }
        StepBatch batch = new StepBatch();
        switch (mode) {
            case ALONE -> {
                for (int i = 0; i < prompts.size(); i++) {
                    int[] ids = prompts.get(i);
                    InferenceEngine engine = new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(ids.length));
                    try (KvSequence seq = engine.newSequence()) {
                        batch.clear();
                        batch.add(seq, ids, 0, ids.length, true);
                        float[] logits = new float[ids.length * vocab];
                        engine.step(batch, logits);
                        for (int pos = 0; pos < ids.length; pos++) {
                            out[i][pos] = Arrays.copyOfRange(logits, pos * vocab, (pos + 1) * vocab);
                        }
                    }
                }
            }
            case BATCHED -> {
                InferenceEngine engine = new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(total + 16 * prompts.size()));
                KvSequence[] seqs = new KvSequence[prompts.size()];
                batch.clear();
                for (int i = 0; i < seqs.length; i++) {
                    seqs[i] = engine.newSequence();
                    batch.add(seqs[i], prompts.get(i), 0, prompts.get(i).length, true);
                }
                float[] logits = new float[total * vocab];
                engine.step(batch, logits);
                int row = 0;
                for (int i = 0; i < seqs.length; i++) {
                    for (int pos = 0; pos < prompts.get(i).length; pos++, row++) {
                        out[i][pos] = Arrays.copyOfRange(logits, row * vocab, (row + 1) * vocab);
                    }
                    seqs[i].close();
                }
            }
            case PREFILL_THEN_DECODE -> chunked(model, kernel, pool, prompts, out, batch, length -> length / 2, 1);
            case CHUNKED_PREFILL -> chunked(model, kernel, pool, prompts, out, batch, length -> 5, 5);
        }
        return out;
    }

    /**
     * All prompts stepped together: a first chunk of {@code first.applyAsInt(length)} tokens per
     * prompt, then chunks of {@code next} tokens until each prompt is consumed; logits for every token.
     */
    private static void chunked(Model model, MatmulKernel kernel, ComputePool pool, List<int[]> prompts,
                                float[][][] out, StepBatch batch, IntUnaryOperator first, int next) {
        int vocab = model.config().vocabSize();
        int blockSize = 4;
        int blocks = prompts.stream().mapToInt(p -> p.length / blockSize + 2).sum();
        InferenceEngine engine = new InferenceEngine(model, kernel, pool, new EngineOptions(blockSize, blocks, null, null, null));
        int n = prompts.size();
        KvSequence[] seqs = new KvSequence[n];
        int[] done = new int[n];
        int total = prompts.stream().mapToInt(p -> p.length).sum();
        float[] logits = new float[total * vocab];
        for (int i = 0; i < n; i++) {
            seqs[i] = engine.newSequence();
        }
        for (boolean firstStep = true; ; firstStep = false) {
            batch.clear();
            int[] count = new int[n];
            for (int i = 0; i < n; i++) {
                int left = prompts.get(i).length - done[i];
                count[i] = Math.min(left, firstStep ? Math.max(1, first.applyAsInt(prompts.get(i).length)) : next);
                if (count[i] > 0) {
                    batch.add(seqs[i], prompts.get(i), done[i], count[i], true);
                }
            }
            if (batch.tokens() == 0) {
                break;
            }
            engine.step(batch, logits);
            int row = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < count[i]; j++, row++) {
                    out[i][done[i]++] = Arrays.copyOfRange(logits, row * vocab, (row + 1) * vocab);
                }
            }
        }
        for (KvSequence s : seqs) {
            s.close();
        }
    }
}
