package dev.janus.model.moe;

import dev.janus.model.kernels.VectorMath;

/**
 * Stage 4 of the MoE step and the ONLY place router weights are applied:
 * {@code h[t] += Σ_s w(t, s) · expertOut[t·k + s] (+ shared[t])}.
 */
public final class TopKCombiner {

    private final int hidden;

    public TopKCombiner(int hidden) {
        this.hidden = hidden;
    }

    /**
     * @param routing   weights per (token, slot)
     * @param expertOut unweighted expert outputs {@code [tokens * topK, hidden]}
     * @param shared    already-gated shared-expert output {@code [tokens, hidden]} or null
     * @param residual  hidden states {@code [tokens, hidden]}, updated in place
     */
    public void combine(RoutingDecision routing, float[] expertOut, float[] shared, float[] residual) {
        int k = routing.topK();
        for (int t = 0; t < routing.tokens(); t++) {
            int hb = t * hidden;
            for (int s = 0; s < k; s++) {
                float w = routing.weight(t, s);
                int ob = (t * k + s) * hidden;
                VectorMath.axpy(w, expertOut, ob, residual, hb, hidden);
            }
            if (shared != null) {
                VectorMath.add(shared, hb, residual, hb, hidden);
            }
        }
    }
}
