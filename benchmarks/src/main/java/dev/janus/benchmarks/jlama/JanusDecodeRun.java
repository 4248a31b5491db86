package dev.janus.benchmarks.jlama;

import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;

import java.nio.file.Path;

/** Our engine, timed as model-lib's DecodeBenchmark times it (one StepBatch per decode token). */
final class JanusDecodeRun implements DecodeRun {

    private final Model model;
    private final ComputeBackend backend;
    private final InferenceEngine engine;
    private final int threads;
    private final float[] logits;    // [vocab]
    private final StepBatch step = new StepBatch();
    private final int[] next = new int[1];

    JanusDecodeRun(Path dir, int threads, int maxTokens) {
        this.model = Model.load(dir);
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.backend = ComputeBackend.create("vector", this.threads);
        this.engine = new InferenceEngine(model, backend.matmul(), backend.pool(), EngineOptions.forTokens(maxTokens + 32));
        this.logits = new float[model.config().vocabSize()];
    }

    @Override
    public String name() {
        return "janus";
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public DecodeTiming run(int[] prompt, int steps) {
        int[] tokens = new int[steps + 1];
        try (KvSequence seq = engine.newSequence()) {
            long t0 = System.nanoTime();
            step.clear();
            step.add(seq, prompt, 0, prompt.length, false);
            engine.step(step, logits);
            tokens[0] = Argmax.of(logits);
            long t1 = System.nanoTime();
            for (int s = 1; s <= steps; s++) {
                next[0] = tokens[s - 1];
                step.clear();
                step.add(seq, next, 0, 1, false);
                engine.step(step, logits);
                tokens[s] = Argmax.of(logits);
            }
            long t2 = System.nanoTime();
            return new DecodeTiming((t1 - t0) / 1e9, (t2 - t1) / 1e9, tokens);
        }
    }

    @Override
    public void close() {
        backend.close();
        model.close();
    }
}
