package dev.janus.model.moe;

/**
 * The router's output for a batch at one layer: per token, top-k logical expert ids (by
 * descending weight) and the weights the combiner applies. Reused across steps (grows, never
 * shrinks) so the decode loop does not allocate.
 */
public final class RoutingDecision {

    private int tokens;
    private int topK;
    private int[] experts = new int[0];   // [tokens, topK]
    private float[] weights = new float[0]; // [tokens, topK]

    public void reset(int tokens, int topK) {
        this.tokens = tokens;
        this.topK = topK;
        int n = tokens * topK;
        if (experts.length < n) {
            experts = new int[n];
            weights = new float[n];
        }
    }

    public int tokens() {
        return tokens;
    }

    public int topK() {
        return topK;
    }

    public int expert(int token, int slot) {
        return experts[token * topK + slot];
    }

    /** The expert of row {@code token * topK + slot}: row-major passes need no (token, slot) pair. */
    public int expertOfRow(int row) {
        return experts[row];
    }

    public float weight(int token, int slot) {
        return weights[token * topK + slot];
    }

    public void set(int token, int slot, int expert, float weight) {
        experts[token * topK + slot] = expert;
        weights[token * topK + slot] = weight;
    }
}
