package dev.janus.model.forward;

import dev.janus.model.config.ModelConfig;

/** Residual-stream buffers of a forward step, grown to the largest step seen and then reused. */
final class StepScratch {

    private final ModelConfig cfg;
    private int capacity;
    float[] h;    // [tokens, hidden] residual stream
    float[] x;    // [tokens, hidden] normalised input of a sub-block / sub-block output

    StepScratch(ModelConfig cfg) {
        this.cfg = cfg;
        ensure(1);
    }

    void ensure(int tokens) {
        if (tokens <= capacity) {
            return;
        }
        int cap = Math.max(tokens, capacity * 2);
        h = new float[cap * cfg.hiddenSize()];
        x = new float[cap * cfg.hiddenSize()];
        capacity = cap;
    }
}
