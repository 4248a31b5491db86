package dev.janus.comm.twophase;

/** How one attention instance's layer step reaches the MoE instances (paper §3.2). */
public enum CommMode {
    /** One message per MoE instance with work, straight from the attention instance. */
    DIRECT,
    /** Rows gathered at the node's aggregator, one bulk message per (node, MoE instance). */
    TWO_PHASE
}
