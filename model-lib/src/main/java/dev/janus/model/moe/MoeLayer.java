package dev.janus.model.moe;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.VectorMath;
import dev.janus.model.model.LayerWeights;
import dev.janus.model.model.MoeWeights;

import java.util.Arrays;

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
    private final RoutingObserver observer;
    private Slot[] slots = new Slot[0];

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
        dispatch(0, layer, lw, x, tokens);
        combine(0, h);
    }

    /**
     * First half of {@link #forward} for micro-batch {@code slot}: routes, plans and submits the
     * routed experts ({@link ExpertExecutor#submit}), then computes the shared expert (or the
     * dense MLP) here while the experts run. Until {@link #combine} of the same slot, x must not
     * change. Each slot has its own routing, plan and outputs, so several slots can be in flight.
     * The routing observer sees each micro-batch's rows separately.
     */
    public void dispatch(int slot, int layer, LayerWeights lw, float[] x, int tokens) {
        Slot sl = slot(slot);
        sl.ensure(tokens, 1);
        sl.tokens = tokens;
        if (lw.moe() == null) {
            sl.moe = false;
            localMlp.apply(lw.denseMlp(), x, tokens, sl.shared);
            return;
        }
        sl.moe = true;
        MoeWeights m = lw.moe();
        router.route(layer, x, tokens, sl.routing);
        observer.onRouting(layer, sl.routing);
        sl.ensure(tokens, sl.routing.topK());
        planner.plan(layer, sl.routing, sl.plan);
        sl.pending = executor.submit(layer, sl.plan, x, sl.expertOut);
        sl.hasShared = m.shared() != null;
        if (sl.hasShared) {
            localMlp.apply(m.shared(), x, tokens, sl.shared);
            if (m.sharedGate() != null) { // Qwen2-MoE; DeepSeek's shared_experts are added with weight 1
                matmul.matmul(m.sharedGate(), x, sl.sharedGate, tokens);
                for (int t = 0; t < tokens; t++) {
                    float g = (float) (1.0 / (1.0 + Math.exp(-sl.sharedGate[t])));
                    VectorMath.scale(sl.shared, t * hidden, hidden, g);
                }
            }
        }
    }

    /** Second half of {@link #forward}: waits for the slot's experts, then {@code h += mlp(x)}. */
    public void combine(int slot, float[] h) {
        Slot sl = slots[slot];
        if (!sl.moe) {
            VectorMath.add(sl.shared, 0, h, 0, sl.tokens * hidden);
            return;
        }
        ExpertExecutor.Pending p = sl.pending;
        sl.pending = null;
        p.await();
        combiner.combine(sl.routing, sl.expertOut, sl.hasShared ? sl.shared : null, h);
    }

    private Slot slot(int slot) {
        if (slot >= slots.length) {
            Slot[] grown = Arrays.copyOf(slots, slot + 1);
            for (int i = slots.length; i < grown.length; i++) {
                grown[i] = new Slot();
            }
            slots = grown;
        }
        return slots[slot];
    }

    /** One micro-batch's MoE call: its own routing, plan and outputs, grown and then reused. */
    private final class Slot {
        final RoutingDecision routing = new RoutingDecision();
        final DispatchPlan plan = new DispatchPlan();
        float[] expertOut = new float[0]; // [tokens * topK, hidden]
        float[] shared = new float[0];    // [tokens, hidden] shared-expert or dense-MLP output
        float[] sharedGate = new float[0]; // [tokens]
        int tokens;
        boolean moe;
        boolean hasShared;
        ExpertExecutor.Pending pending;

        void ensure(int tokens, int topK) {
            if (expertOut.length < tokens * topK * hidden) {
                expertOut = new float[tokens * topK * hidden];
            }
            if (shared.length < tokens * hidden) {
                shared = new float[tokens * hidden];
                sharedGate = new float[tokens];
            }
        }
    }
}
