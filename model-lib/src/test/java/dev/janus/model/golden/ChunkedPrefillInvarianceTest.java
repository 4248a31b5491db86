package dev.janus.model.golden;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prompt prefilled in chunks of any size gives bit-identical logits and KV rows to the same
 * prompt prefilled in one step, with the production vector kernel on a pool, from the very first
 * run in a cold JVM (no waiting for the JIT: every reduction has one order in every tier, see
 * kernels' {@code Lanes} and {@code Exp}). Chunk sizes 1..7, 16 and a random schedule.
 */
class ChunkedPrefillInvarianceTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void chunksOfAnySizeEqualOneStep(String fixture) {
        JsonNode golden = Fixtures.golden(fixture);
        int[] ids = null;
        for (JsonNode p : golden.get("prompts")) {
            int[] candidate = Fixtures.ints(p.get("ids"));
            if (ids == null || candidate.length > ids.length) {
                ids = candidate;
            }
        }
        try (Model model = Model.load(Fixtures.dir(fixture)); ComputePool pool = new ComputePool(2, "chunks")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool, 0); // 0: even tiny matmuls go through the pool
            InferenceEngine engine = new InferenceEngine(model, kernel, pool, EngineOptions.forTokens(4 * ids.length));
            Prefill whole = prefill(engine, ids, new int[] {ids.length});
            Random rnd = new Random(fixture.hashCode());
            for (int size : new int[] {1, 2, 3, 4, 5, 6, 7, 16, 0}) {
                int[] schedule = size > 0 ? uniform(ids.length, size) : random(ids.length, rnd);
                Prefill chunked = prefill(engine, ids, schedule);
                String what = fixture + " chunks " + Arrays.toString(schedule);
                for (int i = 0; i < whole.logits.length; i++) {
                    if (Float.floatToRawIntBits(whole.logits[i]) != Float.floatToRawIntBits(chunked.logits[i])) {
                        throw new AssertionError(what + ": logit " + i % model.config().vocabSize() + " of position "
                                + i / model.config().vocabSize() + ": " + chunked.logits[i] + " vs " + whole.logits[i] + " in one step");
                    }
                }
                assertThat(chunked.kv).as("%s: KV rows", what).isEqualTo(whole.kv);
            }
        }
    }

    private record Prefill(float[] logits, int[][] kv) {
    }

    /** Logits of every position and the raw bits of every cached K (and V) row, layer by layer. */
    private static Prefill prefill(InferenceEngine engine, int[] ids, int[] schedule) {
        int vocab = engine.config().vocabSize();
        float[] logits = new float[ids.length * vocab];
        float[] step = new float[ids.length * vocab];
        StepBatch batch = new StepBatch();
        int layers = engine.config().numLayers();
        int width = engine.kvCache().kvDim();
        int[][] kv = new int[layers * ids.length * 2][];
        try (KvSequence seq = engine.newSequence()) {
            int done = 0;
            for (int n : schedule) {
                batch.clear();
                batch.add(seq, ids, done, n, true);
                engine.step(batch, step);
                System.arraycopy(step, 0, logits, done * vocab, n * vocab);
                done += n;
            }
            for (int l = 0; l < layers; l++) {
                for (int p = 0; p < ids.length; p++) {
                    int off = seq.offsetInBlock(p);
                    kv[(l * ids.length + p) * 2] = bits(seq.keyBlock(l, p), off, width);
                    kv[(l * ids.length + p) * 2 + 1] = engine.kvCache().hasValues() ? bits(seq.valueBlock(l, p), off, width) : new int[0];
                }
            }
        }
        return new Prefill(logits, kv);
    }

    private static int[] bits(float[] block, int off, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Float.floatToRawIntBits(block[off + i]);
        }
        return out;
    }

    private static int[] uniform(int total, int size) {
        int[] out = new int[(total + size - 1) / size];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(size, total - i * size);
        }
        return out;
    }

    private static int[] random(int total, Random rnd) {
        int[] out = new int[total];
        int k = 0;
        for (int done = 0; done < total; ) {
            int n = Math.min(total - done, 1 + rnd.nextInt(9));
            out[k++] = n;
            done += n;
        }
        return Arrays.copyOf(out, k);
    }
}
