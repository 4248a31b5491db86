package dev.janus.comm.twophase;

/**
 * What one attention instance knows about its layer step when it picks a {@link CommMode}.
 *
 * @param messages        MoE instances it has rows for (direct messages it would send)
 * @param bytes           wire bytes of those rows ({@link CommStats#bytes})
 * @param nodeMembers     attention instances on its node
 * @param aggregatorHost  whether it hosts the node's aggregator (its phase 1 is free)
 */
public record StepShape(int messages, long bytes, int nodeMembers, boolean aggregatorHost) {
}
