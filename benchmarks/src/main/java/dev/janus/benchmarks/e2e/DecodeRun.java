package dev.janus.benchmarks.e2e;

import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvSequence;

import java.util.SplittableRandom;

/**
 * A batch of sequences decoding the skewed workload: on creation each sequence is prefilled with
 * a {@value #PROMPT}-token prompt (untimed); every {@link #step()} then feeds each sequence its
 * next token from the {@link ZipfTokens} stream (teacher forcing: the workload, not the random
 * model's sampler, decides the tokens, so both policies see the same token distribution).
 */
final class DecodeRun implements AutoCloseable {

    static final int PROMPT = 16;

    private final InferenceEngine engine;
    private final ZipfTokens tokens;
    private final SplittableRandom random;
    private final KvSequence[] seqs;
    private final StepBatch step = new StepBatch();
    private final float[] logits;
    private final int[] next = new int[1];

    DecodeRun(InferenceEngine engine, ZipfTokens tokens, SplittableRandom random, int batch) {
        this.engine = engine;
        this.tokens = tokens;
        this.random = random;
        this.seqs = new KvSequence[batch];
        this.logits = new float[batch * engine.config().vocabSize()];
        int[] prompt = new int[PROMPT];
        for (int i = 0; i < batch; i++) {
            seqs[i] = engine.newSequence();
            for (int t = 0; t < PROMPT; t++) {
                prompt[t] = tokens.next(random);
            }
            step.add(seqs[i], prompt, 0, PROMPT, false);
        }
        engine.step(step, logits);
    }

    /** One decode step of the whole batch; returns its wall time in ns. */
    long step() {
        step.clear();
        for (KvSequence seq : seqs) {
            next[0] = tokens.next(random);
            step.add(seq, next, 0, 1, false);
        }
        long start = System.nanoTime();
        engine.step(step, logits);
        return System.nanoTime() - start;
    }

    @Override
    public void close() {
        for (KvSequence s : seqs) {
            s.close();
        }
    }
}
