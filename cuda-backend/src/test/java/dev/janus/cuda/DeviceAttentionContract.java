package dev.janus.cuda;

import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kv.KvCache;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.kv.PrefixHit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device attention kernel against the CPU kernel over several steps of one engine's cache, as
 * the attention blocks drive it: rows written to the host cache first, then attention per layer.
 * Step 1 prefills two sequences together (40 and 20 tokens); step 2 decodes both and prefills a
 * third that starts from the first one's cached 32-token prefix (blocks it never wrote itself:
 * the device copy must already hold them); steps 3-4 decode all three. GQA (8 query heads on 2
 * kv heads of 64) and absorbed MLA (4 heads on one latent row of 32 + 8, values = its first 32),
 * with and without a 24-position sliding window. Tolerance: max error ≤ 1e-5 of the output's
 * scale (float32 on both sides; the order of the sums differs). Run on the GPU by
 * {@link CudaAttentionKernelTest} and, with the device emulated, on any machine by {@link PagedStepTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeviceAttentionContract {

    /** The kernel under test for {@code shape}, falling back to {@code cpu} as the engine would pass it. */
    abstract AttentionKernel underTest(AttentionKernel.Shape shape, AttentionKernel cpu);

    private static final int LAYERS = 2;
    private static final int BLOCK = 16;

    private ComputePool pool;

    @BeforeAll
    void startPool() {
        pool = new ComputePool(2, "attention-reference");
    }

    @AfterAll
    void stopPool() {
        pool.close();
    }

    @ParameterizedTest(name = "{0}, window {1}")
    @CsvSource({"gqa, 0", "gqa, 24", "mla, 0"})
    void deviceCacheAndAttentionEqualTheCpu(String kind, int window) {
        boolean mla = kind.equals("mla");
        AttentionKernel.Shape shape = mla
                ? new AttentionKernel.Shape(4, 1, 40, 32, 0.15f)
                : new AttentionKernel.Shape(8, 2, 64, 64, 0.125f);
        int width = mla ? 40 : 2 * 64;
        KvCache cache = new KvCache(LAYERS, width, !mla, BLOCK, 32);
        AttentionKernel cpu = AttentionKernel.cpu().create(shape, pool);
        AttentionKernel gpu = underTest(shape, cpu);
        SplittableRandom rnd = new SplittableRandom(5 + window);
        int[] promptA = tokens(40, 1);
        KvSequence a = cache.newSequence();
        KvSequence b = cache.newSequence();
        KvSequence c = cache.newSequence();
        StepBatch batch = new StepBatch();

        batch.add(a, promptA, 0, 40, false);
        batch.add(b, tokens(20, 2), 0, 20, false);
        step(batch, cache, shape, cpu, gpu, window, rnd);
        a.indexFullBlocks(promptA);

        PrefixHit hit = cache.findPrefix(promptA, 32);
        assertThat(hit.tokens()).isEqualTo(32);
        c.attachPrefix(hit);
        batch.clear();
        batch.add(a, new int[] {7}, 0, 1, false);
        batch.add(b, new int[] {8}, 0, 1, false);
        batch.add(c, tokens(8, 3), 0, 8, false);
        step(batch, cache, shape, cpu, gpu, window, rnd);

        for (int s = 0; s < 2; s++) {
            batch.clear();
            for (KvSequence seq : new KvSequence[] {a, b, c}) {
                batch.add(seq, new int[] {9}, 0, 1, false);
            }
            step(batch, cache, shape, cpu, gpu, window, rnd);
        }
    }

    /** Reserves and writes the step's rows (random) in every layer, compares each layer's attention, advances. */
    private static void step(StepBatch batch, KvCache cache, AttentionKernel.Shape shape, AttentionKernel cpu,
                             AttentionKernel gpu, int window, SplittableRandom rnd) {
        for (int i = 0; i < batch.sequenceCount(); i++) {
            batch.sequence(i).reserve(batch.chunkLength(i));
        }
        int tokens = batch.tokens();
        for (int layer = 0; layer < LAYERS; layer++) {
            for (int t = 0; t < tokens; t++) {
                KvSequence seq = batch.sequenceOfToken(t);
                int pos = batch.position(t);
                System.arraycopy(RandomTensors.floats(cache.kvDim(), 1f, rnd), 0, seq.keyBlock(layer, pos),
                        seq.offsetInBlock(pos), cache.kvDim());
                if (cache.hasValues()) {
                    System.arraycopy(RandomTensors.floats(cache.kvDim(), 1f, rnd), 0, seq.valueBlock(layer, pos),
                            seq.offsetInBlock(pos), cache.kvDim());
                }
            }
            float[] q = RandomTensors.floats(tokens * shape.heads() * shape.keyDim(), 1f, rnd);
            float[] want = new float[tokens * shape.heads() * shape.valueDim()];
            float[] got = new float[want.length];
            cpu.attend(batch, layer, window, q, want);
            gpu.attend(batch, layer, window, q, got);
            assertThat(RandomTensors.scaledError(got, want, want.length)).as("layer %d, %d tokens", layer, tokens)
                    .isLessThan(1e-5);
        }
        for (int i = 0; i < batch.sequenceCount(); i++) {
            batch.sequence(i).advance(batch.chunkLength(i));
        }
    }

    private static int[] tokens(int n, int seed) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 3 + (i * 31 + seed * 7) % 200;
        }
        return ids;
    }
}
