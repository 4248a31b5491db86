package dev.janus.model.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Greedy decoding of several prompts in one batch (prefill together, then decode together). */
final class GreedyDecoder {

    private GreedyDecoder() {
    }

    /** Decodes and checks each step's chosen logprob against {@code expected[i].logprobs}. */
    static int[][] decode(Model model, MatmulKernel kernel, AttentionKernel.Factory attention, ComputePool pool,
                          List<int[]> prompts, int steps, double lpTol, List<JsonNode> expected) {
        int vocab = model.config().vocabSize();
        int total = 0;
        for (int[] p : prompts) {
            total += p.length + steps + 16;
        }
        InferenceEngine engine = new InferenceEngine(model, kernel, pool,
                EngineOptions.forTokens(total).withAttentionKernels(attention));
        int n = prompts.size();
        KvSequence[] seqs = new KvSequence[n];
        int[][] out = new int[n][steps];
        float[] logits = new float[n * vocab];
        StepBatch batch = new StepBatch();
        for (int i = 0; i < n; i++) {
            seqs[i] = engine.newSequence();
            batch.add(seqs[i], prompts.get(i), 0, prompts.get(i).length, false);
        }
        int[] next = new int[1];
        for (int step = 0; step < steps; step++) {
            engine.step(batch, logits);
            batch.clear();
            for (int i = 0; i < n; i++) {
                int tok = Fixtures.argmax(logits, i * vocab, vocab);
                out[i][step] = tok;
                double lp = Fixtures.logSoftmax(logits, i * vocab, vocab)[tok];
                assertThat(lp).as("prompt %d step %d logprob", i, step)
                        .isCloseTo(expected.get(i).get("logprobs").get(step).doubleValue(), within(lpTol));
                next[0] = tok;
                batch.add(seqs[i], next, 0, 1, false);
            }
        }
        for (KvSequence s : seqs) {
            s.close();
        }
        return out;
    }
}
