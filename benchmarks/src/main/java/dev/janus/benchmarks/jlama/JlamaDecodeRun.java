package dev.janus.benchmarks.jlama;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import com.github.tjake.jlama.tensor.operations.TensorOperationsProvider;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Jlama 0.8.4 on the same checkpoint, driven through the calls its own {@code AbstractModel.generate}
 * makes (batchForward for the prompt, then forward + sample per token) so that prefill and decode
 * are timed apart and both engines see the same token ids (no tokenizer round trip).
 *
 * <p>Settings: working memory F32, no model quantization (the bf16 tensors are used as stored).
 * Jlama's constructor forces the "working quantized type" to BF16 for a BF16 checkpoint
 * ("hack to avoid Q8BF16 evals" in AbstractModel), so its matmuls round activations to bf16; that
 * is its only path for bf16 weights and cannot be turned off. Threads: Jlama runs every parallel
 * loop on PhysicalCoreExecutor, a ForkJoinPool of max(2, cores / 2) threads by default (it assumes
 * SMT); we override it to {@code threads} through loadModel's threadCount argument, once per JVM.
 */
final class JlamaDecodeRun implements DecodeRun {

    private final AbstractModel model;
    private final KvBufferCache kvCache;
    private final AbstractTensor logits;    // [vocab] F32, Jlama's scratch for sample()

    JlamaDecodeRun(Path dir, int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.model = ModelSupport.loadModel(dir.toFile(), null, DType.F32, DType.F32, Optional.empty(), Optional.of(n));
        this.kvCache = new KvBufferCache(model);
        this.logits = model.makeDenseTensor(model.getConfig().vocabularySize);
    }

    @Override
    public String name() {
        return "jlama";
    }

    @Override
    public int threads() {
        return PhysicalCoreExecutor.instance.get().getCoreCount();
    }

    /** Kernel provider, working types and the model class Jlama picked, for the report. */
    String describe() {
        return "%s, %s, working %s, weights %s".formatted(model.getClass().getSimpleName(),
                TensorOperationsProvider.get().name(), model.getWorkingDType(), model.getWeights().getModelDType());
    }

    @Override
    public DecodeTiming run(int[] prompt, int steps) {
        int[] tokens = new int[steps + 1];
        try (KvBufferCache.KvBuffer kv = kvCache.getEphemeralKvBuffer()) {
            long t0 = System.nanoTime();
            AbstractTensor last = model.batchForward(prompt, 0, kv);
            tokens[0] = model.sample(last.slice(last.shape().first() - 1), 0f, 0f, logits);
            last.close();
            long t1 = System.nanoTime();
            for (int s = 1; s <= steps; s++) {
                AbstractTensor out = model.forward(tokens[s - 1], prompt.length + s - 1, kv, Optional.empty());
                tokens[s] = model.sample(out, 0f, 0f, logits);
                out.close();
                kv.incrementContextPosition();
            }
            long t2 = System.nanoTime();
            return new DecodeTiming((t1 - t0) / 1e9, (t2 - t1) / 1e9, tokens);
        }
    }

    @Override
    public void close() {
        logits.close();
        kvCache.close();
        model.close();
    }
}
