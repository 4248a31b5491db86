package dev.janus.model.golden;

import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvSequence;

import java.util.List;

/** Ways tests drive an engine (shared through model-lib's test jar by the split tests of other modules). */
public final class EngineRuns {

    private EngineRuns() {
    }

    /**
     * Runs {@code comparison} of two engines until it passes, {@code rounds} times at most, and
     * rethrows the last failure. Written for reduceLanes(ADD), whose lane order differed between
     * the interpreter/C1 and C2; the kernels now reduce in one order in every tier (kernels'
     * Lanes and Exp, ChunkedPrefillInvarianceTest), so the first round passes. A real difference
     * (a wrong expert, weight or row) fails every round.
     */
    public static void untilJitSettles(int rounds, Runnable comparison) {
        AssertionError last = null;
        for (int r = 0; r < rounds; r++) {
            try {
                comparison.run();
                return;
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw last;
    }

    /** Logits of every position of one prompt, prefilled in a single step. */
    public static float[] prefillLogits(InferenceEngine engine, int[] ids) {
        int vocab = engine.config().vocabSize();
        float[] logits = new float[ids.length * vocab];
        StepBatch batch = new StepBatch();
        try (KvSequence seq = engine.newSequence()) {
            batch.add(seq, ids, 0, ids.length, true);
            engine.step(batch, logits);
        }
        return logits;
    }

    /** {@code steps} greedy tokens of one prompt: prefill, then one decode step per token. */
    public static int[] greedy(InferenceEngine engine, int[] ids, int steps) {
        int vocab = engine.config().vocabSize();
        int[] out = new int[steps];
        float[] logits = new float[vocab];
        StepBatch batch = new StepBatch();
        try (KvSequence seq = engine.newSequence()) {
            batch.add(seq, ids, 0, ids.length, false);
            int[] next = new int[1];
            for (int s = 0; s < steps; s++) {
                engine.step(batch, logits);
                out[s] = Fixtures.argmax(logits, 0, vocab);
                next[0] = out[s];
                batch.clear();
                batch.add(seq, next, 0, 1, false);
            }
        }
        return out;
    }

    /**
     * Prefills all prompts in one step, then {@code steps} greedy decode steps of all of them
     * together; adds each prompt's tokens to {@code tokens} and returns every step's logits.
     */
    public static float[][] greedyBatch(InferenceEngine engine, List<int[]> prompts, int steps, List<int[]> tokens) {
        int vocab = engine.config().vocabSize();
        int n = prompts.size();
        KvSequence[] seqs = new KvSequence[n];
        float[][] all = new float[steps][];
        StepBatch batch = new StepBatch();
        for (int i = 0; i < n; i++) {
            seqs[i] = engine.newSequence();
            batch.add(seqs[i], prompts.get(i), 0, prompts.get(i).length, false);
            tokens.add(new int[steps]);
        }
        int first = tokens.size() - n;
        for (int step = 0; step < steps; step++) {
            float[] logits = new float[n * vocab];
            engine.step(batch, logits);
            all[step] = logits;
            batch.clear();
            for (int i = 0; i < n; i++) {
                int tok = Fixtures.argmax(logits, i * vocab, vocab);
                tokens.get(first + i)[step] = tok;
                batch.add(seqs[i], new int[] {tok}, 0, 1, false);
            }
        }
        for (KvSequence s : seqs) {
            s.close();
        }
        return all;
    }
}
