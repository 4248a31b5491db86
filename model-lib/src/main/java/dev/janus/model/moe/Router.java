package dev.janus.model.moe;

/**
 * Stage 1 of the MoE step: scores the experts for each token of the batch and picks top-k.
 * Runs on the attention side (the router gate is small).
 */
public interface Router {

    /**
     * @param layer  decoder layer
     * @param x      normalised hidden states {@code [tokens, hidden]}
     * @param tokens rows of x
     * @param out    receives per-token experts and weights
     */
    void route(int layer, float[] x, int tokens, RoutingDecision out);
}
