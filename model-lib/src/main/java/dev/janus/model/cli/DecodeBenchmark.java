package dev.janus.model.cli;

import dev.janus.model.config.ModelConfig;
import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.LayerWeights;
import dev.janus.model.model.Model;
import dev.janus.model.moe.MoeLayer;
import dev.janus.model.moe.RoutingDecision;

import java.io.PrintStream;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Times one batched prefill of {@code batch} prompts and then {@code steps} decode steps of the
 * batch, counting the weight bytes each decode step reads (attention, router, the distinct
 * experts the routing activated, lm_head).
 */
final class DecodeBenchmark {

    record Result(double prefillTokensPerSecond, double decodeTokensPerSecond, double bytesPerStep) {
    }

    private final Model model;
    private final ComputeBackend backend;
    private final PrintStream progress;

    DecodeBenchmark(Model model, ComputeBackend backend, PrintStream progress) {
        this.model = model;
        this.backend = backend;
        this.progress = progress;
    }

    Result run(int batch, int promptTokens, int steps) {
        ModelConfig cfg = model.config();
        ExpertBytes expertBytes = new ExpertBytes(model);
        InferenceEngine engine = new InferenceEngine(model, backend.matmul(), backend.pool(), backend.engineOptions(
                EngineOptions.forTokens(batch * (promptTokens + steps + 32)).withRoutingObserver(expertBytes),
                model.weights(), cfg.hiddenSize()));
        SplittableRandom rnd = new SplittableRandom(42);
        KvSequence[] seqs = new KvSequence[batch];
        int[][] prompts = new int[batch][promptTokens];
        for (int[] p : prompts) {
            for (int i = 0; i < p.length; i++) {
                p[i] = rnd.nextInt(cfg.vocabSize());
            }
        }
        float[] logits = new float[batch * cfg.vocabSize()];
        StepBatch step = new StepBatch();
        int[] next = new int[batch];
        // warm-up: JIT the whole path on a throwaway prefill + decode
        progress.printf("batch %d: warming up...%n", batch);
        for (int i = 0; i < batch; i++) {
            seqs[i] = engine.newSequence();
            step.add(seqs[i], prompts[i], 0, promptTokens, false);
        }
        engine.step(step, logits);
        decode(engine, seqs, step, logits, next, Math.min(steps, 16));
        for (KvSequence s : seqs) {
            s.close();
        }
        // prefill
        step.clear();
        for (int i = 0; i < batch; i++) {
            seqs[i] = engine.newSequence();
            step.add(seqs[i], prompts[i], 0, promptTokens, false);
        }
        long t0 = System.nanoTime();
        engine.step(step, logits);
        double prefillSeconds = (System.nanoTime() - t0) / 1e9;
        // decode
        progress.printf("batch %d: decoding %d steps...%n", batch, steps);
        expertBytes.reset();
        long t1 = System.nanoTime();
        decode(engine, seqs, step, logits, next, steps);
        double decodeSeconds = (System.nanoTime() - t1) / 1e9;
        for (KvSequence s : seqs) {
            s.close();
        }
        double bytesPerStep = staticBytesPerStep() + expertBytes.total() / (double) steps;
        return new Result(batch * promptTokens / prefillSeconds, batch * steps / decodeSeconds, bytesPerStep);
    }

    private static void decode(InferenceEngine engine, KvSequence[] seqs, StepBatch step, float[] logits,
                               int[] next, int steps) {
        int vocab = engine.config().vocabSize();
        for (int s = 0; s < steps; s++) {
            step.clear();
            for (int i = 0; i < seqs.length; i++) {
                next[i] = argmax(logits, i * vocab, vocab);
                step.add(seqs[i], next, i, 1, false);
            }
            engine.step(step, logits);
        }
    }

    private static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Bytes every decode step reads whatever the routing: attention, router/dense MLPs, lm_head. */
    private double staticBytesPerStep() {
        double bytes = model.weights().lmHead().byteSize();
        for (LayerWeights lw : model.weights().layers()) {
            bytes += lw.attention() != null ? lw.attention().byteSize() : lw.mla().byteSize();
            if (lw.moe() != null) {
                bytes += lw.moe().router().byteSize();
                if (lw.moe().shared() != null) {
                    bytes += lw.moe().shared().byteSize();
                }
                if (lw.moe().sharedGate() != null) {
                    bytes += lw.moe().sharedGate().byteSize();
                }
            } else {
                bytes += lw.denseMlp().byteSize();
            }
        }
        return bytes;
    }

    /** Sums the weight bytes of the distinct experts each routing decision activates. */
    private static final class ExpertBytes implements MoeLayer.RoutingObserver {
        private final Model model;
        private final BitSet seen = new BitSet();
        private long total;

        ExpertBytes(Model model) {
            this.model = model;
        }

        @Override
        public void onRouting(int layer, RoutingDecision routing) {
            seen.clear();
            for (int t = 0; t < routing.tokens(); t++) {
                for (int s = 0; s < routing.topK(); s++) {
                    int e = routing.expert(t, s);
                    if (!seen.get(e)) {
                        seen.set(e);
                        total += model.weights().layers()[layer].moe().experts()[e].byteSize();
                    }
                }
            }
        }

        void reset() {
            total = 0;
        }

        long total() {
            return total;
        }
    }
}
