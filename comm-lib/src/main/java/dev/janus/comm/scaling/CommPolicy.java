package dev.janus.comm.scaling;

/**
 * How attention instances reach the MoE instances in the latency model (paper §3.2; the runtime
 * choice is twophase/CommunicationCostModel's).
 */
public enum CommPolicy {
    /** One message per MoE instance with rows, straight from each sender. */
    DIRECT,
    /** Rows gathered per node first, one bulk message per (node, MoE instance). */
    TWO_PHASE,
    /** The cheaper of the two for each message direction, as the adaptive transport picks. */
    ADAPTIVE
}
