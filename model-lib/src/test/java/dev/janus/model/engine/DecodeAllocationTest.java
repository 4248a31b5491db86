package dev.janus.model.engine;

import dev.janus.model.forward.StepBatch;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decode loop does not allocate: once the JIT has compiled the path, decode steps of a batch
 * allocate nothing on the calling thread (the JVM counts allocated bytes per thread).
 */
class DecodeAllocationTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-deepseek-v2"}) // GQA and MLA (absorbed, latent cache) paths
    void decodeStepsDoNotAllocatePerToken(String fixture) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Model model = Model.load(Fixtures.dir(fixture)); ComputePool pool = new ComputePool(2, "alloc")) {
            InferenceEngine engine = new InferenceEngine(model, new VectorMatmulKernel(pool), pool,
                    EngineOptions.forTokens(3 * 1200));
            int vocab = model.config().vocabSize();
            KvSequence[] seqs = {engine.newSequence(), engine.newSequence(), engine.newSequence()};
            int[] next = {1, 2, 3};
            float[] logits = new float[seqs.length * vocab];
            StepBatch batch = new StepBatch();
            for (KvSequence s : seqs) {
                s.reserve(1000); // KV blocks are taken from the pool as a sequence grows: reserve them up front
            }
            // JIT warm-up time varies with machine load, so look for a window of 50 consecutive
            // allocation-free steps within a time budget; a decode loop that allocates per token
            // never produces one.
            int cleanRun = 0;
            long lastDirty = -1;
            // a time budget, not a step count: on a loaded machine C2 may need many seconds
            long deadline = System.nanoTime() + 90_000_000_000L;
            for (int step = 0; cleanRun < 50 && System.nanoTime() < deadline; step++) {
                if (seqs[0].length() == 1000) { // stay inside the context: restart on the same blocks
                    for (KvSequence s : seqs) {
                        s.truncate(0);
                    }
                }
                long before = threads.getCurrentThreadAllocatedBytes();
                batch.clear();
                for (int i = 0; i < seqs.length; i++) {
                    batch.add(seqs[i], next, i, 1, false);
                }
                engine.step(batch, logits);
                for (int i = 0; i < seqs.length; i++) {
                    next[i] = Fixtures.argmax(logits, i * vocab, vocab);
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (allocated == 0) {
                    cleanRun++;
                } else {
                    cleanRun = 0;
                    lastDirty = allocated;
                }
            }
            assertThat(cleanRun).as("consecutive allocation-free decode steps (last allocating step: %d bytes)", lastDirty)
                    .isEqualTo(50);
            for (KvSequence s : seqs) {
                s.close();
            }
        }
    }
}
