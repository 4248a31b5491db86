package dev.janus.model.moe;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.VectorMath;
import dev.janus.model.model.LayerWeights;
import dev.janus.model.model.MoeWeights;

/**
 * The MLP half of a decoder layer, as the named stages of the design:
 * {@link Router} → {@link DispatchPlanner} → {@link ExpertExecutor} → {@link TopKCombiner}
 * (plus the shared expert, computed here on the attention side: Qwen2-MoE
 * {@code sigmoid(shared_expert_gate x) · shared_expert(x)}, HF {@code Qwen2MoeSparseMoeBlock};
 * DeepSeek {@code shared_experts(x)} ungated, HF {@code DeepseekV2Moe} / {@code DeepseekV3MoE}).
 * Dense layers (Qwen mlp_only_layers, DeepSeek first_k_dense_replace) run their MLP directly.
 * Not thread-safe.
 */
public final class MoeLayer {

    private final int hidden;
    private final Router router;
    private final DispatchPlanner planner;
    private final ExpertExecutor executor;
    private final TopKCombiner combiner;
    private final SwiGlu localMlp;
    private final MatmulKernel matmul;
    private final RoutingDecision routing = new RoutingDecision();
    private final DispatchPlan plan = new DispatchPlan();
    private final RoutingObserver observer;
    private float[] expertOut = new float[0]; // [tokens * topK, hidden]
    private float[] shared = new float[0];    // [tokens, hidden]
    private float[] sharedGate = new float[0]; // [tokens]

    /** Sees every routing decision (statistics, golden tests); must not keep the instance. */
    @FunctionalInterface
    public interface RoutingObserver {
        void onRouting(int layer, RoutingDecision routing);

        RoutingObserver NONE = (layer, routing) -> { };
    }

    public MoeLayer(int hidden, Router router, DispatchPlanner planner, ExpertExecutor executor,
                    MatmulKernel matmul, RoutingObserver observer) {
        this.hidden = hidden;
        this.router = router;
        this.planner = planner;
        this.executor = executor;
        this.combiner = new TopKCombiner(hidden);
        this.localMlp = new SwiGlu(matmul);
        this.matmul = matmul;
        this.observer = observer;
    }

    /** {@code h += mlp(x)} for {@code tokens} rows; x is the post-attention-normalised input. */
    public void forward(int layer, LayerWeights lw, float[] x, int tokens, float[] h) {
        ensure(tokens, 1);
        if (lw.moe() == null) {
            localMlp.apply(lw.denseMlp(), x, tokens, shared);
            VectorMath.add(shared, 0, h, 0, tokens * hidden);
            return;
        }
        MoeWeights m = lw.moe();
        router.route(layer, x, tokens, routing);
        observer.onRouting(layer, routing);
        ensure(tokens, routing.topK());
        planner.plan(layer, routing, plan);
        executor.execute(layer, plan, x, expertOut);
        float[] sharedOut = null;
        if (m.shared() != null) {
            localMlp.apply(m.shared(), x, tokens, shared);
            if (m.sharedGate() != null) { // Qwen2-MoE; DeepSeek's shared_experts are added with weight 1
                matmul.matmul(m.sharedGate(), x, sharedGate, tokens);
                for (int t = 0; t < tokens; t++) {
                    float g = (float) (1.0 / (1.0 + Math.exp(-sharedGate[t])));
                    VectorMath.scale(shared, t * hidden, hidden, g);
                }
            }
            sharedOut = shared;
        }
        combiner.combine(routing, expertOut, sharedOut, h);
    }

    private void ensure(int tokens, int topK) {
        if (expertOut.length < tokens * topK * hidden) {
            expertOut = new float[tokens * topK * hidden];
        }
        if (shared.length < tokens * hidden) {
            shared = new float[tokens * hidden];
            sharedGate = new float[tokens];
        }
    }
}
