package dev.janus.model.engine;

import dev.janus.model.config.ModelConfig;
import dev.janus.model.forward.ForwardPass;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kv.KvCache;
import dev.janus.model.kv.KvSequence;
import dev.janus.model.model.Model;
import dev.janus.model.moe.ExpertExecutor;
import dev.janus.model.moe.IdentityDispatchPlanner;
import dev.janus.model.moe.LocalExpertExecutor;
import dev.janus.model.moe.MoeLayer;
import dev.janus.model.moe.Routers;
import dev.janus.model.moe.SwiGlu;

/**
 * The monolithic engine: one model, its KV cache and a forward pass with every expert local.
 * Services replace the {@link ExpertExecutor} to run experts elsewhere. Not thread-safe: one
 * step at a time (the compute pool parallelises inside a step).
 */
public final class InferenceEngine {

    private final Model model;
    private final KvCache kvCache;
    private final ForwardPass forward;

    public InferenceEngine(Model model, MatmulKernel matmul, ComputePool pool, EngineOptions options) {
        this.model = model;
        ModelConfig cfg = model.config();
        this.kvCache = new KvCache(cfg.numLayers(), cfg.kvCacheRowWidth(), cfg.kvCacheHasValues(),
                options.kvBlockSize(), options.kvBlocks());
        ExpertExecutor executor = options.expertExecutor() != null ? options.expertExecutor()
                : new LocalExpertExecutor(model.weights(), cfg.hiddenSize(), new SwiGlu(matmul));
        MoeLayer moe = new MoeLayer(cfg.hiddenSize(),
                Routers.forConfig(cfg, model.weights(), matmul),
                options.dispatchPlanner() != null ? options.dispatchPlanner() : new IdentityDispatchPlanner(cfg.numExperts()),
                executor, matmul, options.routingObserver());
        this.forward = new ForwardPass(cfg, model.weights(), matmul, pool, moe, options.microBatches(),
                options.layerTimer(), options.attentionKernels());
    }

    public ModelConfig config() {
        return model.config();
    }

    public Model model() {
        return model;
    }

    public KvCache kvCache() {
        return kvCache;
    }

    public KvSequence newSequence() {
        return kvCache.newSequence();
    }

    /** One forward step; see {@link ForwardPass#forward}. */
    public void step(StepBatch batch, float[] logits) {
        forward.forward(batch, logits);
    }
}
