package dev.janus.comm.scaling;

/** Where prompts are processed, for the planner's load. */
public enum PrefillMode {
    /**
     * Prompts ride along in the decode steps of the same attention instances (chunked prefill,
     * DESIGN.md §3 step 1): each step also carries {@code P = λ_prefill · TPOT} prompt tokens
     * (Little's law on prompt tokens), at a mean context of half the prompt.
     */
    CHUNKED,
    /** Prompts are processed elsewhere (prefill/decode disaggregation): decode tokens only. */
    SEPARATE
}
